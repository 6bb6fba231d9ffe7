// Messages between the UI thread and the CSV worker. One request reads one dropped or chosen file
// with the strict reader (shared/data/read-bars-csv.ts) off the UI thread; the answer is the bars
// (their columns transferred, not copied) or the reader's error with its file, line and field.
import type { BarSeries } from '../../shared/data/bar-series.ts';

export interface CsvRequest {
  /** The file as the user gave it (read in the worker: a big file's text never reaches the UI thread). */
  readonly file: Blob;
  /** Its name, in error messages and as the series' source. */
  readonly name: string;
  /** The series' symbol. */
  readonly symbol: string;
}

export type CsvResponse =
  | { readonly kind: 'done'; readonly bars: BarSeries }
  | { readonly kind: 'data-error'; readonly file: string; readonly line: number; readonly field: string; readonly problem: string }
  | { readonly kind: 'error'; readonly error: string };
