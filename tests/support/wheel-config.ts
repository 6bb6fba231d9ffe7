// The wheel tables of data/examples/wheel-spy.toml, for tests that write their own [data] and
// [backtesting]: all capital on SPY (margin_usage 1), puts at 0.30 delta 30–180 days out, rolls at
// 7 DTE or 90 % of the premium.
export const WHEEL_SPY_TABLES = `[account]
margin_usage = 1.0

[symbols.SPY]
weight = 1.0

[strategies.wheel.target]
dte = 30
max_dte = 180
delta = 0.3

[strategies.wheel.roll_when]
dte = 7
pnl = 0.9
`;
