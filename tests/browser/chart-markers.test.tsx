// Trades, fills and signals on the charts, in Chromium: markers painted on their bar at their price
// in the buy/sell colours (only those in the shown range, listed under the chart, the bar under the
// cursor named); the lab's result shows the run's bars with an entry per trade (or says the bars are
// gone); the workbench draws the bridge's fills and signals of the shown symbol behind a checkbox;
// and the series picker charts the user's imported series, resampled like the samples.
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import googText from '../../data/samples/GOOG_1d.csv?raw';
import type { BridgeStatus } from '../../app/bridge-client/socket.ts';
import type { Commands } from '../../app/bridge-client/commands.ts';
import type { LiveTopic, Topics } from '../../app/bridge-client/topics.ts';
import type { LiveSource } from '../../app/charts/live-chart.ts';
import { LineChart } from '../../app/charts/LineChart.tsx';
import type { ChartMarker } from '../../app/charts/marker-plot.ts';
import { DOWN_COLOR, UP_COLOR, rgbOf } from '../../app/charts/palette.ts';
import { putBars } from '../../app/db/market-cache.ts';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { LabResult } from '../../app/lab/LabResult.tsx';
import { runLab } from '../../app/lab/lab-runner.ts';
import { SAMPLE_SERIES } from '../../app/lab/lab-series.ts';
import { createWorkbench, WorkbenchContext } from '../../app/state/workbench.ts';
import { Workbench } from '../../app/ui/Workbench.tsx';
import { BacktestClient } from '../../app/workers/backtest-client.ts';
import { TaClient } from '../../app/workers/ta-client.ts';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { resample } from '../../shared/timeframes/resample.ts';
import '../../app/styles.css';
import { cleanups, frames, hostOf } from '../support/page-host.ts';

const DAY = 86_400_000;
const LINE = '#c792ea';

function freshDb(prefix: string): MoneyTrailzDb {
  const name = `${prefix}-${Math.random().toString(36).slice(2)}`;
  const db = new MoneyTrailzDb(name);
  cleanups.push(async () => {
    db.close();
    await new MoneyTrailzDb(name).delete();
  });
  return db;
}

/** Bounding box (canvas pixels) of the pixels close to `color`, or null when there are none. */
function boxOf(canvas: HTMLCanvasElement, color: string) {
  const [r, g, b] = rgbOf(color);
  const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i + 3] < 128 || Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 40) continue;
      n++;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return n === 0 ? null : { n, x0, x1, y0, y1, cx: (x0 + x1) / 2 };
}

/** The canvas row with the most pixels of `color` (a flat line). */
function rowOf(canvas: HTMLCanvasElement, color: string): number {
  const [r, g, b] = rgbOf(color);
  const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let best = -1;
  let most = 0;
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i + 3] >= 128 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= 40) n++;
    }
    if (n > most) [best, most] = [y, n];
  }
  return best;
}

/** 60 daily bars with a flat line at 100 (its row is the price 100's y). */
const T0 = Date.UTC(2024, 0, 1);
const time = Float64Array.from({ length: 60 }, (_, i) => T0 + i * DAY);
const flat = new Float64Array(60).fill(100);
const line = { label: 'level', values: flat, color: LINE };

