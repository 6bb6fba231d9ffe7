// Chart colours per theme: the price line, candles and volume, grid, axes and guide levels (read
// when a chart is built, so switching the theme repaints), and a palette that indicator outputs
// draw from, in order, with darker shades for the light theme. All are distinct on their panel (and
// from each other for the pixel tests); on the light panel lines and candles have at least 3:1
// contrast, the dimmer volume columns at least 2:1 (as in the dark theme).

export type Theme = 'dark' | 'light';

export interface ChartPalette {
  /** The close line ('line' style). */
  readonly price: string;
  /** Candles and OHLC bars that closed at or above their open, and below it. */
  readonly up: string;
  readonly down: string;
  /** Volume columns: dimmer, opaque (countable) shades of the same, so candles read over them. */
  readonly volumeUp: string;
  readonly volumeDown: string;
  readonly grid: string;
  /** Axis labels and ticks. */
  readonly axis: string;
  /** Dashed guide levels (RSI 30/70, stochastics 20/80). */
  readonly guide: string;
}

export const CHART_PALETTES: Readonly<Record<Theme, ChartPalette>> = {
  dark: {
    price: '#4fa3ff',
    up: '#22ab5c',
    down: '#ef5350',
    volumeUp: '#2a6b4f',
    volumeDown: '#8a3a3c',
    grid: '#22303c',
    axis: '#9aa7b4',
    guide: '#7d8b99',
  },
  light: {
    price: '#1f5fd6',
    up: '#0a8f6a',
    down: '#d3293a',
    volumeUp: '#6fb89b',
    volumeDown: '#e8848d',
    grid: '#e3e8ed',
    axis: '#57606a',
    guide: '#8a96a3',
  },
};

// The dark theme's colours under their old names (the default theme).
export const PRICE_COLOR = CHART_PALETTES.dark.price;
export const UP_COLOR = CHART_PALETTES.dark.up;
export const DOWN_COLOR = CHART_PALETTES.dark.down;
export const VOLUME_UP_COLOR = CHART_PALETTES.dark.volumeUp;
export const VOLUME_DOWN_COLOR = CHART_PALETTES.dark.volumeDown;

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
 * The light theme's shades of PALETTE, in the same order: darker, each at least 3:1 against the light
 * chart's white panel (the dark ones are pale there). Indicators keep the PALETTE colour they were
 * given (stored with them); charts draw it in the shown theme's shade (themedColor).
 */
export const LIGHT_PALETTE: readonly string[] = [
  '#c2500a', // orange
  '#8250df', // lavender
  '#1a7f37', // green
  '#c03c50', // salmon
  '#0478a8', // cyan
  '#8a6d00', // yellow
  '#bf3989', // pink
  '#6e7781', // silver
  '#4f46e5', // indigo
  '#5a7d00', // lime
  '#9c6b3c', // tan
  '#2d7068', // teal
];

/** An indicator colour as the theme shows it: a PALETTE colour's light shade in the light theme, else itself. */
export function themedColor(color: string, theme: Theme): string {
  if (theme === 'dark') return color;
  const i = PALETTE.indexOf(color.toLowerCase());
  return i < 0 ? color : LIGHT_PALETTE[i];
}

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

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 … 21; text wants 4.5, lines and shapes 3). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = rgbOf(hex).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
