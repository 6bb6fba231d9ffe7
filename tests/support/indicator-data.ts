// Data the indicator tests run on: every real sample file, and adversarial series designed to hit
// the guards and degenerate cases (flat stretches, zero volume, gaps, a 1,000,000-bar walk from
// 0.1 to 100,000). All deterministic (seeded PRNG).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { ROOT } from './source-rules.ts';
import { mulberry32 } from '../../shared/data/seeded-hash.ts';

export interface TestSeries {
  readonly name: string;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly session: Int32Array;
  readonly length: number;
}

let samples: TestSeries[] | null = null;

/** Daily files get one session per bar (their date), the 1-minute file its real sessions. */
function asTestSeries(name: string, s: BarSeries): TestSeries {
  const session = s.session ?? Int32Array.from(s.time, (t) => Math.floor(t / 86_400_000));
  return { name, open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume, session, length: s.length };
}

/** Every CSV in data/samples, read with the project's reader. */
export function sampleSeries(): TestSeries[] {
  if (!samples) {
    const dir = join(ROOT, 'data/samples');
    samples = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => asTestSeries(f, readBarsCsv(readFileSync(join(dir, f), 'utf8'), f)));
  }
  return samples;
}

/** mulberry32: a small deterministic PRNG (shared/data/seeded-hash.ts). */
export const prng = mulberry32;

/** Builds consistent OHLCV bars around a close path (open = previous close). */
function barsFromCloses(name: string, close: Float64Array, rnd: () => number, opts: { zeroVolumeEvery?: number; sessionLength?: number } = {}): TestSeries {
  const n = close.length;
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const volume = new Float64Array(n);
  const session = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    open[i] = i === 0 ? close[0] : close[i - 1];
    const hi = Math.max(open[i], close[i]);
    const lo = Math.min(open[i], close[i]);
    const flat = open[i] === close[i] && (i === 0 || close[i] === close[i - 1]);
    high[i] = flat ? hi : hi * (1 + rnd() * 0.003);
    low[i] = flat ? lo : lo * (1 - rnd() * 0.003);
    volume[i] = opts.zeroVolumeEvery && i % opts.zeroVolumeEvery < 3 ? 0 : Math.floor(1000 + rnd() * 100_000);
    session[i] = 20240101 + Math.floor(i / (opts.sessionLength ?? 390));
  }
  return { name, open, high, low, close, volume, session, length: n };
}

/** Flat start, flat middle, zero-volume bars, price gaps and H == L bars in 3,000 bars. */
export function degenerateSeries(): TestSeries {
  const rnd = prng(7);
  const n = 3000;
  const close = new Float64Array(n);
  let p = 50;
  for (let i = 0; i < n; i++) {
    if (i < 60 || (i >= 1500 && i < 1580)) close[i] = p; // flat start and flat middle
    else if (i === 800 || i === 2200) close[i] = p *= 1.25; // gap up
    else if (i === 1200) close[i] = p *= 0.7; // gap down
    else close[i] = p *= 1 + (rnd() - 0.5) * 0.02;
  }
  return barsFromCloses('degenerate', close, rnd, { zeroVolumeEvery: 97 });
}

/** Zero volume from the first bar (cumulative-volume indicators stay undefined for a while). */
export function zeroVolumeStartSeries(): TestSeries {
  const s = barsFromCloses('zero-volume-start', Float64Array.from({ length: 500 }, (_, i) => 20 + Math.sin(i / 9)), prng(11));
  s.volume.fill(0, 0, 25);
  return s;
}

let walk: TestSeries | null = null;

/**
 * 1,000,000 bars whose log-price sweeps 0.1 → 100,000 → 0.1 (plus noise): the trap for running sums
 * carried across the whole series (indicator-conventions §4).
 */
export function randomWalk1M(): TestSeries {
  if (!walk) {
    const rnd = prng(42);
    const n = 1_000_000;
    const close = new Float64Array(n);
    let noise = 0;
    for (let i = 0; i < n; i++) {
      noise = noise * 0.999 + (rnd() - 0.5) * 0.02;
      const trend = -1 + 6 * Math.sin((Math.PI * i) / n); // log10 price from -1 up to 5 and back
      close[i] = Math.max(0.1, Math.min(100_000, 10 ** (trend + noise)));
    }
    walk = barsFromCloses('random-walk-1M', close, rnd, { zeroVolumeEvery: 1009 });
  }
  return walk;
}
