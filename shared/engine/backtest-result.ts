// A finished run as the report and the JSON need it: dated trades, backtesting.py stats,
// empyrical/quantstats metrics, the equity curve (backtest-model §4–§7).
//
// One strategy on one series (`backtestResult`, `backtestJson`): exactly the §7 object.
// Several instances (`portfolioResult`, `portfolioJson`): the top level is the portfolio — its total
// equity per timeline step, its stats and metrics (buy & hold and beta on the benchmark's closes, the
// last close carried forward; its warm-up is the earliest sleeve's), every sleeve's trades with the
// instance and symbol added, the fills, the coordinator's trace and the risk events — and
// `strategies.<id>` holds each sleeve's own §7 object on the same timeline (buy & hold on its first
// symbol).
import {
  computeMetrics,
  computeStats,
  jsonValue,
  toJsonResult,
  TRADE_JSON_KEYS,
  type BacktestJsonResult,
  type BacktestMetrics,
  type BacktestStats,
  type JsonTrade,
  type Trade,
} from '../analytics/index.ts';
import { isIntraday, type BarSeries } from '../data/bar-series.ts';
import { formatIsoDate, formatIsoDateTime } from '../data/iso-time.ts';
import type { ClosedTrade } from '../portfolio/round-trips.ts';
import type { BacktestRun, PortfolioRun } from './backtest.ts';
import type { TraceEntry } from './coordinator.ts';
import type { OrderRecord, RiskEvent } from './engine.ts';
import type { MarketData } from './market-data.ts';

export interface BacktestResult {
  readonly trades: readonly Trade[];
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
  readonly equity: Float64Array;
  readonly warmup: number;
  readonly run: BacktestRun;
}

/** The time label of bar `i`: YYYY-MM-DD for daily bars, an ISO datetime with offset for intraday bars. */
export function barLabel(bars: BarSeries, i: number): string {
  return bars.utcOffsetMin ? formatIsoDateTime(bars.time[i], bars.utcOffsetMin[i]) : formatIsoDate(bars.time[i]);
}

/** A closed trade with its bar times (labels from `label`). */
function datedTrade(t: ClosedTrade, label: (i: number) => string): Trade {
  return {
    entryBar: t.entryBar,
    exitBar: t.exitBar,
    entryTime: label(t.entryBar),
    exitTime: label(t.exitBar),
    size: t.size,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice,
    pnl: t.pnl,
    commission: t.commission,
    returnPct: t.returnPct,
  };
}

/**
 * One run over one series. `close` (default: the series' own closes) is what buy & hold and beta are
 * measured on — a benchmark's closes aligned to the bars.
 */
export function backtestResult(bars: BarSeries, run: BacktestRun, close: Float64Array = bars.close): BacktestResult {
  const trades: Trade[] = run.trades.map((t) => datedTrade(t, (i) => barLabel(bars, i)));
  const input = { times: bars.time, equity: run.equity, close, warmup: run.warmup, trades, ...(bars.utcOffsetMin && { utcOffsetMin: bars.utcOffsetMin }) };
  return { trades, stats: computeStats(input), metrics: computeMetrics(input), equity: run.equity, warmup: run.warmup, run };
}

/** The §7 JSON object of one run. */
export function backtestJson(r: BacktestResult): BacktestJsonResult {
  return toJsonResult({ trades: r.trades, stats: r.stats, metrics: r.metrics, equity: r.equity });
}

// ---- Several instances: the portfolio ------------------------------------------------------------

/** A sleeve's closed trade: the §4 fields, the instance and the symbol (and the instrument when it is not the symbol). */
export interface PortfolioTrade extends Trade {
  readonly strategy: string;
  readonly symbol: string;
  /** The instrument's key, when it is not the symbol itself (an option). */
  readonly instrument?: string;
}

