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
}

/** The sessions of the range, both dates inclusive (yyyymmdd). */
export function plannedSessions(calendar: ExchangeCalendar, from: number, to: number): Session[] {
  return calendar.sessions(from, to);
}

/** Daily bars of `symbol` for these sessions: times known, values NaN. */
export function plannedDailySeries(symbol: string, sessions: readonly Session[]): PlannedSeries {
  const n = sessions.length;
  const time = new Float64Array(n);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = daysFromYyyymmdd(sessions[i].date) * MS_PER_DAY;
    end[i] = time[i] + MS_PER_DAY;
  }
  const nan = () => new Float64Array(n).fill(NaN);
  const bars: BarSeries = { symbol, timeframe: '1d', length: n, time, end, open: nan(), high: nan(), low: nan(), close: nan(), volume: nan() };
  return { bars, sessions };
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
