// Redraw of 1,000,000 bars in Chromium: vite builds ui-redraw-page.ts (the app's LineChart with
// candles and volume) into a temporary folder, Chromium opens it (served by page.route, no server),
// and the page times each redraw (see RedrawSample). Median of several runs after warm-up ones.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { build } from 'vite';
import solid from 'vite-plugin-solid';
import { launchChromium } from '../support/chromium.ts';
import { ROOT } from '../support/source-rules.ts';
import { fmt, table } from './measure.ts';
import type { RedrawBench, RedrawSample } from './ui-redraw-page.ts';

export const REDRAW_GOAL_MS = 50;
const ORIGIN = 'http://ui-bench.invalid';
const RUNS = 5;
const WARMUP = 1;
/** The drag-zoom's share of the plot's width. */
const ZOOM = 0.01;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function buildPage(outDir: string): Promise<string[]> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    plugins: [solid()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      rollupOptions: { input: join(ROOT, 'tests/bench/ui-redraw-page.ts'), output: { entryFileNames: 'page.js', assetFileNames: '[name][extname]' } },
    },
  });
  return readdir(outDir);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface RedrawResult {
  readonly bars: number;
  readonly zoom: RedrawSample;
  readonly full: RedrawSample;
  readonly newData: RedrawSample;
}

export async function measureRedraw(): Promise<RedrawResult> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-bench-ui-'));
  const browser = await launchChromium();
  try {
    const files = await buildPage(dir);
    const css = files.filter((f) => f.endsWith('.css')).map((f) => `<link rel="stylesheet" href="/${f}">`);
    const html = `<!doctype html><html><head><meta charset="utf-8">${css.join('')}</head><body style="margin:0;background:#0f1419"><div id="root" style="width:1200px"></div><script type="module" src="/page.js"></script></body></html>`;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: TYPES['.html'], body: html });
      const file = path.slice(1);
      if (!files.includes(file)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(join(dir, file)) });
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction('globalThis.redrawBench !== undefined && document.querySelector(".u-over") !== null', null, { timeout: 60_000 }).catch((e: unknown) => {
      throw new Error(`the redraw page did not start: ${errors.join('; ') || String(e)}`);
    });
    const call = (expr: string) => page.evaluate(`globalThis.redrawBench.${expr}`) as Promise<RedrawSample>;
    const shown = () => page.evaluate('globalThis.redrawBench.fingerprint()') as Promise<number>;
    const samples = { zoom: [] as RedrawSample[], full: [] as RedrawSample[], newData: [] as RedrawSample[] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const before = await shown();
      const zoom = await call(`zoom(${ZOOM})`);
      const zoomed = await shown();
      const full = await call('full()');
      const back = await shown();
      const newData = await call('newData()');
      if (zoomed === before || back === zoomed || (await shown()) === back) throw new Error('a redraw left the chart as it was: the bench is not measuring a redraw');
      if (i < WARMUP) continue;
      samples.zoom.push(zoom);
      samples.full.push(full);
      samples.newData.push(newData);
    }
    if (errors.length) throw new Error(`the redraw page failed: ${errors.join('; ')}`);
    const med = (xs: RedrawSample[]): RedrawSample => ({ syncMs: median(xs.map((x) => x.syncMs)), frameMs: median(xs.map((x) => x.frameMs)) });
    return { bars: (await page.evaluate('globalThis.redrawBench.bars')) as RedrawBench['bars'], zoom: med(samples.zoom), full: med(samples.full), newData: med(samples.newData) };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function redrawReport(r: RedrawResult): string {
  const met = r.full.syncMs < REDRAW_GOAL_MS;
  const n = r.bars.toLocaleString('en-US');
  return [
    `The app's chart component (app/charts/LineChart.tsx, candles and volume via candle-plot.ts) with ${n} one-minute bars in Chromium (headless, software rendering), ` +
      `built by vite into a bench page; each redraw is caused as a user would (mouse events on uPlot's overlay; a new \`ohlc\` prop) and timed in the page: ` +
      `"redraw" = from the event until uPlot's redraw has run (its commit is a microtask), "to next frame" = until a task queued in the next animation frame. ` +
      `Median of ${RUNS} after ${WARMUP} warm-up round${WARMUP === 1 ? '' : 's'}. Goal: a full redraw of all ${n} bars < ${REDRAW_GOAL_MS} ms — ${met ? 'met' : 'NOT met'}.`,
    '',
    table(
      ['redraw', 'redraw ms', 'to next frame ms', 'goal'],
      [
        [`whole range (double-click after a zoom): ${n} bars`, fmt(r.full.syncMs), fmt(r.full.frameMs), `< ${REDRAW_GOAL_MS} ms ${met ? '✓' : '✗'}`],
        [`drag-zoom to ${ZOOM * 100} % of the width (about ${Math.round(r.bars * ZOOM).toLocaleString('en-US')} bars)`, fmt(r.zoom.syncMs), fmt(r.zoom.frameMs), '–'],
        [`new data: another ${n} bars (setData, rescale, redraw)`, fmt(r.newData.syncMs), fmt(r.newData.frameMs), '–'],
      ],
    ),
  ].join('\n');
}