/** One sleeve's results on the run's timeline. */
export interface SleeveResult {
  readonly id: string;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly allocation: number;
  readonly trades: readonly PortfolioTrade[];
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
  readonly equity: Float64Array;
  readonly warmup: number;
  /** Its first symbol's closes on the timeline (its buy & hold). */
  readonly close: Float64Array;
}

export interface PortfolioResult {
  /** Bar start of each timeline step (epoch ms). */
  readonly times: Float64Array;
  /** The label of a timeline step (YYYY-MM-DD, or an ISO datetime for intraday bars). */
  readonly label: (step: number) => string;
  readonly benchmark: string;
  /** The benchmark's closes on the timeline. */
  readonly close: Float64Array;
  readonly trades: readonly PortfolioTrade[];
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
  /** Total equity per step: every sleeve plus unallocated cash. */
  readonly equity: Float64Array;
  readonly warmup: number;
  readonly unallocated: number;
  readonly sleeves: readonly SleeveResult[];
  readonly orders: readonly OrderRecord[];
  readonly trace: readonly TraceEntry[];
  readonly riskEvents: readonly RiskEvent[];
  readonly run: PortfolioRun;
}

/** The exchange's UTC offset (minutes) at timeline step `k`: that of the first symbol with a bar there, else 0. */
function stepOffset(market: MarketData, k: number): number {
  for (const d of market.symbols) {
    const i = d.barAt[k];
    if (i >= 0 && d.bars.utcOffsetMin) return d.bars.utcOffsetMin[i];
  }
  return 0;
}

/** Intraday timelines: each step's UTC offset, so the analytics' calendar days are local ones (backtest-model §5.3). */
function stepOffsets(market: MarketData): { utcOffsetMin?: Float64Array } {
  if (!isIntraday(market.timeframe)) return {};
  return { utcOffsetMin: Float64Array.from(market.timeline, (_t, k) => stepOffset(market, k)) };
}

/** Labels of the timeline's steps: a date, or for intraday bars the datetime in the exchange's offset. */
export function stepLabeler(market: MarketData): (step: number) => string {
  const times = market.timeline;
  if (!isIntraday(market.timeframe)) return (k) => formatIsoDate(times[k]);
  return (k) => formatIsoDateTime(times[k], stepOffset(market, k));
}

/**
 * A series' closes at each timeline step: the close of its latest bar starting at or before the
 * step (the last close carried forward); steps before its first bar take its first close.
 */
export function alignCloses(timeline: Float64Array, bars: BarSeries): Float64Array {
  const out = new Float64Array(timeline.length);
  let i = -1;
  for (let k = 0; k < timeline.length; k++) {
    while (i + 1 < bars.length && bars.time[i + 1] <= timeline[k]) i++;
    out[k] = bars.close[Math.max(i, 0)];
  }
  return out;
}

function portfolioTrade(t: ClosedTrade, strategy: string, label: (i: number) => string): PortfolioTrade {
  return { ...datedTrade(t, label), strategy, symbol: t.symbol, ...(t.instrument !== t.symbol && { instrument: t.instrument }) };
}

/** Results of a portfolio run; `benchmark` is the series whose closes the total's buy & hold and beta use. */
export function portfolioResult(run: PortfolioRun, market: MarketData, benchmark: BarSeries): PortfolioResult {
  const times = run.timeline;
  const label = stepLabeler(market);
  const offsets = stepOffsets(market);
  const sleeves: SleeveResult[] = run.sleeves.map((s) => {
    const trades = s.trades.map((t) => portfolioTrade(t, s.id, label));
    const close = alignCloses(times, market.symbol(s.symbols[0]).bars);
    const input = { times, equity: s.equity, close, warmup: s.warmup, trades, ...offsets };
    return { id: s.id, strategy: s.strategy, symbols: s.symbols, allocation: s.allocation, trades, stats: computeStats(input), metrics: computeMetrics(input), equity: s.equity, warmup: s.warmup, close };
  });
  // Every sleeve's trades in exit order (ties: sleeve order, then each sleeve's own order).
  const trades = sleeves
    .flatMap((s, si) => s.trades.map((t, ti) => ({ t, si, ti })))
    .sort((a, b) => a.t.exitBar - b.t.exitBar || a.si - b.si || a.ti - b.ti)
    .map((x) => x.t);
  const close = alignCloses(times, benchmark);
  const warmup = sleeves.length > 0 ? Math.min(...sleeves.map((s) => s.warmup)) : 0;
  const input = { times, equity: run.equity, close, warmup, trades, ...offsets };
  return {
    times,
    label,
    benchmark: benchmark.symbol,
    close,
    trades,
    stats: computeStats(input),
    metrics: computeMetrics(input),
    equity: run.equity,
    warmup,
    unallocated: run.engine.unallocated,
    sleeves,
    orders: run.orders,
    trace: run.trace,
    riskEvents: run.riskEvents,
    run,
  };
}

