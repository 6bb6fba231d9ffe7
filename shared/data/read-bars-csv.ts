// Strict OHLCV CSV reader: `date,open,high,low,close,volume` -> columnar BarSeries.
// A hand-written scanner: native indexOf finds line and comma boundaries, dates and numbers are read
// from char codes in place; no per-row regex, Date, substring or object. Any bad row throws a
// DataError naming file:line: column — nothing partial is ever returned.

import { DataError } from '../errors.ts';
import { TIMEFRAME_MS, type BarSeries, type Timeframe } from './bar-series.ts';
import { parseDecimal } from './decimal.ts';
import { MS_PER_DAY, newIsoTimeScan, scanIsoTime } from './iso-time.ts';

export interface ReadBarsCsvOptions {
  /** Stored as the series' symbol; default ''. */
  symbol?: string;
}

/** The required columns, in canonical order; the header may list them in any order, any case. */
export const BAR_CSV_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;

const HEADER_HINT = 'date,open,high,low,close,volume';
const INTRADAY_TIMEFRAMES = ['1m', '5m', '15m', '1h'] as const;

/**
 * Reads an OHLCV CSV (header `date,open,high,low,close,volume`, columns in any order, extra columns
 * ignored, BOM/CRLF/trailing blank lines allowed). Daily files hold ISO dates, intraday files ISO
 * datetimes of the bar start with a UTC offset. Throws a DataError (file, 1-based line, column,
 * what was expected) on the first bad value.
 */
export function readBarsCsv(text: string, file: string, options: ReadBarsCsvOptions = {}): BarSeries {
  const n = text.length;
  const bodyStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let headerEnd = text.indexOf('\n', bodyStart);
  if (headerEnd < 0) headerEnd = n;

  const columnOf = readHeader(text, bodyStart, headerEnd, file);
  const columnCount = columnOf.count;
  const [cDate, cOpen, cHigh, cLow, cClose, cVolume] = columnOf.index;

  // Capacity: one row per remaining line (exact for a file ending in a single newline).
  let capacity = 0;
  for (let p = headerEnd + 1; p < n; capacity++) {
    const nl = text.indexOf('\n', p);
    p = nl < 0 ? n : nl + 1;
  }
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  const session = new Int32Array(capacity);
  const utcOffsetMin = new Int16Array(capacity);

  const fieldStart = new Int32Array(columnCount);
  const fieldEnd = new Int32Array(columnCount);
  const scan = newIsoTimeScan();
  let intraday = false;
  let rows = 0;
  let line = 1;
  let firstBlankLine = 0;
  let prevDateStart = 0;
  let prevDateEnd = 0;

  for (let pos = headerEnd + 1; pos < n; ) {
    line++;
    let i = text.indexOf('\n', pos); // native search: much faster than a charCodeAt loop
    if (i < 0) i = n;
    let lastEnd = i > pos && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
    if (isBlank(text, pos, lastEnd)) {
      if (firstBlankLine === 0) firstBlankLine = line;
      pos = i + 1;
      continue;
    }
    // Split the line at commas, remembering the first `columnCount` field ranges.
    let k = 0;
    let s = pos;
    for (let c = text.indexOf(',', s); c >= 0 && c < i; c = text.indexOf(',', s)) {
      if (k < columnCount) {
        fieldStart[k] = s;
        fieldEnd[k] = c;
      }
      k++;
      s = c + 1;
    }
    if (lastEnd < s) lastEnd = s;
    if (k < columnCount) {
      fieldStart[k] = s;
      fieldEnd[k] = lastEnd;
    }
    k++;
    pos = i + 1;

    if (firstBlankLine !== 0) {
      throw new DataError(file, firstBlankLine, 'row', 'blank line before more rows (expected a data row; blank lines are allowed only at the end)');
    }
    if (k !== columnCount) {
      const missing = k < columnCount ? columnOf.names[k] : 'row';
      throw new DataError(file, line, missing, `row has ${k} fields (expected ${columnCount}, one per header column)`);
    }

    // date
    const ds = fieldStart[cDate];
    const de = fieldEnd[cDate];
    const bad = scanIsoTime(text, ds, de, scan);
    if (bad !== null) throw new DataError(file, line, 'date', `invalid date '${text.slice(ds, de)}': ${bad}`);
    if (rows === 0) intraday = scan.hasTime;
    else if (scan.hasTime !== intraday) {
      throw new DataError(
        file,
        line,
        'date',
        `'${text.slice(ds, de)}' is ${scan.hasTime ? 'a datetime' : 'a date without time'} but earlier rows are ${intraday ? 'datetimes' : 'dates'} (expected one file to be all daily or all intraday)`,
      );
    }
    const t = scan.epochMs;
    if (rows > 0 && t <= time[rows - 1]) {
      const here = text.slice(ds, de);
      const prev = text.slice(prevDateStart, prevDateEnd);
      throw new DataError(
        file,
        line,
        'date',
        t === time[rows - 1]
          ? `duplicate time ${here} (line ${line - 1} has the same time; expected strictly ascending times)`
          : `time ${here} is before ${prev} on line ${line - 1} (expected strictly ascending times)`,
      );
    }

    const o = field(text, fieldStart[cOpen], fieldEnd[cOpen], file, line, 'open');
    const h = field(text, fieldStart[cHigh], fieldEnd[cHigh], file, line, 'high');
    const l = field(text, fieldStart[cLow], fieldEnd[cLow], file, line, 'low');
    const c = field(text, fieldStart[cClose], fieldEnd[cClose], file, line, 'close');
    const v = field(text, fieldStart[cVolume], fieldEnd[cVolume], file, line, 'volume');
    if (h < l) throw new DataError(file, line, 'high', `high ${h} is below low ${l} (expected high >= low)`);
    if (o < l || o > h) throw new DataError(file, line, 'open', `open ${o} is outside [low ${l}, high ${h}] (expected low <= open <= high)`);
    if (c < l || c > h) throw new DataError(file, line, 'close', `close ${c} is outside [low ${l}, high ${h}] (expected low <= close <= high)`);
    if (v < 0) throw new DataError(file, line, 'volume', `volume ${v} is negative (expected volume >= 0)`);

    time[rows] = t;
    open[rows] = o;
    high[rows] = h;
    low[rows] = l;
    close[rows] = c;
    volume[rows] = v;
    session[rows] = scan.localDate;
    utcOffsetMin[rows] = scan.offsetMin;
    prevDateStart = ds;
    prevDateEnd = de;
    rows++;
  }
  if (rows === 0) throw new DataError(file, 2, 'row', 'no data rows after the header (expected at least one bar)');

  const fit = <T extends Float64Array | Int32Array | Int16Array>(a: T): T => (rows === capacity ? a : (a.slice(0, rows) as T));
  const timeframe: Timeframe = intraday ? inferIntradayTimeframe(time, session, rows, file) : '1d';
  const barMs = intraday ? TIMEFRAME_MS[timeframe as '1m'] : MS_PER_DAY;
  const end = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    end[j] = time[j] + barMs;
    if (j > 0 && time[j] < end[j - 1]) {
      const gap = time[j] - time[j - 1];
      throw new DataError(file, j + 2, 'date', `bar starts ${describeMs(gap)} after the previous one, inside it (expected ${timeframe} bars that do not overlap)`);
    }
  }
  const base = {
    symbol: options.symbol ?? '',
    timeframe,
    length: rows,
    time: fit(time),
    end,
    open: fit(open),
    high: fit(high),
    low: fit(low),
    close: fit(close),
    volume: fit(volume),
  };
  return intraday ? { ...base, session: fit(session), utcOffsetMin: fit(utcOffsetMin) } : base;
}

