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

/** The finished daily bars before `date` (yyyymmdd) that TWS has now, oldest first (at most ~3 months). */
export type HistorySource = (symbol: string, date: number) => Promise<DatedBar[]>;

export function twsDailyHistory(link: TwsLink, timeoutMs = 10_000): HistorySource {
  return async (symbol, date) => {
    const q = { ref: { symbol }, barSize: '1 day', duration: '3 M', end: '', whatToShow: 'TRADES', rth: true };
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
