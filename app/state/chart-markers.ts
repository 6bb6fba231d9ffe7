// The workbench chart's markers from the bridge: today's fills of the shown symbol (the `executions`
// topic, read as the Orders view reads it: executions.ts) and the strategies' latest decisions on it
// (the `strategies` topic's rows, checked by the shared decoder: strategies.ts). A decision has no
// price of its own: it is drawn at the close of the bar it decided on. A side this app does not know
// is left out, never guessed.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { formatValue } from '../../shared/signals/format.ts';
import { barAt, type ChartMarker, type MarkerKind } from '../charts/marker-plot.ts';
import { executionLines } from './executions.ts';
import { strategiesModel } from './strategies.ts';

/** The fills of `symbol` (its stock; an option's fills carry the option's symbol) as buy and sell markers. */
export function fillMarkers(executions: Readonly<Record<string, unknown>> | undefined, symbol: string): ChartMarker[] {
  return executionLines(executions)
    .filter((l) => l.instrument === symbol)
    .map((l) => ({
      time: l.time,
      price: l.price,
      kind: l.side === 'BUY' ? 'buy' : 'sell',
      label: `${l.side === 'BUY' ? 'Buy' : 'Sell'} ${l.quantity} @ ${formatValue(l.price)}`,
    }));
}

const TARGET = /^target\s+(-?\d+(?:\.\d+)?)\s*%$/i;

/** What a decision's side means on a chart: BUY/buy long, SELL/sell short, HOLD/close flat, a target by its sign. */
export function signalKind(side: string): MarkerKind | undefined {
  const s = side.trim().toLowerCase();
  if (s === 'buy') return 'signal-long';
  if (s === 'sell') return 'signal-short';
  if (s === 'hold' || s === 'close') return 'signal-flat';
  const t = TARGET.exec(s);
  if (!t) return undefined;
  const pct = Number(t[1]);
  return pct > 0 ? 'signal-long' : pct < 0 ? 'signal-short' : 'signal-flat';
}

/** The strategies' decisions on `symbol` within `bars`, at the close of their bar. */
export function signalMarkers(strategies: Readonly<Record<string, unknown>> | undefined, symbol: string, bars: BarSeries): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const card of strategiesModel(strategies).cards) {
    for (const s of card.row?.signals ?? []) {
      const kind = signalKind(s.side);
      const bar = barAt(bars.time, s.time);
      if (s.symbol !== symbol || !kind || bar < 0) continue;
      const confidence = s.confidence === undefined ? '' : ` ${s.confidence.toFixed(2)}`;
      out.push({ time: s.time, price: bars.close[bar], kind, label: `${card.id}: ${s.side}${confidence} (${s.reason})` });
    }
  }
  return out;
}
