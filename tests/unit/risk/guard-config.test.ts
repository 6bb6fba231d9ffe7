// The [guard] table (docs/trading-model.md §11.5): parsed with defaults, bad values refused with
// file:line and the key path, read by the bridge (and left alone by a backtest), and turned into the
// guard's limits.
import { describe, expect, it } from 'vitest';
import { backtestKeyProblem, bridgeKeyProblem, guardConfig, parseConfig, parseConfigDocument, readerOf } from '../../../shared/config/index.ts';
import { describeGuard, guardSettings } from '../../../bridge/guard/guard-config.ts';
import { expectRejected, FILE, toml } from '../config/helpers.ts';

describe('[guard]', () => {
  it('absent: the defaults (60 orders/min, 100 open orders, 100 % of net liquidation per position, 5 s intents)', () => {
    const config = parseConfig('', FILE);
    expect(config.guard).toBeUndefined();
    expect(guardConfig(config)).toEqual({ max_position_share: 1, max_open_orders: 100, max_orders_per_minute: 60, intent_max_age_seconds: 5 });
    expect(guardSettings(config)).toEqual({
      limits: { maxPositionShare: 1, maxOpenOrders: 100, maxOrdersPerMinute: 60, maxOrderValue: undefined, dailyLossLimit: undefined, allowedSymbols: undefined, allowedOrderTypes: undefined },
      intentMaxAgeMs: 5000,
    });
    expect(guardSettings(undefined).intentMaxAgeMs).toBe(5000);
  });

  it('every key parsed and mapped to the limits', () => {
    const text = toml(
      '[guard]',
      'max_order_value = 25000',
      'max_position_share = 0.2',
      'daily_loss_limit = 1500',
      'max_open_orders = 10',
      'max_orders_per_minute = 12',
      'allowed_symbols = ["SPY", "QQQ"]',
      'allowed_order_types = ["LMT", "STP LMT"]',
      'intent_max_age_seconds = 2.5',
    );
    const s = guardSettings(parseConfig(text, FILE));
    expect(s).toEqual({
      limits: { maxOrderValue: 25000, maxPositionShare: 0.2, dailyLossLimit: 1500, maxOpenOrders: 10, maxOrdersPerMinute: 12, allowedSymbols: ['SPY', 'QQQ'], allowedOrderTypes: ['LMT', 'STP LMT'] },
      intentMaxAgeMs: 2500,
    });
    expect(describeGuard(s)).toBe('max order value 25000, max 20 % of net liquidation per position, daily loss limit 1500, 10 open orders, 12 orders/min, symbols SPY, QQQ, order types LMT, STP LMT, intents at most 2.5 s old');
  });

  it('bad values are refused with the line and the key path', () => {
    expectRejected(toml('[guard]', 'max_order_value = 0'), 2, 'guard.max_order_value', 'must be');
    expectRejected(toml('[guard]', 'max_open_orders = 2.5'), 2, 'guard.max_open_orders', 'must be');
    expectRejected(toml('[guard]', 'daily_loss_limit = -100'), 2, 'guard.daily_loss_limit', 'must be');
    expectRejected(toml('[guard]', '', 'allowed_symbols = ["SPY", "spy!"]'), 3, 'guard.allowed_symbols[1]', 'ticker');
    expectRejected(toml('[guard]', 'allowed_order_types = ["LIMIT"]'), 2, 'guard.allowed_order_types[0]', 'MKT');
    expectRejected(toml('[guard]', 'max_order_valu = 5'), 2, 'guard.max_order_valu', "unknown key 'max_order_valu' (did you mean 'max_order_value'?");
  });

  it('the bridge reads every [guard] key; a backtest leaves them to it', () => {
    expect(readerOf(['guard', 'max_order_value'])?.consumer).toBe('bridge');
    expect(readerOf(['guard', 'allowed_symbols'])?.consumer).toBe('bridge');
    const { raw } = parseConfigDocument(toml('[guard]', 'max_order_value = 1000', 'allowed_symbols = ["SPY"]'), FILE);
    expect(bridgeKeyProblem(raw)).toBeUndefined();
    expect(backtestKeyProblem(raw, { running: new Map(), runnable: [], disabled: new Set(), commissionPreset: 'none' })).toBeUndefined();
  });
});
