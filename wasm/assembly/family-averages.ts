// Moving averages and Wilder-smoothed kernels.
export { sma_state_size, sma_init, sma_run } from './sma';
export { ema_state_size, ema_init, ema_run } from './ema';