describe('markers on a chart', () => {
  const markers: ChartMarker[] = [
    { time: T0 + 10 * DAY + 15 * 3_600_000, price: 100, kind: 'buy', label: 'Buy 100 @ 100.00' },
    { time: T0 + 40 * DAY, price: 100, kind: 'sell', label: 'Sell 100 @ 100.00' },
    { time: T0 + 50 * DAY, price: 100, kind: 'signal-long', label: 'sma: BUY 0.80 (cross)' },
    { time: T0 - DAY, price: 100, kind: 'buy', label: 'before the bars' },
  ];

  it('paints a buy ▲ under its price and a sell ▼ over it on their bars, in the up and down colours', async () => {
    const host = hostOf(800);
    cleanups.push(render(() => <LineChart title="t" time={time} series={[line]} markers={markers} testId="m" />, host));
    await frames();
    const canvas = host.querySelector<HTMLCanvasElement>('[data-testid="m"] canvas')!;
    const over = host.querySelector<HTMLElement>('[data-testid="m"] .u-over')!.getBoundingClientRect();
    const box = canvas.getBoundingClientRect();
    const k = canvas.width / box.width;
    // x of bar i in canvas pixels: the time scale spans the first to the last bar exactly.
    const xOf = (i: number) => (over.left - box.left + (i / 59) * over.width) * k;
    const level = rowOf(canvas, LINE);
    const buy = boxOf(canvas, UP_COLOR)!;
    const sell = boxOf(canvas, DOWN_COLOR)!;
    expect(buy).not.toBeNull();
    expect(sell).not.toBeNull();
    // The fill at 15:00 on bar 10's day is drawn on bar 10; the hollow signal on bar 50 adds up-coloured outline pixels right of it.
    const buyLeft = boxOf(cropped(canvas, 0, Math.round(xOf(30))), UP_COLOR)!;
    expect(Math.abs(buyLeft.cx - xOf(10))).toBeLessThanOrEqual(2);
    expect(Math.abs(sell.cx - xOf(40))).toBeLessThanOrEqual(2);
    // ▲ from the price down, ▼ from the price up, 10 CSS px tall (a tip's anti-aliased pixels are not counted).
    expect(buyLeft.y0 - level).toBeGreaterThanOrEqual(-1);
    expect(buyLeft.y0 - level).toBeLessThanOrEqual(5 * k);
    expect(buyLeft.y1 - level).toBeGreaterThan(6 * k);
    expect(level - sell.y1).toBeGreaterThanOrEqual(-1);
    expect(level - sell.y1).toBeLessThanOrEqual(5 * k);
    expect(level - sell.y0).toBeGreaterThan(6 * k);
    expect(buyLeft.n).toBeGreaterThan(25 * k * k);
    expect(buy.x1).toBeGreaterThan(xOf(49)); // the signal's outline
    // Listed: two fills and a signal shown, the marker before the first bar left out.
    expect(host.querySelector('[data-testid="m-markers-count"]')!.textContent).toBe('2 fills and 1 signal shown (1 more outside them)');
    const summary = host.querySelector<HTMLElement>('[data-testid="m-markers"] summary')!;
    summary.focus();
    await userEvent.keyboard('{Enter}');
    expect([...host.querySelectorAll('[data-testid="m-markers"] li')].map((li) => li.textContent)).toEqual(['Buy 100 @ 100.00', 'Sell 100 @ 100.00', 'sma: BUY 0.80 (cross)']);
  });

  it('draws and lists only the markers in the shown bars; the bar under the cursor names its markers', async () => {
    const host = hostOf(800);
    cleanups.push(render(() => <LineChart title="t" time={time} series={[line]} markers={markers} window={{ from: 30, to: 59 }} testId="m" />, host));
    await frames();
    const canvas = host.querySelector<HTMLCanvasElement>('[data-testid="m"] canvas')!;
    const over = host.querySelector<HTMLElement>('[data-testid="m"] .u-over')!;
    const r = over.getBoundingClientRect();
    const box = canvas.getBoundingClientRect();
    const k = canvas.width / box.width;
    const xOf = (i: number) => (r.left - box.left + ((i - 30) / 29) * r.width) * k;
    const sell = boxOf(canvas, DOWN_COLOR)!;
    expect(Math.abs(sell.cx - xOf(40))).toBeLessThanOrEqual(2);
    // Up-coloured: only the signal's outline on bar 50 (the buy on bar 10 is outside the window).
    const up = boxOf(canvas, UP_COLOR)!;
    expect(up.x0).toBeGreaterThan(xOf(48));
    expect(up.x1).toBeLessThan(xOf(52));
    expect(host.querySelector('[data-testid="m-markers-count"]')!.textContent).toBe('1 fill and 1 signal shown (2 more outside them)');
    // The cursor on bar 40 (the sell's): its label appears.
    over.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + ((40 - 30) / 29) * r.width, clientY: r.top + r.height / 2, bubbles: true }));
    await vi.waitFor(() => expect(host.querySelector('[data-testid="m-markers-at"]')?.textContent).toContain('this bar: Sell 100 @ 100.00'));
  });

  it('follows new markers on the same chart (same canvas)', async () => {
    const host = hostOf(800);
    const [marks, setMarks] = createSignal<ChartMarker[]>([]);
    cleanups.push(render(() => <LineChart title="t" time={time} series={[line]} markers={marks()} testId="m" />, host));
    await frames();
    const canvas = host.querySelector<HTMLCanvasElement>('[data-testid="m"] canvas')!;
    expect(boxOf(canvas, DOWN_COLOR)).toBeNull();
    expect(host.querySelector('[data-testid="m-markers"]')).toBeNull();
    setMarks([markers[1]]);
    await frames();
    expect(host.querySelector('[data-testid="m"] canvas')).toBe(canvas);
    expect(boxOf(canvas, DOWN_COLOR)).not.toBeNull();
    expect(host.querySelector('[data-testid="m-markers-count"]')!.textContent).toBe('1 fill shown');
  });
});

