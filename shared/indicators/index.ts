// The one indicator API the rest of the code sees.
export { ready } from './kernels.ts';
export { sma, smaOf } from './sma.ts';
export type { SmaParams } from './sma.ts';
