// Range and band kernels (highest/lowest over a window, standard-deviation bands).
export { stoch_state_size, stoch_init, stoch_run } from './stoch';
export { willr_state_size, willr_init, willr_run } from './willr';
export { bbands_state_size, bbands_init, bbands_run } from './bbands';
export { donchian_state_size, donchian_init, donchian_run } from './donchian';
export { fib_state_size, fib_init, fib_run } from './fib';
