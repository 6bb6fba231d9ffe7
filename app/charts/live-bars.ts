// A live symbol's recent 1-minute bars as a chart series: the bars a historicalBars request answered,
// overlaid by the `bars:<SYMBOL>:1m` topic's state (docs/app-protocol.md §2–3: bar time in epoch
// seconds → {open, high, low, close, volume}; the topic's bar wins for the same minute, so the last
// bar's high/low/close/volume follow the ticks and a new minute appends a bar). Everything from the
// bridge is checked first; one bad bar fails the whole update, naming the topic, the bar and field.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { Bar } from '../../shared/protocol/index.ts';
import { easternDate, easternOffsetMin } from '../../shared/time/us-eastern.ts';

const MINUTE_MS = 60_000;
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

type Row = Record<(typeof FIELDS)[number], number>;

/** The topic the live chart follows. */
export const liveTopicOf = (symbol: string): string => `bars:${symbol}:1m`;

/** A bar from `where` (a request or a topic), checked: epoch-second time, finite prices, volume ≥ 0, low ≤ high. */
function checked(where: string, time: string, value: unknown): [number, Row] {
  if (!/^\d{1,12}$/.test(time)) throw new Error(`${where}: bar time '${time.slice(0, 40)}' is not epoch seconds`);
  if (typeof value !== 'object' || value === null) throw new Error(`${where}, bar ${time}: expected {open, high, low, close, volume}`);
  const v = value as Record<string, unknown>;
  const row = {} as Row;
  for (const f of FIELDS) {
    const x = v[f];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${where}, bar ${time}: '${f}' is not a finite number`);
    row[f] = x;
  }
  if (row.volume < 0) throw new Error(`${where}, bar ${time}: negative volume`);
  if (row.low > row.high) throw new Error(`${where}, bar ${time}: low ${row.low} above high ${row.high}`);
  return [Number(time) * 1000, row];
}

/**
 * The merged series, times ascending; throws an Error naming the first bad bar (nothing is shown
 * half-updated: the caller keeps its last good series).
 */
export function liveBarSeries(symbol: string, history: readonly Bar[], topic: Readonly<Record<string, unknown>> | undefined): BarSeries {
  const byTime = new Map<number, Row>();
  for (const b of history) {
    const [t, row] = checked(`historicalBars ${symbol} 1 min`, String(b.time), b);
    byTime.set(t, row);
  }
  for (const [key, value] of Object.entries(topic ?? {})) {
    const [t, row] = checked(liveTopicOf(symbol), key, value);
    byTime.set(t, row);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const n = times.length;
  const col = () => new Float64Array(n);
  const s = { time: Float64Array.from(times), end: col(), open: col(), high: col(), low: col(), close: col(), volume: col(), session: new Int32Array(n), utcOffsetMin: new Int16Array(n) };
  times.forEach((t, i) => {
    const r = byTime.get(t)!;
    s.end[i] = t + MINUTE_MS;
    s.open[i] = r.open;
    s.high[i] = r.high;
    s.low[i] = r.low;
    s.close[i] = r.close;
    s.volume[i] = r.volume;
    s.session[i] = easternDate(t);
    s.utcOffsetMin[i] = easternOffsetMin(t);
  });
  return { symbol, timeframe: '1m', length: n, ...s };
}