interface HeaderColumns {
  /** Column index of date, open, high, low, close, volume (BAR_CSV_COLUMNS order). */
  readonly index: number[];
  /** Lower-cased, trimmed header names. */
  readonly names: string[];
  readonly count: number;
}

function readHeader(text: string, start: number, end: number, file: string): HeaderColumns {
  const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  const header = text.slice(start, lineEnd);
  if (header.trim() === '') {
    const empty = text.slice(start).trim() === '';
    throw new DataError(file, 1, 'header', empty ? `empty file (expected a header line ${HEADER_HINT})` : `blank first line (expected the header ${HEADER_HINT})`);
  }
  const names = header.split(',').map((h) => h.trim().toLowerCase());
  const index = BAR_CSV_COLUMNS.map((col) => {
    const at = names.indexOf(col);
    if (at < 0) throw new DataError(file, 1, col, `missing column '${col}' (expected a header with ${HEADER_HINT}, in any order)`);
    const again = names.indexOf(col, at + 1);
    if (again >= 0) throw new DataError(file, 1, col, `column '${col}' appears twice (columns ${at + 1} and ${again + 1}; expected it once)`);
    return at;
  });
  return { index, names, count: names.length };
}

/** The finite number in `text[s, e)`, else a DataError for that field. */
function field(text: string, s: number, e: number, file: string, line: number, name: string): number {
  const v = parseDecimal(text, s, e);
  if (v - v === 0) return v; // finite
  if (s === e) throw new DataError(file, line, name, 'empty value (expected a number)');
  if (v !== v) throw new DataError(file, line, name, `'${text.slice(s, e)}' is not a number (expected a plain decimal such as 101.25)`);
  throw new DataError(file, line, name, `'${text.slice(s, e)}' is out of range (expected a finite number)`);
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The most common gap between consecutive bars of one session; must be 1m, 5m, 15m or 1h. */
function inferIntradayTimeframe(time: Float64Array, session: Int32Array, rows: number, file: string): Timeframe {
  const known = INTRADAY_TIMEFRAMES.map((tf) => TIMEFRAME_MS[tf]);
  const counts = [0, 0, 0, 0];
  let other: Map<number, number> | undefined;
  let gaps = 0;
  for (let j = 1; j < rows; j++) {
    if (session[j] !== session[j - 1]) continue;
    const gap = time[j] - time[j - 1];
    gaps++;
    const at = known.indexOf(gap);
    if (at >= 0) counts[at]++;
    else {
      other ??= new Map();
      other.set(gap, (other.get(gap) ?? 0) + 1);
    }
  }
  if (gaps === 0) {
    throw new DataError(file, 2, 'date', 'cannot infer the bar length: no two bars share a session (expected consecutive 1m, 5m, 15m or 1h bars)');
  }
  let best = 0;
  for (let a = 1; a < 4; a++) if (counts[a] > counts[best]) best = a;
  let otherGap = 0;
  let otherCount = 0;
  for (const [gap, count] of other ?? []) {
    if (count > otherCount) {
      otherGap = gap;
      otherCount = count;
    }
  }
  if (otherCount <= counts[best]) return INTRADAY_TIMEFRAMES[best];
  let j = 1;
  while (!(session[j] === session[j - 1] && time[j] - time[j - 1] === otherGap)) j++;
  throw new DataError(file, j + 2, 'date', `bars are most often ${describeMs(otherGap)} apart (expected 1m, 5m, 15m or 1h bars)`);
}

function describeMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${ms / 1000} seconds`;
}
