// The simulator's realised volatility: the shared rule (shared/options/volatility.ts: close-to-close
// log returns of the last 20 sessions before the day, √252, no reaching across stale data) on a
// tape's daily bars, and when fewer than 5 recent daily returns exist (e.g. the first weeks of the
// 2024 minute file, 9 years after SPY's daily file ends) the 1-minute returns of the most recent
// earlier session, if it is at most 7 days old (annualised with √(252·390), 390 minutes a regular
// session); else the default of 16 %. Cached per tape and session.
//
// The rest of the volatility model (surface, VIX, risk-free rate) is shared and re-exported here.

import { daysFromYyyymmdd } from '../../../shared/data/iso-time.ts';
import { DEFAULT_VOL, clampVol, realisedVolBefore } from '../../../shared/options/volatility.ts';
import { REGULAR_SESSION_MINUTES } from './replay-sessions.ts';
import type { SymbolTape } from './symbol-tape.ts';

export { DEFAULT_VOL, atmVol, riskFreeRate, surfaceVol, vixLevel, type VolParams } from '../../../shared/options/volatility.ts';

interface TapeVol {
  /** Day numbers of the tape's daily bars. */
  readonly days: Int32Array;
  readonly bySession: Map<number, number>;
}

const perTape = new WeakMap<SymbolTape, TapeVol>();

/** Annualised realised volatility known at the open of the tape's session `dayIndex`. */
export function realisedVol(tape: SymbolTape, dayIndex: number): number {
  let v = perTape.get(tape);
  if (!v) perTape.set(tape, (v = { days: Int32Array.from(tape.daily.date, daysFromYyyymmdd), bySession: new Map() }));
  const hit = v.bySession.get(dayIndex);
  if (hit !== undefined) return hit;
  const rv = computeRealisedVol(tape, v.days, dayIndex);
  v.bySession.set(dayIndex, rv);
  return rv;
}

function computeRealisedVol(tape: SymbolTape, days: Int32Array, dayIndex: number): number {
  if (dayIndex < 0) return DEFAULT_VOL;
  const today = days[dayIndex];
  const daily = realisedVolBefore(days, tape.daily.close, dayIndex, today);
  if (daily === daily) return daily;
  // Few daily returns: use the previous session's minute returns, if it is recent.
  if (dayIndex > 0 && today - days[dayIndex - 1] <= 7) {
    const prev = tape.day(dayIndex - 1);
    let m = 0;
    let s2 = 0;
    for (let k = 1; k < prev.length; k++) {
      const r = Math.log(prev.close[k] / prev.close[k - 1]);
      if (Number.isFinite(r)) {
        s2 += r * r;
        m++;
      }
    }
    if (m > 60) return clampVol(Math.sqrt((s2 / m) * 252 * REGULAR_SESSION_MINUTES));
  }
  return DEFAULT_VOL;
}