/** A portfolio trade in the JSON: the instance, the symbol (the instrument when it differs), then the §7 fields. */
export type PortfolioJsonTrade = { strategy: string; symbol: string; instrument?: string } & JsonTrade;

export interface PortfolioJsonOrder {
  bar: number;
  time: string;
  strategy: string;
  instrument: string;
  qty: number;
  price: number | null;
  commission: number | null;
  /** The intent's tag: the strategy's reason for the order (the wheel: `<stage> <SYM>`). */
  tag?: string;
  reason?: string;
}

export type PortfolioJsonTrace = Omit<TraceEntry, 'time'> & { time: string };
export type PortfolioJsonRiskEvent = Omit<RiskEvent, 'time'> & { time: string };

/** A sleeve in the JSON: the §7 object on the run's timeline. */
export type SleeveJson = Omit<BacktestJsonResult, 'trades'> & { trades: PortfolioJsonTrade[] };

export interface PortfolioJson {
  trades: PortfolioJsonTrade[];
  stats: BacktestJsonResult['stats'];
  metrics: BacktestJsonResult['metrics'];
  equity: (number | null)[];
  orders: PortfolioJsonOrder[];
  trace: PortfolioJsonTrace[];
  riskEvents: PortfolioJsonRiskEvent[];
  strategies: Record<string, SleeveJson>;
}

function jsonTrade(t: PortfolioTrade): PortfolioJsonTrade {
  const out: Record<string, unknown> = { strategy: t.strategy, symbol: t.symbol };
  if (t.instrument !== undefined) out.instrument = t.instrument;
  for (const k of TRADE_JSON_KEYS) out[k] = jsonValue(t[k]);
  return out as PortfolioJsonTrade;
}

function sleeveJson(trades: readonly PortfolioTrade[], stats: BacktestStats, metrics: BacktestMetrics, equity: Float64Array): SleeveJson {
  const base = toJsonResult({ trades: [], stats, metrics, equity });
  return { trades: trades.map(jsonTrade), stats: base.stats, metrics: base.metrics, equity: base.equity };
}

/** The JSON of a portfolio run (several instances); see the header. */
export function portfolioJson(r: PortfolioResult): PortfolioJson {
  const total = sleeveJson(r.trades, r.stats, r.metrics, r.equity);
  return {
    trades: total.trades,
    stats: total.stats,
    metrics: total.metrics,
    equity: total.equity,
    orders: r.orders.map((o) => ({
      bar: o.bar,
      time: r.label(o.bar),
      strategy: o.strategy,
      instrument: o.instrument,
      qty: o.qty,
      price: jsonValue(o.price),
      commission: jsonValue(o.commission),
      ...(o.tag !== undefined && { tag: o.tag }),
      ...(o.reason !== undefined && { reason: o.reason }),
    })),
    trace: r.trace.map((t) => ({ ...t, time: r.label(t.step) })),
    riskEvents: r.riskEvents.map((e) => ({ ...e, time: r.label(e.bar) })),
    strategies: Object.fromEntries(r.sleeves.map((s) => [s.id, sleeveJson(s.trades, s.stats, s.metrics, s.equity)])),
  };
}
