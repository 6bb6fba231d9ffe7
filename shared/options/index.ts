// Option math shared by the TWS simulator, strategies and the app: pure functions only.
export { normPdf, normCdf, normInv, erfc } from './normal.ts';
export { bsPrice, bsGreeks, newGreeks, type Greeks, type OptionRight } from './black-scholes.ts';
export { impliedVol, type ImpliedVolOptions } from './implied-vol.ts';
