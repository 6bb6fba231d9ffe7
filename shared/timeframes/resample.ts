// Resampling OHLCV bars to a coarser timeframe, in two passes over typed arrays (bucket keys and
// count, then fill). Intraday buckets never span sessions and are anchored at each session's first bar.

import { TIMEFRAME_MS, isIntraday, type BarSeries, type IntradayTimeframe, type Timeframe } from '../data/bar-series.ts';
import { ParameterError } from '../errors.ts';
import { MS_PER_DAY, daysFromYyyymmdd, isoWeekKey, yyyymmddFromDays } from '../data/iso-time.ts';

/**
 * Resamples `series` to the coarser timeframe `to` (open first, high max, low min, close last,
 * volume sum). Intraday -> 5m/15m/1h/1d, daily -> 1w (ISO week) / 1mo (calendar month); intraday ->
 * 1w/1mo goes through 1d. Same timeframe returns a copy. Throws a ParameterError naming both
 * timeframes for a finer or meaningless target.
 */
export function resample(series: BarSeries, to: Timeframe): BarSeries {
  const from = series.timeframe;
  if (from === to) return copySeries(series);
  if (isIntraday(from)) {
    if (isIntraday(to)) {
      const fromMs = TIMEFRAME_MS[from as IntradayTimeframe];
      const toMs = TIMEFRAME_MS[to as IntradayTimeframe];
      if (toMs < fromMs) throw refuse(from, to, 'is finer than');
      return resampleIntraday(series, to as IntradayTimeframe);
    }
    const daily = resampleToDaily(series);
    return to === '1d' ? daily : resample(daily, to);
  }
  if (from === '1d' && (to === '1w' || to === '1mo')) return resampleCalendar(series, to);
  if (isIntraday(to) || to === '1d' || (from === '1mo' && to === '1w')) throw refuse(from, to, 'is finer than');
  throw refuse(from, to, 'cannot be built from'); // 1w -> 1mo: weeks straddle month ends
}

function refuse(from: Timeframe, to: Timeframe, relation: string): ParameterError {
  return new ParameterError(
    'resample',
    'to',
    `'${to}' ${relation} the series' ${from} bars (expected a coarser timeframe: intraday -> 5m/15m/30m/1h/4h/1d/1w/1mo, 1d -> 1w/1mo)`,
  );
}

/** Intraday -> coarser intraday: bucket k of a session starts at the session's first bar + k·length. */
function resampleIntraday(series: BarSeries, to: IntradayTimeframe): BarSeries {
  const session = requireSession(series, to);
  const n = series.length;
  const len = TIMEFRAME_MS[to];
  const time = series.time;
  const key = new Float64Array(n); // the bucket's nominal start
  let anchor = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || session[i] !== session[i - 1]) anchor = time[i];
    key[i] = anchor + Math.floor((time[i] - anchor) / len) * len;
  }
  return aggregate(series, key, to, 'key', true);
}

/** Intraday -> daily: one bar per session, time = UTC midnight of the session date. */
function resampleToDaily(series: BarSeries): BarSeries {
  const session = requireSession(series, '1d');
  const n = series.length;
  const key = new Float64Array(n);
  let last = -1;
  let lastKey = 0;
  for (let i = 0; i < n; i++) {
    if (session[i] !== last) {
      last = session[i];
      lastKey = daysFromYyyymmdd(last) * MS_PER_DAY;
    }
    key[i] = lastKey;
  }
  return aggregate(series, key, '1d', 'key', false);
}

/** Daily -> ISO week (keyed isoYear*100+week) or calendar month (keyed yyyymm). */
function resampleCalendar(series: BarSeries, to: '1w' | '1mo'): BarSeries {
  const n = series.length;
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const days = Math.floor(series.time[i] / MS_PER_DAY);
    key[i] = to === '1w' ? isoWeekKey(days) : Math.floor(yyyymmddFromDays(days) / 100);
  }
  return aggregate(series, key, to, 'first', false);
}

function requireSession(series: BarSeries, to: Timeframe): Int32Array {
  if (!series.session) {
    throw new ParameterError('resample', 'series', `${series.timeframe} bars have no session column (needed to resample to ${to})`);
  }
  return series.session;
}

/**
 * Aggregates runs of equal `key` into bars. Output time = the key (`timeFrom` 'key') or the run's
 * first bar time ('first'); end = the run's last bar end — the moment every constituent is final, so
 * an aligned value can never be seen before its data exist (even for bars off the nominal grid).
 */
function aggregate(
  src: BarSeries,
  key: Float64Array,
  to: Timeframe,
  timeFrom: 'key' | 'first',
  keepSession: boolean,
): BarSeries {
  const n = src.length;
  let count = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (key[i] !== key[i - 1]) count++;

  const time = new Float64Array(count);
  const end = new Float64Array(count);
  const open = new Float64Array(count);
  const high = new Float64Array(count);
  const low = new Float64Array(count);
  const close = new Float64Array(count);
  const volume = new Float64Array(count);
  const session = keepSession && src.session ? new Int32Array(count) : undefined;
  const offset = keepSession && src.utcOffsetMin ? new Int16Array(count) : undefined;

  let b = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || key[i] !== key[i - 1]) {
      b++;
      time[b] = timeFrom === 'key' ? key[i] : src.time[i];
      open[b] = src.open[i];
      high[b] = src.high[i];
      low[b] = src.low[i];
      volume[b] = 0;
      if (session) session[b] = src.session![i];
      if (offset) offset[b] = src.utcOffsetMin![i];
    } else {
      if (src.high[i] > high[b]) high[b] = src.high[i];
      if (src.low[i] < low[b]) low[b] = src.low[i];
    }
    close[b] = src.close[i];
    volume[b] += src.volume[i];
    end[b] = src.end[i];
  }
  const out: BarSeries = { symbol: src.symbol, timeframe: to, length: count, time, end, open, high, low, close, volume };
  return session || offset ? { ...out, ...(session && { session }), ...(offset && { utcOffsetMin: offset }) } : out;
}

/** A deep copy (fresh typed arrays) of a series. */
function copySeries(s: BarSeries): BarSeries {
  const out: BarSeries = {
    symbol: s.symbol,
    timeframe: s.timeframe,
    length: s.length,
    time: s.time.slice(),
    end: s.end.slice(),
    open: s.open.slice(),
    high: s.high.slice(),
    low: s.low.slice(),
    close: s.close.slice(),
    volume: s.volume.slice(),
  };
  if (!s.session && !s.utcOffsetMin) return out;
  return {
    ...out,
    ...(s.session && { session: s.session.slice() }),
    ...(s.utcOffsetMin && { utcOffsetMin: s.utcOffsetMin.slice() }),
  };
}
