// Exports only. One file per kernel family.
export { alloc, reset_heap } from './memory';
export { sma_lookback, sma_batch } from './sma';
