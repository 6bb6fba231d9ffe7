// The returns the annualised figures read (§5.1), as backtesting.py's compute_stats builds them
// (backtesting/_stats.py: `equity.resample('D').last().dropna().pct_change().dropna()`, annualised with
// the daily P): the last equity of each calendar day, then its day-to-day returns. Bars a day or more
// apart are each their own day, so these are exactly the per-bar returns r_t and daily results are
// untouched; intraday bars (median gap of §5.1 under a day) collapse to one return per trading day, so
// a 1-minute series is annualised by its days, not by 252 one-minute periods.

import { MS_PER_DAY } from '../data/iso-time.ts';
import { medianBarGapMs } from './annualization.ts';
import { simpleReturns } from './returns.ts';

/** True when the bars are intraday: the median gap of the last 100 bar times (§5.1) is under a day. */
export function isIntradaySpacing(times: ArrayLike<number>): boolean {
  return medianBarGapMs(times) < MS_PER_DAY;
}

/**
 * The equity at the last bar of each calendar day, in order. A bar's day is its local date: `time` shifted
 * by `utcOffsetMin` minutes when given (the exchange's offset per bar), else its UTC date.
 */
export function dayEndEquity(times: ArrayLike<number>, equity: ArrayLike<number>, utcOffsetMin?: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  let day = Number.NaN;
  for (let i = 0; i < times.length; i++) {
    const d = Math.floor((times[i] + (utcOffsetMin ? utcOffsetMin[i] * 60_000 : 0)) / MS_PER_DAY);
    if (d === day) out[out.length - 1] = equity[i];
    else {
      out.push(equity[i]);
      day = d;
    }
  }
  return Float64Array.from(out);
}

/** The returns annualised by P: per bar for daily (or coarser) bars, per calendar day for intraday bars. */
export function annualisedReturns(times: ArrayLike<number>, equity: ArrayLike<number>, utcOffsetMin?: ArrayLike<number>): Float64Array {
  return isIntradaySpacing(times) ? simpleReturns(dayEndEquity(times, equity, utcOffsetMin)) : simpleReturns(equity);
}
