// Loads the replay's bars: every `<SYMBOL>_1d.csv` and `<SYMBOL>_1m.csv` in the data folder, read
// with the project's strict CSV reader. A symbol's daily bars are its daily file plus its 1-minute
// sessions resampled to daily (shared/timeframes), so the 2024 SPY minutes also exist as daily bars.
// Loaded once per folder and process; the arrays are never mutated.

import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { MS_PER_DAY, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { resample } from '../../../shared/timeframes/index.ts';

export interface DailyBars {
  readonly length: number;
  /** Session dates, ascending yyyymmdd. */
  readonly date: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export interface SymbolData {
  readonly symbol: string;
  readonly daily: DailyBars;
  /** Real 1-minute bars (regular session), when the folder has a `_1m` file for the symbol. */
  readonly minutes?: BarSeries;
  /** Session date → index of its first row in `minutes`. */
  readonly minuteSessionStart: ReadonlyMap<number, number>;
}

export interface SampleData {
  readonly dir: string;
  /** By upper-case symbol, in file-name order. */
  readonly symbols: ReadonlyMap<string, SymbolData>;
}

const FILE_RE = /^([A-Za-z][A-Za-z0-9.]*)_(1d|1m)\.csv$/;
const cache = new Map<string, SampleData>();

/** Reads (once per process) every sample file of `dir`. Throws a DataError naming file:line on bad data. */
export function loadSampleData(dir: string): SampleData {
  const abs = resolve(dir);
  const hit = cache.get(abs);
  if (hit) return hit;
  const files = new Map<string, { daily?: BarSeries; minutes?: BarSeries }>();
  let names: string[];
  try {
    names = readdirSync(abs).sort();
  } catch (err) {
    throw new Error(`simulator data folder ${abs}: ${(err as Error).message}`);
  }
  for (const name of names) {
    const m = FILE_RE.exec(name);
    if (!m) continue;
    const symbol = m[1].toUpperCase();
    const series = readBarsCsv(readFileSync(resolve(abs, name), 'utf8'), name, { symbol });
    const entry = files.get(symbol) ?? {};
    if (m[2] === '1d') entry.daily = series;
    else if (series.timeframe === '1m') entry.minutes = series;
    else throw new Error(`${name}: expected 1-minute bars, found ${series.timeframe}`);
    files.set(symbol, entry);
  }
  if (files.size === 0) throw new Error(`simulator data folder ${abs} has no <SYMBOL>_1d.csv or <SYMBOL>_1m.csv files`);
  const symbols = new Map<string, SymbolData>();
  for (const [symbol, { daily, minutes }] of files) {
    const fromMinutes = minutes ? resample(minutes, '1d') : undefined;
    symbols.set(symbol, { symbol, daily: mergeDaily(daily, fromMinutes), minutes, minuteSessionStart: sessionStarts(minutes) });
  }
  const data = { dir: abs, symbols };
  cache.set(abs, data);
  return data;
}

/** Daily rows by date; a date present in both keeps the minute-derived bar. */
function mergeDaily(a: BarSeries | undefined, b: BarSeries | undefined): DailyBars {
  const rows = new Map<number, [number, number, number, number, number]>();
  for (const s of [a, b]) {
    if (!s) continue;
    for (let i = 0; i < s.length; i++) {
      rows.set(yyyymmddFromDays(Math.floor(s.time[i] / MS_PER_DAY)), [s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]]);
    }
  }
  const dates = [...rows.keys()].sort((x, y) => x - y);
  const n = dates.length;
  const out = {
    length: n,
    date: Int32Array.from(dates),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  dates.forEach((d, i) => {
    const [o, h, l, c, v] = rows.get(d)!;
    out.open[i] = o;
    out.high[i] = h;
    out.low[i] = l;
    out.close[i] = c;
    out.volume[i] = v;
  });
  return out;
}

function sessionStarts(minutes: BarSeries | undefined): Map<number, number> {
  const starts = new Map<number, number>();
  if (!minutes?.session) return starts;
  for (let i = 0; i < minutes.length; i++) {
    if (i === 0 || minutes.session[i] !== minutes.session[i - 1]) starts.set(minutes.session[i], i);
  }
  return starts;
}