/** Columns [x0, x1) of a canvas as a canvas of their own. */
function cropped(canvas: HTMLCanvasElement, x0: number, x1: number): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = x1 - x0;
  out.height = canvas.height;
  out.getContext('2d')!.putImageData(canvas.getContext('2d')!.getImageData(x0, 0, out.width, out.height), 0, 0);
  return out;
}

describe("the lab's trades on the price chart", () => {
  it('shows the run’s bars as candles above the equity curve with an entry and an exit per trade; says so when the bars are gone', async () => {
    const db = freshDb('mt-markers-lab');
    const client = new BacktestClient();
    cleanups.push(() => client.terminate());
    const series = SAMPLE_SERIES.find((s) => s.key === 'GOOG:1d')!;
    const config = { data: { csv: series.file, symbol: 'GOOG' }, strategies: { s: { strategy: 'sma_cross', symbols: ['GOOG'], allocation: 1, fast: 10, slow: 30 } } };
    const { result } = await runLab({ db, client, series, config, title: 'sma_cross on GOOG daily' });
    const trades = result.json.trades.length;
    expect(trades).toBeGreaterThan(10);

    const host = hostOf(900);
    cleanups.push(render(() => <LabResult result={result} db={db} />, host));
    await vi.waitFor(() => expect(host.querySelector('[data-testid="lab-price"] canvas')).not.toBeNull(), { timeout: 20_000 });
    await frames();
    // Above the equity curve, sharing its cursor.
    const charts = [...host.querySelectorAll('[data-testid^="lab-"].chart')].map((c) => c.getAttribute('data-testid'));
    expect(charts).toEqual(['lab-price', 'lab-equity', 'lab-drawdown']);
    expect(host.querySelector('[data-testid="lab-price-markers-count"]')!.textContent).toBe(`${2 * trades} fills shown`);
    const items = [...host.querySelectorAll('[data-testid="lab-price-markers"] li')].map((li) => li.textContent!);
    expect(items.filter((t) => t.startsWith('Entry ')).length).toBe(Math.min(trades, 50));
    expect(items[0]).toBe(`Entry ${result.json.trades[0].entryTime}: ${result.json.trades[0].size! > 0 ? 'buy' : 'sell short'} ${Math.abs(result.json.trades[0].size!)} shares @ ${result.json.trades[0].entryPrice!.toFixed(2)}`);
    const canvas = host.querySelector<HTMLCanvasElement>('[data-testid="lab-price"] canvas')!;
    expect(boxOf(canvas, UP_COLOR)).not.toBeNull();

    // A result whose bars are no longer stored: a sentence instead of the chart.
    const gone = { ...result, id: 'gone', config: { ...result.config, data: { csv: 'WALK:1d', symbol: 'WALK' } } };
    const host2 = hostOf(900);
    cleanups.push(render(() => <LabResult result={gone} db={db} />, host2));
    await vi.waitFor(() => expect(host2.querySelector('[data-testid="lab-price-gone"]')?.textContent).toBe('No price chart: its bars (WALK:1d) are no longer stored on this device; import that CSV again to see them.'));
    expect(host2.querySelector('[data-testid="lab-price"]')).toBeNull();
    expect(host2.querySelector('[data-testid="lab-equity"] canvas')).not.toBeNull();
  });
});

/** A connected bridge whose `executions` and `strategies` topics hold what the test gives. */
function bridgeWith(topicsData: Record<string, Readonly<Record<string, unknown>>>): LiveSource {
  const [status] = createSignal<BridgeStatus>({ state: 'connected', serverVersion: 'test', broker: 'simulator' });
  const topic = (name: string): LiveTopic => ({ data: () => topicsData[name], live: () => true, updatedAt: () => Date.now(), failure: () => undefined });
  const topics: Topics = { topic, release: () => undefined };
  return { topics, commands: {} as Commands, status };
}

