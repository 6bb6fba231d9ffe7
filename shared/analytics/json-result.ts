// The §7 JSON result object: { trades, stats, metrics, equity }, keys in the spec's order,
// every non-finite number (NaN: an undefined ratio) written as null.

import { METRICS_KEYS, STATS_KEYS, TRADE_JSON_KEYS, type BacktestMetrics, type BacktestStats, type Trade } from './types.ts';

/** T with every number field widened to `number | null`. */
export type Jsonified<T> = { -readonly [K in keyof T]: T[K] extends number ? number | null : T[K] };

export type JsonTrade = Jsonified<Trade>;
export type JsonStats = Jsonified<BacktestStats>;
export type JsonMetrics = Jsonified<BacktestMetrics>;

export interface BacktestJsonResult {
  trades: JsonTrade[];
  stats: JsonStats;
  metrics: JsonMetrics;
  equity: (number | null)[];
}

export interface JsonResultParts {
  readonly trades: readonly Trade[];
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
  readonly equity: ArrayLike<number>;
}

/** A finite number as is, anything else numeric (NaN, ±Infinity) as null; strings unchanged. */
export function jsonValue<V>(v: V): V extends number ? number | null : V {
  return (typeof v === 'number' && !Number.isFinite(v) ? null : v) as V extends number ? number | null : V;
}

/** Copies `keys` of `source` in that order, numbers through `jsonValue`. */
function ordered<T extends object>(source: T, keys: readonly (keyof T)[]): Jsonified<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k as string] = jsonValue(source[k]);
  return out as Jsonified<T>;
}

export function toJsonResult(parts: JsonResultParts): BacktestJsonResult {
  const equity: (number | null)[] = new Array<number | null>(parts.equity.length);
  for (let i = 0; i < parts.equity.length; i++) equity[i] = jsonValue(parts.equity[i]);
  return {
    trades: parts.trades.map((t) => ordered(t, TRADE_JSON_KEYS)),
    stats: ordered(parts.stats, STATS_KEYS),
    metrics: ordered(parts.metrics, METRICS_KEYS),
    equity,
  };
}
