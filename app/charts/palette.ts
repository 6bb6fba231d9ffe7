// Fixed colours: the price line and a palette that indicator outputs draw from, in order.
// All are distinct on the dark panel (and from each other for the pixel tests).

export const PRICE_COLOR = '#4fa3ff';

/** Candles, OHLC bars and volume of a bar that closed at or above its open, and below it. */
export const UP_COLOR = '#22ab5c';
export const DOWN_COLOR = '#ef5350';
/** Volume columns: dimmer, opaque (countable) shades of the same, so candles read over them. */
export const VOLUME_UP_COLOR = '#2a6b4f';
export const VOLUME_DOWN_COLOR = '#8a3a3c';

/** Indicator output colours; the first is the default SMA(20)'s orange. */
export const PALETTE: readonly string[] = [
  '#ffb347', // orange
  '#c792ea', // lavender
  '#7ee787', // green
  '#ff7b72', // salmon
  '#39c5cf', // cyan
  '#f2cc60', // yellow
  '#f778ba', // pink
  '#d0d7de', // silver
  '#8c8cff', // indigo
  '#c3e88d', // lime
  '#d19a66', // tan
  '#2aa198', // teal
];

/**
 * `count` colours for a new indicator: the first palette colours no active indicator uses, in
 * palette order; once all are taken, the palette repeats from where the used ones end.
 */
export function pickColors(count: number, used: Iterable<string>): string[] {
  const taken = new Set(used);
  const out = PALETTE.filter((c) => !taken.has(c)).slice(0, count);
  for (let i = 0; out.length < count; i++) out.push(PALETTE[(taken.size + i) % PALETTE.length]);
  return out;
}

/** `#rrggbb` as [r, g, b] (for tests counting painted pixels). */
export function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
