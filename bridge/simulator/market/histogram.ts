// Histogram data (reqHistogramData): how much traded at each price over a period ending at the
// replay clock, built from the same bars reqHistoricalData returns (historical.ts), so the two agree.
// Periods: `N days|weeks|months|years` as clients send them ("3 days", "1 weeks"; singular too),
// or TWS's duration letters (`3 D`). Days count trading sessions; up to 20 sessions are read from
// 1-minute bars (with the pre-market and after-hours for a stock when useRTH = 0), longer periods
// from daily bars. Each bar's volume is spread evenly over the price buckets its low..high covers;
// buckets are a "nice" step (1, 2, 2.5 or 5 × 10^k, at least one cent) giving at most about 100
// prices. An index has no volume: its histogram counts the bars (minutes or days) at each level.

import { buildBars, durationStart, type BarRequest, type Duration } from './historical.ts';
import { baseTape, type Listing } from './listed.ts';

export interface HistogramEntry {
  readonly price: number;
  readonly size: number;
}

const UNITS: Readonly<Record<string, Duration['unit']>> = { second: 'S', s: 'S', day: 'D', d: 'D', week: 'W', w: 'W', month: 'M', m: 'M', year: 'Y', y: 'Y' };
/** Longest period read from 1-minute bars (sessions); longer ones use daily bars. */
const MINUTE_BARS_UP_TO_SESSIONS = 20;
const TARGET_BUCKETS = 100;

/** Parses a histogram period ("3 days", "1 weeks", "2 month", "1 Y"); null when it is not one. */
export function parseHistogramPeriod(text: string): Duration | null {
  const m = /^(\d{1,6})\s*([a-z]+?)s?$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1) return null;
  const unit = UNITS[m[2].toLowerCase()];
  return unit ? { n: Number(m[1]), unit } : null;
}

/** A round bucket width of about `raw`: 1, 2, 2.5 or 5 × 10^k, at least 0.01. */
export function niceStep(raw: number): number {
  if (!(raw > 0.01)) return 0.01;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= raw) return Math.round(k * p * 1e6) / 1e6;
  return 10 * p;
}

/** Short periods in minutes, long ones in days. */
function usesMinuteBars(period: Duration): boolean {
  switch (period.unit) {
    case 'S':
      return true;
    case 'D':
      return period.n <= MINUTE_BARS_UP_TO_SESSIONS;
    case 'W':
      return period.n * 5 <= MINUTE_BARS_UP_TO_SESSIONS;
    default:
      return false;
  }
}

/**
 * The histogram of `instrument` over `period` ending at `now`, ascending by price; null when the
 * period holds no data.
 */
export function histogram(instrument: Listing, period: Duration, useRTH: boolean, now: number): HistogramEntry[] | null {
  const minutes = usesMinuteBars(period);
  const extended = !useRTH && minutes && instrument.secType === 'STK';
  const req: BarRequest = { instrument, bar: minutes ? { kind: 'intraday', ms: 60_000 } : { kind: 'day', ms: 0 }, whatToShow: 'TRADES', formatDate: 2, extendedHours: extended };
  const start = durationStart(baseTape(instrument), period, now, extended);
  const built = buildBars(req, start, now, now);
  if (!built.ok) return null;
  const b = built.bars;
  let lo = Infinity;
  let hi = -Infinity;
  let volume = 0;
  for (let i = 0; i < b.length; i++) {
    if (b.low[i] < lo) lo = b.low[i];
    if (b.high[i] > hi) hi = b.high[i];
    volume += Math.max(0, b.volume[i]);
  }
  if (!(hi >= lo)) return null;
  const countBars = volume === 0; // an index: time at each level
  const step = niceStep((hi - lo) / TARGET_BUCKETS);
  const first = Math.floor(lo / step + 1e-9);
  const sizes = new Float64Array(Math.floor(hi / step + 1e-9) - first + 1);
  for (let i = 0; i < b.length; i++) {
    const a = Math.floor(b.low[i] / step + 1e-9) - first;
    const z = Math.floor(b.high[i] / step + 1e-9) - first;
    const weight = countBars ? 1 : Math.max(0, b.volume[i]);
    for (let k = a; k <= z; k++) sizes[k] += weight / (z - a + 1);
  }
  const out: HistogramEntry[] = [];
  for (let k = 0; k < sizes.length; k++) {
    const size = Math.round(sizes[k]);
    if (size > 0) out.push({ price: Math.round((first + k) * step * 1e6) / 1e6, size });
  }
  return out.length > 0 ? out : null;
}