async function mountWorkbench(db: MoneyTrailzDb, live?: LiveSource) {
  const host = hostOf(1000);
  const ta = new TaClient();
  const wb = createWorkbench({ db, ta, live });
  const dispose = render(() => (
    <WorkbenchContext.Provider value={wb}>
      <Workbench />
    </WorkbenchContext.Provider>
  ), host);
  cleanups.push(() => {
    dispose();
    ta.terminate();
  });
  await wb.started;
  await vi.waitFor(() => expect(host.querySelector('[data-testid="chart"] canvas')).not.toBeNull(), { timeout: 20_000 });
  return { host, wb };
}

const info = (host: HTMLElement) => host.querySelector('[data-testid="chart-info"]')!.textContent!;

describe('the workbench', () => {
  it('draws the bridge’s fills and signals of the shown symbol; the checkbox (keyboard) hides them', async () => {
    const goog = readBarsCsv(googText, 'GOOG_1d.csv', { symbol: 'GOOG' });
    const n = goog.length;
    const at = goog.time[n - 3] + 15 * 3_600_000; // 15:00 on the third-last session
    const executions = {
      e1: { time: at, instrument: 'GOOG', secType: 'STK', side: 'BUY', quantity: 10, price: goog.close[n - 3], orderId: 1 },
      e2: { time: at, instrument: 'SPY', secType: 'STK', side: 'SELL', quantity: 5, price: 400, orderId: 2 },
    };
    const row = (id: string, symbol: string) => ({
      id, strategy: 'sma_cross', symbols: [symbol], timeframes: ['1d'], allocation: 0.5, priority: 0, state: 'running', armed: true, capital: 1000, openOrders: 0,
      signals: [{ time: goog.time[n - 2], symbol, side: 'SELL', confidence: 0.7, reason: 'fast crossed under slow' }],
      trace: [],
    });
    const strategies = { 'instance:a': row('a', 'GOOG'), 'instance:b': row('b', 'SPY') };
    const db = freshDb('mt-markers-wb');
    const { host, wb } = await mountWorkbench(db, bridgeWith({ executions, strategies }));
    await wb.actions.selectSeries('GOOG', '1d');
    await vi.waitFor(() => expect(host.querySelector('[data-testid="chart-markers-count"]')?.textContent).toBe('1 fill and 1 signal shown'), { timeout: 20_000 });
    const box = page.getByRole('checkbox', { name: 'Show fills and signals' });
    await expect.element(box).toBeChecked();
    host.querySelector<HTMLInputElement>('[data-testid="show-markers"]')!.focus();
    await userEvent.keyboard(' ');
    await expect.element(box).not.toBeChecked();
    await vi.waitFor(() => expect(host.querySelector('[data-testid="chart-markers"]')).toBeNull());
  });

  it('lists an imported series under "Your data" and charts it from IndexedDB, resampled like the samples', async () => {
    const db = freshDb('mt-markers-mine');
    const mine = readBarsCsv(googText, 'mine.csv', { symbol: 'MINE' });
    await putBars(db, mine, 'mine.csv');
    const { host } = await mountWorkbench(db);
    const symbol = host.querySelector<HTMLSelectElement>('#symbol-select')!;
    await vi.waitFor(() => expect(symbol.querySelector('optgroup[label="Your data"] option')?.textContent).toBe('MINE (your data)'));
    await userEvent.selectOptions(symbol, 'mine:MINE');
    await vi.waitFor(() => expect(host.querySelector('#chart-title')!.textContent).toContain('MINE daily (your data)'), { timeout: 20_000 });
    await vi.waitFor(() => expect(info(host)).toContain(`${mine.length.toLocaleString('en-US')} bars · from IndexedDB`), { timeout: 20_000 });
    const tf = host.querySelector<HTMLSelectElement>('#timeframe-select')!;
    expect([...tf.options].map((o) => o.value)).toEqual(['1d', '1w', '1mo']);
    await userEvent.selectOptions(tf, '1w');
    const weekly = resample(mine, '1w');
    await vi.waitFor(() => expect(info(host)).toContain(`${weekly.length.toLocaleString('en-US')} bars resampled from daily bars`), { timeout: 20_000 });
    expect(host.querySelector('#chart-title')!.textContent).toContain('MINE weekly (your data)');
  });
});
