// Market data the views read: SPY daily bars (IndexedDB cache, else the bundled sample file)
// and their SMA(20) computed by the WASM worker.
import spyDailyUrl from '../../data/samples/SPY_1d.csv?url';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { cachedBars } from '../db/market-cache.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import type { TaClient } from '../workers/ta-client.ts';

export interface ChartModel {
  readonly bars: BarSeries;
  readonly sma20: Float64Array;
  readonly origin: 'cache' | 'loaded';
}

const SAMPLE = 'SPY_1d.csv';

async function fetchSample(): Promise<BarSeries> {
  const res = await fetch(spyDailyUrl);
  if (!res.ok) throw new Error(`could not load ${SAMPLE}: HTTP ${res.status}`);
  return readBarsCsv(await res.text(), SAMPLE, { symbol: 'SPY' });
}

/** Loads SPY daily bars and SMA(20); throws with a readable message on failure. */
export async function loadSpyChart(db: MoneyTrailzDb, ta: TaClient): Promise<ChartModel> {
  const { series, origin } = await cachedBars(db, 'SPY', '1d', SAMPLE, fetchSample);
  await ta.load('SPY:1d', { close: series.close.slice() });
  const { sma: sma20 } = await ta.compute('SPY:1d', 'SMA', { period: 20 });
  return { bars: series, sma20, origin };
}
