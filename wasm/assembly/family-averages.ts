// Moving averages and Wilder-smoothed kernels.
export { sma_state_size, sma_init, sma_run } from './sma';
export { ema_state_size, ema_init, ema_run } from './ema';
export { wma_state_size, wma_init, wma_run } from './wma';
export { dema_state_size, dema_init, dema_run } from './dema';
export { tema_state_size, tema_init, tema_run } from './tema';
export { macd_state_size, macd_init, macd_run } from './macd';
export { rsi_state_size, rsi_init, rsi_run } from './rsi';
export { atr_state_size, atr_init, atr_run } from './atr';
export { keltner_state_size, keltner_init, keltner_run } from './keltner';
export { roc_state_size, roc_init, roc_run } from './roc';
