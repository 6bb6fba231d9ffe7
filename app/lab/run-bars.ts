// The bars a stored lab result ran on, for its price chart: its configuration's data file (a sample's
// file name or an imported series' IndexedDB key: lab-series.ts), loaded from IndexedDB and checked
// to be the very bars of the run (same bar times); and its closed trades as entry and exit markers.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { PortfolioJsonTrade } from '../../shared/engine/backtest-result.ts';
import { formatValue } from '../../shared/signals/format.ts';
import type { ChartMarker } from '../charts/marker-plot.ts';
import type { MoneyTrailzDb, StoredResult } from '../db/schema.ts';
import { importedSeries, SAMPLE_SERIES, seriesBars, seriesName } from './lab-series.ts';

/** The configuration's `data` table, when it has one. */
function dataOf(result: StoredResult): { readonly csv?: string; readonly symbol?: string } {
  const d = result.config.data;
  if (d === null || typeof d !== 'object') return {};
  const { csv, symbol } = d as Record<string, unknown>;
  return { ...(typeof csv === 'string' && { csv }), ...(typeof symbol === 'string' && { symbol }) };
}

/** The run's symbol (its configuration's data.symbol), if it names one. */
export const runSymbol = (result: StoredResult): string | undefined => dataOf(result).symbol;

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The run's bars; rejects with a sentence saying why they cannot be shown. */
export async function runBars(db: MoneyTrailzDb, result: StoredResult): Promise<BarSeries> {
  const { csv } = dataOf(result);
  if (csv === undefined) throw new Error('its configuration names no data file');
  const series = [...SAMPLE_SERIES, ...(await importedSeries(db))].find((s) => s.file === csv);
  if (!series) throw new Error(`its bars (${csv}) are no longer stored on this device; import that CSV again to see them`);
  const bars = await seriesBars(db, series);
  if (!sameTimes(bars.time, result.times)) throw new Error(`${seriesName(series)} was replaced since this run; run it again to see its trades on the new bars`);
  return bars;
}

const shares = (n: number) => `${n} share${n === 1 ? '' : 's'}`;

/** Each closed trade of `symbol` (all when undefined) as its entry and exit on the bars starting at `time`. */
export function tradeMarkers(trades: readonly PortfolioJsonTrade[], symbol: string | undefined, time: Float64Array): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const t of trades) {
    const size = t.size;
    if ((symbol !== undefined && t.symbol !== symbol) || size === null || size === 0) continue;
    const long = size > 0;
    const n = Math.abs(size);
    const entry = t.entryBar === null ? undefined : time[t.entryBar];
    const exit = t.exitBar === null ? undefined : time[t.exitBar];
    if (entry !== undefined && t.entryPrice !== null) {
      out.push({ time: entry, price: t.entryPrice, kind: long ? 'buy' : 'sell', label: `Entry ${t.entryTime}: ${long ? 'buy' : 'sell short'} ${shares(n)} @ ${formatValue(t.entryPrice)}` });
    }
    if (exit !== undefined && t.exitPrice !== null) {
      const pnl = t.pnl === null ? '' : `, P&L ${t.pnl >= 0 ? '+' : ''}${t.pnl.toFixed(2)}`;
      out.push({ time: exit, price: t.exitPrice, kind: long ? 'sell' : 'buy', label: `Exit ${t.exitTime}: ${long ? 'sell' : 'buy to cover'} ${shares(n)} @ ${formatValue(t.exitPrice)}${pnl}` });
    }
  }
  return out;
}
