// The page of the 1,000,000-bar redraw bench (built by vite in ui-redraw.ts, run in Chromium): the
// app's LineChart with candles and volume over 1M one-minute bars (a seeded random walk), and the
// three redraws a user causes, timed in the page: a drag-zoom (mouse events on uPlot's overlay), a
// double-click back to the whole range, and a new set of 1M bars (the `ohlc` prop changes).
import { createComponent, createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import { LineChart } from '../../app/charts/LineChart.tsx';
import type { OhlcvInput } from '../../app/charts/candle-plot.ts';

export interface RedrawSample {
  /** From the event to the end of uPlot's redraw (its commit runs in a microtask). */
  readonly syncMs: number;
  /** From the event to the next frame (a task queued in the next requestAnimationFrame). */
  readonly frameMs: number;
}

export interface RedrawBench {
  readonly bars: number;
  /** Drag-zooms to `fraction` of the plot's width around its middle. */
  zoom(fraction: number): Promise<RedrawSample>;
  /** Double-click: back to the whole range. */
  full(): Promise<RedrawSample>;
  /** Replaces the bars by another 1M (alternating two prepared sets). */
  newData(): Promise<RedrawSample>;
  /** A hash of the chart canvas' pixels (proof that a redraw changed what is shown). */
  fingerprint(): number;
}

const BARS = 1_000_000;

function randomWalk(n: number, seed: number): { time: Float64Array; bars: OhlcvInput } {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let price = 100;
  const t0 = Date.UTC(2015, 0, 2, 14, 30);
  for (let i = 0; i < n; i++) {
    time[i] = t0 + i * 60_000;
    const o = price;
    const c = Math.max(1, o * (1 + (rand() - 0.5) * 0.004));
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + rand() * 0.001);
    low[i] = Math.min(o, c) * (1 - rand() * 0.001);
    volume[i] = 1000 + Math.floor(rand() * 9000);
    price = c;
  }
  return { time, bars: { open, high, low, close, volume } };
}

const sets = [randomWalk(BARS, 1), randomWalk(BARS, 2)];
let current = 0;
const [data, setData] = createSignal(sets[0]);

const host = document.getElementById('root')!;
render(
  () =>
    createComponent(LineChart, {
      get time() {
        return data().time;
      },
      series: [],
      title: '1,000,000 one-minute bars',
      intraday: true,
      height: 480,
      get ohlc() {
        return { bars: data().bars, style: 'candles' as const };
      },
    }),
  host,
);

const nextFrame = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );

async function timed(act: () => void): Promise<RedrawSample> {
  await nextFrame();
  const t0 = performance.now();
  act();
  // uPlot queued its commit (scales, then the redraw) as a microtask during act(): it runs first.
  await Promise.resolve();
  const t1 = performance.now();
  const t2 = await nextFrame();
  return { syncMs: t1 - t0, frameMs: t2 - t0 };
}

function over(): HTMLElement {
  const el = host.querySelector<HTMLElement>('.u-over');
  if (!el) throw new Error('no uPlot overlay: the chart did not render');
  return el;
}

function mouse(type: string, x: number, y: number, movementX = 0): void {
  over().dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, movementX, bubbles: true, cancelable: true, button: 0, view: window }));
}

const bench: RedrawBench = {
  bars: BARS,
  zoom(fraction) {
    const r = over().getBoundingClientRect();
    const y = r.top + r.height / 2;
    const x0 = r.left + (r.width * (1 - fraction)) / 2;
    const x1 = r.left + (r.width * (1 + fraction)) / 2;
    mouse('mouseenter', x0, y);
    return timed(() => {
      mouse('mousedown', x0, y);
      mouse('mousemove', x0 + 1, y, 1);
      mouse('mousemove', x1, y, x1 - x0 - 1);
      mouse('mouseup', x1, y);
    });
  },
  full() {
    const r = over().getBoundingClientRect();
    return timed(() => mouse('dblclick', r.left + r.width / 2, r.top + r.height / 2));
  },
  newData() {
    current = 1 - current;
    return timed(() => setData(sets[current]));
  },
  fingerprint() {
    const canvas = host.querySelector('canvas');
    if (!canvas) throw new Error('no chart canvas');
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261;
    for (let i = 0; i < px.length; i += 4) h = Math.imul(h ^ (px[i] | (px[i + 1] << 8) | (px[i + 2] << 16)), 16777619);
    return h >>> 0;
  },
};

(globalThis as unknown as { redrawBench: RedrawBench }).redrawBench = bench;
