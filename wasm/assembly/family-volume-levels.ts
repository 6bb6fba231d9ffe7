// Volume kernels and price levels (pivots).
export { obv_state_size, obv_init, obv_run } from './obv';
export { ad_state_size, ad_init, ad_run } from './ad';
export { pvt_state_size, pvt_init, pvt_run } from './pvt';
export { vwap_state_size, vwap_init, vwap_run } from './vwap';
export { vwap_session_state_size, vwap_session_init, vwap_session_run } from './vwap';
export { pivots_state_size, pivots_init, pivots_run } from './pivots';
export { pivots_session_state_size, pivots_session_init, pivots_session_run } from './pivots_session';
