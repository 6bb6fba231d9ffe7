// The bars a paper run will see, planned before they exist (docs/trading-model.md §9.5): one slot per
// session of the exchange calendar from `from` to `to` (the same bar times a backtest of that range
// reads), every price NaN until the replay has produced the bar and the driver writes it in. The
// engine's market data is built over these columns once, so its timeline, frames and indicator caches
// stay the same objects while the values arrive; MarketData.refresh recomputes them in place.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { MS_PER_DAY, daysFromYyyymmdd } from '../../shared/data/iso-time.ts';
import type { ExchangeCalendar, Session } from '../../shared/time/exchange-calendar.ts';

/** One symbol's planned daily bars and the session behind each slot. */
export interface PlannedSeries {
  readonly bars: BarSeries;
  readonly sessions: readonly Session[];
  /**
   * The daily bars before the run (as TWS had them at its start) followed by `bars`: the same memory
   * (`bars`' columns are views into these), so each written session appears here too. Option quotes
   * read it: a realised volatility on the run's first day needs the sessions before it.
   */
  readonly withHistory: BarSeries;
}

/** A finished daily bar of a session before the run. */
export interface DatedBar extends BarValues {
  /** yyyymmdd */
  readonly date: number;
}

/** The sessions of the range, both dates inclusive (yyyymmdd). */
export function plannedSessions(calendar: ExchangeCalendar, from: number, to: number): Session[] {
  return calendar.sessions(from, to);
}

/**
 * Daily bars of `symbol` for these sessions: times known, values NaN; `history` (ascending, all before
 * the first session; bars that are not are ignored) is kept in front of them in `withHistory`.
 */
export function plannedDailySeries(symbol: string, sessions: readonly Session[], history: readonly DatedBar[] = []): PlannedSeries {
  const first = sessions.length > 0 ? sessions[0].date : Infinity;
  const past = history.filter((b) => b.date < first);
  const h = past.length;
  const n = sessions.length;
  const time = new Float64Array(h + n);
  for (let i = 0; i < h; i++) time[i] = daysFromYyyymmdd(past[i].date) * MS_PER_DAY;
  for (let i = 0; i < n; i++) time[h + i] = daysFromYyyymmdd(sessions[i].date) * MS_PER_DAY;
  const end = time.map((t) => t + MS_PER_DAY);
  const column = (pick: (b: DatedBar) => number) => {
    const c = new Float64Array(h + n).fill(NaN);
    for (let i = 0; i < h; i++) c[i] = pick(past[i]);
    return c;
  };
  const withHistory: BarSeries = {
    symbol,
    timeframe: '1d',
    length: h + n,
    time,
    end,
    open: column((b) => b.open),
    high: column((b) => b.high),
    low: column((b) => b.low),
    close: column((b) => b.close),
    volume: column((b) => b.volume),
  };
  const w = withHistory;
  const bars: BarSeries = {
    symbol,
    timeframe: '1d',
    length: n,
    time: w.time.subarray(h),
    end: w.end.subarray(h),
    open: w.open.subarray(h),
    high: w.high.subarray(h),
    low: w.low.subarray(h),
    close: w.close.subarray(h),
    volume: w.volume.subarray(h),
  };
  return { bars, sessions, withHistory };
}

export interface BarValues {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Writes one bar into slot i (values from TWS: checked finite and ordered, else an Error naming them). */
export function writeBar(series: PlannedSeries, i: number, bar: BarValues): void {
  const { open, high, low, close, volume } = bar;
  const ok = [open, high, low, close].every((v) => Number.isFinite(v) && v > 0) && low <= Math.min(open, close) && high >= Math.max(open, close);
  if (!ok) throw new Error(`${series.bars.symbol} ${series.sessions[i].date}: TWS sent an invalid bar (open ${open}, high ${high}, low ${low}, close ${close})`);
  const b = series.bars;
  b.open[i] = open;
  b.high[i] = high;
  b.low[i] = low;
  b.close[i] = close;
  b.volume[i] = Number.isFinite(volume) && volume >= 0 ? volume : 0;
}
