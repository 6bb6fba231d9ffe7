// The lab's series: the bundled samples, then the user's own CSVs. An imported CSV is read by the
// strict reader in the CSV worker and stored in the IndexedDB bars table under `${symbol}:${timeframe}`
// (source = the file's name), next to the samples' cache; every stored key that is not a sample's is
// the user's. Listing reads keys only (a 1,000,000-bar series is ~56 MB: never loaded to be listed).
import { TICKER } from '../../shared/config/ticker.ts';
import type { BarSeries, Timeframe } from '../../shared/data/bar-series.ts';
import { cachedBars, putBars, toSeries } from '../db/market-cache.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import { SAMPLES, sampleName, timeframeName, type SampleSeries } from '../state/samples.ts';
import { fetchSample } from '../state/series.ts';
import { readCsvInWorker } from '../workers/csv-client.ts';

export interface LabSeries {
  /** `${symbol}:${timeframe}`: the picker's value and the IndexedDB key. */
  readonly key: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The configuration's data.csv: a sample's file name, or an imported series' IndexedDB key. */
  readonly file: string;
  /** The bundled sample it is; undefined for the user's own. */
  readonly sample?: SampleSeries;
}

export const SAMPLE_SERIES: readonly LabSeries[] = SAMPLES.map((s) => ({ key: s.key, symbol: s.symbol, timeframe: s.timeframe, file: s.file, sample: s }));

/** e.g. 'GOOG daily', 'WALK daily (your data)' */
export function seriesName(s: LabSeries): string {
  return s.sample ? sampleName(s.sample) : `${s.symbol} ${timeframeName(s.timeframe)} (your data)`;
}

/** An imported series from its IndexedDB key (`${symbol}:${timeframe}`). */
function importedOf(key: string): LabSeries {
  const at = key.lastIndexOf(':');
  return { key, symbol: key.slice(0, at), timeframe: key.slice(at + 1) as Timeframe, file: key };
}

/** The user's stored series, by symbol then timeframe (keys only: no bars are read). */
export async function importedSeries(db: MoneyTrailzDb): Promise<LabSeries[]> {
  const samples = new Set(SAMPLES.map((s) => s.key));
  const keys = (await db.bars.toCollection().primaryKeys()).filter((k) => !samples.has(k));
  return keys.sort().map(importedOf);
}

/** A series' bars: a sample from the IndexedDB cache (else fetched, parsed and cached), the user's from IndexedDB. */
export async function seriesBars(db: MoneyTrailzDb, s: LabSeries): Promise<BarSeries> {
  if (s.sample) {
    const sample = s.sample;
    return (await cachedBars(db, sample.symbol, sample.timeframe, sample.file, () => fetchSample(sample))).series;
  }
  const row = await db.bars.get(s.key);
  if (!row) throw new Error(`${seriesName(s)} is no longer stored on this device (import its CSV again)`);
  return toSeries(row);
}

/** The symbol a file stands for by default: its name without the extension, upper-cased (`spy_2020.csv` → `SPY_2020`). */
export function defaultSymbol(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot > 0 ? fileName.slice(0, dot) : fileName).trim().toUpperCase();
}

/** What is wrong with a symbol for an import, or undefined when it is a valid ticker. */
export function symbolProblem(symbol: string): string | undefined {
  return TICKER.re.test(symbol) ? undefined : `'${symbol}' is not ${TICKER.what}: fill in the symbol`;
}

export interface Imported {
  readonly series: LabSeries;
  readonly bars: number;
  /** True when it replaced a series stored under the same symbol and timeframe. */
  readonly replaced: boolean;
}

/**
 * Reads `file` in the CSV worker as `symbol`'s bars and stores them. Rejects, storing nothing, with the
 * reader's DataError (file, line, field) on a bad row, or an Error for a bad symbol or one that
 * names a bundled sample's series.
 */
export async function importCsv(db: MoneyTrailzDb, file: File, symbol: string, now: () => number = Date.now): Promise<Imported> {
  const problem = symbolProblem(symbol);
  if (problem) throw new Error(problem);
  const bars = await readCsvInWorker(file, file.name, symbol);
  const series = importedOf(`${symbol}:${bars.timeframe}`);
  const sample = SAMPLE_SERIES.find((s) => s.key === series.key);
  if (sample) throw new Error(`${sampleName(sample.sample!)} is a bundled sample: import ${file.name} under another symbol`);
  const replaced = (await db.bars.where(':id').equals(series.key).count()) > 0;
  await putBars(db, bars, file.name, now);
  return { series, bars: bars.length, replaced };
}
