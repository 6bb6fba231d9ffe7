import { describe, expect, it } from 'vitest';
import { METRICS_KEYS, STATS_KEYS, TRADE_JSON_KEYS, computeMetrics, computeStats, toJsonResult, type Trade } from '../../../shared/analytics/index.ts';
import { utc } from '../../support/goog-canonical.ts';

const times = Float64Array.from(['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'].map(utc));
const equity = Float64Array.from([100, 100, 95, 103]);
const close = Float64Array.from([10, 10, 9.5, 10.3]);
// fields deliberately in §4 table order, not the JSON order
const trades: Trade[] = [{ entryBar: 1, exitBar: 3, entryTime: '2024-01-05', exitTime: '2024-01-09', size: 10, entryPrice: 10, exitPrice: 10.3, pnl: 3, commission: 0, returnPct: 0.03 }];
const input = { times, equity, close, warmup: 0, trades };

describe('toJsonResult (§7)', () => {
  const stats = computeStats(input);
  const metrics = computeMetrics(input);
  const json = toJsonResult({ trades, stats, metrics, equity });

  it('has trades, stats, metrics, equity with the keys in the spec order', () => {
    expect(Object.keys(json)).toEqual(['trades', 'stats', 'metrics', 'equity']);
    expect(Object.keys(json.trades[0])).toEqual([...TRADE_JSON_KEYS]);
    expect(TRADE_JSON_KEYS).toEqual(['entryTime', 'exitTime', 'size', 'entryPrice', 'exitPrice', 'pnl', 'entryBar', 'exitBar', 'commission', 'returnPct']);
    expect(Object.keys(json.stats)).toEqual([...STATS_KEYS]);
    expect(Object.keys(json.metrics)).toEqual([...METRICS_KEYS]);
    expect(STATS_KEYS).toHaveLength(32);
    expect(METRICS_KEYS).toHaveLength(24);
  });

  it('writes NaN as null and keeps numbers and dates as they are', () => {
    // one winning trade: no loss → profit factor, Kelly, SQN undefined
    expect(stats.profitFactor).toBeNaN();
    expect(json.stats.profitFactor).toBeNull();
    expect(json.stats.kellyCriterion).toBeNull();
    expect(json.stats.sqn).toBeNull();
    expect(json.metrics.avgLoss).toBeNull();
    expect(json.stats.start).toBe('2024-01-04');
    expect(json.stats.numTrades).toBe(1);
    expect(json.equity).toEqual([100, 100, 95, 103]);
    expect(Array.isArray(json.equity)).toBe(true);
    expect(JSON.stringify(json)).not.toMatch(/NaN|Infinity/);
  });

  it('nulls a non-finite equity value too', () => {
    const j = toJsonResult({ trades: [], stats, metrics, equity: [1, Number.NaN, Number.POSITIVE_INFINITY] });
    expect(j.equity).toEqual([1, null, null]);
  });
});
