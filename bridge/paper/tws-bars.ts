// Where a paper run's bars come from: TWS's historical bars (reqHistoricalData, daily, regular trading
// hours, TRADES) asked for once each bar has ended on the replay clock — "the last two sessions up to
// now" — and the bar of the wanted session picked out. TWS never answers past its clock (the
// simulator cuts a bar containing "now" at now), so the engine cannot see a bar before it exists.
// One request per symbol and step: daily runs make a few hundred, far inside IBKR's pacing (P7).
import { requestBars } from '../app-protocol/historical-bars.ts';
import type { TwsLink } from '../app-protocol/tws-link.ts';
import type { BarValues, DatedBar } from './planned-bars.ts';

/** The session's daily bar as TWS has it now (partial while the session runs), or undefined. */
export type BarSource = (symbol: string, date: number) => Promise<BarValues | undefined>;

export function twsDailyBars(link: TwsLink, timeoutMs = 10_000): BarSource {
  return async (symbol, date) => {
    const q = { ref: { symbol }, barSize: '1 day', duration: '2 D', end: '', whatToShow: 'TRADES', rth: true };
    const bars = await requestBars(link, q, timeoutMs).result;
    const want = String(date);
    return bars.find((b) => b.time.trim() === want);
  };
}

/** The finished daily bars before `date` (yyyymmdd) that TWS has now, oldest first (over the source's duration). */
export type HistorySource = (symbol: string, date: number) => Promise<DatedBar[]>;

/** Sessions asked for beyond a warm-up: bars read directly, a holiday-heavy stretch, a session TWS lacks. */
export const HISTORY_MARGIN_SESSIONS = 10;

/**
 * The TWS duration that covers `sessions` daily bars plus the margin, in calendar days (1.46 a session:
 * weekends and holidays, ~252 sessions a year; a week more — enough whether TWS counts D in days or
 * in sessions), never less than 3 months (option quotes' volatility reads that much); beyond 365 days
 * in whole years (TWS wants Y there).
 */
export function historyDuration(sessions: number): string {
  const want = Math.max(0, Math.ceil(sessions)) + HISTORY_MARGIN_SESSIONS;
  const days = Math.ceil(want * 1.46) + 7;
  if (days <= 92) return '3 M';
  if (days <= 365) return `${days} D`;
  return `${Math.ceil(days / 365)} Y`;
}

/** The daily bars before a date over `duration` (default 3 months; historyDuration sizes a warm-up). */
export function twsDailyHistory(link: TwsLink, timeoutMs = 10_000, duration = '3 M'): HistorySource {
  return async (symbol, date) => {
    const q = { ref: { symbol }, barSize: '1 day', duration, end: '', whatToShow: 'TRADES', rth: true };
    const bars = await requestBars(link, q, timeoutMs).result;
    const out: DatedBar[] = [];
    for (const b of bars) {
      const d = Number(b.time.trim());
      if (!(Number.isInteger(d) && d < date)) continue;
      const bar = { date: d, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
      if ([bar.open, bar.high, bar.low, bar.close].every((v) => Number.isFinite(v) && v > 0)) out.push(bar);
    }
    return out.sort((a, b) => a.date - b.date);
  };
}
