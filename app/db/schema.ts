// The PWA's IndexedDB (Dexie). Every db.version(n) that ever shipped stays here, unedited.
import Dexie, { type Table } from 'dexie';
import type { Timeframe } from '../../shared/data/bar-series.ts';
import type { PortfolioJson } from '../../shared/engine/backtest-result.ts';

/** A columnar bar series as stored: typed arrays survive IndexedDB's structured clone. */
export interface StoredBars {
  /** `${symbol}:${timeframe}` */
  readonly key: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Where the bars came from (file name or feed). */
  readonly source: string;
  readonly storedAt: number;
  readonly time: Float64Array;
  readonly end: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly session?: Int32Array;
  readonly utcOffsetMin?: Int16Array;
}

export interface Setting {
  readonly key: string;
  readonly value: unknown;
}

/** A secret this device keeps (the bridge's access token); never shown, logged or exported. */
export interface Credential {
  readonly key: string;
  readonly value: string;
  readonly storedAt: number;
}

/** A finished backtest of the lab, stored under its content id (app/lab/result-id.ts). */
export interface StoredResult {
  /** Hash of the engine version, the canonical configuration and the data. */
  readonly id: string;
  /** What was run, e.g. `sma_cross on GOOG daily`. */
  readonly title: string;
  readonly storedAt: number;
  /** The configuration as run (a moneytrailz.toml document as an object). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The portfolio JSON (shared/engine/backtest-result.ts). */
  readonly json: PortfolioJson;
  readonly times: Float64Array;
  readonly equity: Float64Array;
  readonly warmup: number;
}

/** One combination of a lab sweep: its parameters and the metrics the sweep's map shows (app/lab/sweep-form.ts). */
export interface SweepCell {
  readonly params: Readonly<Record<string, number>>;
  readonly returnPct: number;
  readonly sharpeRatio: number;
  readonly maxDrawdownPct: number;
  readonly numTrades: number;
}

/** A finished sweep of the lab: its grid and a metric per combination, stored under its content id. */
export interface StoredSweep {
  /** Hash of the engine version, the grid with the configuration, and the data (app/lab/result-id.ts). */
  readonly id: string;
  /** e.g. `sma_cross sweep on GOOG daily`. */
  readonly title: string;
  readonly storedAt: number;
  /** The series' key in the lab's picker (a cell opens as a single run on it). */
  readonly seriesKey: string;
  readonly strategy: string;
  /** The configuration with the first valid combination; a cell's run puts its own parameters in. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly axes: readonly { readonly param: string; readonly values: readonly number[] }[];
  /** Combinations in the grid, skipped ones included. */
  readonly total: number;
  /** Skipped combinations by the strategy's rule they break, e.g. { 'fast must be less than slow': 3 }. */
  readonly skippedBy: Readonly<Record<string, number>>;
  /** The combinations that ran, in grid order. */
  readonly cells: readonly SweepCell[];
}

export class MoneyTrailzDb extends Dexie {
  bars!: Table<StoredBars, string>;
  settings!: Table<Setting, string>;
  credentials!: Table<Credential, string>;
  results!: Table<StoredResult, string>;
  sweeps!: Table<StoredSweep, string>;

  constructor(name = 'moneytrailz') {
    super(name);
    // v1 (first release): bar cache and device settings.
    this.version(1).stores({ bars: 'key, symbol', settings: 'key' });
    // v2: a credentials table (the bridge's access token after pairing). Adding a table keeps the
    // bars and settings of v1 as they are; no data moves.
    this.version(2).stores({ bars: 'key, symbol', settings: 'key', credentials: 'key' });
    // v3: the backtest lab's results, keyed by content id, listed newest first. Adding a table keeps
    // the tables of v2 as they are; no data moves.
    this.version(3).stores({ bars: 'key, symbol', settings: 'key', credentials: 'key', results: 'id, storedAt' });
    // v4: the lab's sweeps (grid and a metric per combination), keyed by content id, the newest shown
    // on load. Adding a table keeps the tables of v3 as they are; no data moves.
    this.version(4).stores({ bars: 'key, symbol', settings: 'key', credentials: 'key', results: 'id, storedAt', sweeps: 'id, storedAt' });
  }
}

export const barsKey = (symbol: string, timeframe: Timeframe): string => `${symbol}:${timeframe}`;
