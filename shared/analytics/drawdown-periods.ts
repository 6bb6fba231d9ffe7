// Drawdown periods (§5.2, backtesting.py `compute_drawdown_duration_peaks`):
//   Z = the bars with dd == 0 exactly, plus N−1; each consecutive pair (a, b) of Z with b > a + 1
//   is one period, lasting days(a, b) calendar days, with peak max(dd[a..b]).
// So a drawdown still open at the end counts (up to bar N−1), but a dip that starts only on the last
// bar (a = N−2, b = N−1) does not.

import { daysBetween, maxDaysCeil, meanDaysCeil } from './calendar-days.ts';

export interface DrawdownPeriod {
  /** Last bar at a high (dd == 0) before the drawdown. */
  readonly startBar: number;
  /** First bar back at a high, or N−1 for a drawdown still open at the end. */
  readonly endBar: number;
  /** Calendar days from startBar to endBar. */
  readonly durationDays: number;
  /** Deepest dd within [startBar, endBar], a positive fraction. */
  readonly peak: number;
}

/** The drawdown periods of a drawdown curve `dd` (from `drawdownSeries`) over bar `times`. */
export function drawdownPeriods(dd: ArrayLike<number>, times: ArrayLike<number>): DrawdownPeriod[] {
  const n = dd.length;
  const periods: DrawdownPeriod[] = [];
  let a = -1; // previous member of Z
  for (let b = 0; b < n; b++) {
    if (!(dd[b] === 0 || b === n - 1)) continue;
    if (a >= 0 && b > a + 1) {
      let peak = -Infinity;
      for (let t = a; t <= b; t++) if (dd[t] > peak) peak = dd[t];
      periods.push({ startBar: a, endBar: b, durationDays: daysBetween(times[a], times[b]), peak });
    }
    a = b;
  }
  return periods;
}

export interface DrawdownPeriodSummary {
  /** mean(peak) of the periods, a positive fraction; NaN without periods. */
  readonly avgPeak: number;
  /** ceil(max duration) in days; NaN without periods. */
  readonly maxDurationDays: number;
  /** ceil(mean duration) in days; NaN without periods. */
  readonly avgDurationDays: number;
}

/** The three §5.2 figures: average peak, and max/average duration rounded up to whole days. */
export function summarizeDrawdownPeriods(periods: readonly DrawdownPeriod[]): DrawdownPeriodSummary {
  let sumPeak = 0;
  for (const p of periods) sumPeak += p.peak;
  const durations = periods.map((p) => p.durationDays);
  return {
    avgPeak: periods.length === 0 ? Number.NaN : sumPeak / periods.length,
    maxDurationDays: maxDaysCeil(durations),
    avgDurationDays: meanDaysCeil(durations),
  };
}
