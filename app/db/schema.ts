// The PWA's IndexedDB (Dexie). Every db.version(n) that ever shipped stays here, unedited.
import Dexie, { type Table } from 'dexie';
import type { Timeframe } from '../../shared/data/bar-series.ts';

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

export class MoneyTrailzDb extends Dexie {
  bars!: Table<StoredBars, string>;
  settings!: Table<Setting, string>;
  credentials!: Table<Credential, string>;

  constructor(name = 'moneytrailz') {
    super(name);
    // v1 (first release): bar cache and device settings.
    this.version(1).stores({ bars: 'key, symbol', settings: 'key' });
    // v2: a credentials table (the bridge's access token after pairing). Adding a table keeps the
    // bars and settings of v1 as they are; no data moves.
    this.version(2).stores({ bars: 'key, symbol', settings: 'key', credentials: 'key' });
  }
}

export const barsKey = (symbol: string, timeframe: Timeframe): string => `${symbol}:${timeframe}`;
