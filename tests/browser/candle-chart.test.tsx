// Price bars in Chromium: candles and OHLC bars painted in the up/down colours with a volume
// histogram, the chart-style control, timeframes resampled in the app exactly as
// shared/timeframes does (indicators computed on the resampled bars), MACD's histogram as
// columns, and legends that wrap at phone width instead of scrolling sideways.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { LineChart } from '../../app/charts/LineChart.tsx';
import type { ChartStyle } from '../../app/charts/candle-plot.ts';
import { DOWN_COLOR, PRICE_COLOR, UP_COLOR, VOLUME_DOWN_COLOR, VOLUME_UP_COLOR, rgbOf } from '../../app/charts/palette.ts';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { TaClient } from '../../app/workers/ta-client.ts';
import { createWorkbench, WorkbenchContext, type Workbench as WorkbenchState } from '../../app/state/workbench.ts';
import { SAMPLES } from '../../app/state/samples.ts';
import { Workbench } from '../../app/ui/Workbench.tsx';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { resample } from '../../shared/timeframes/resample.ts';
import { countColorPixels } from '../support/canvas-pixels.ts';
import '../../app/styles.css';
import { cleanups, frames, hostOf } from '../support/page-host.ts';
import { syntheticBars } from '../support/synthetic-bars.ts';

function pixels(root: ParentNode, selector: string, colors: readonly string[]): number[] {
  const sums = colors.map(() => 0);
  for (const c of root.querySelectorAll<HTMLCanvasElement>(`${selector} canvas`)) countColorPixels(c, colors.map(rgbOf)).forEach((n, i) => (sums[i] += n));
  return sums;
}

/**
 * The most x positions with `color` in a band of two adjacent rows (columns above and below a
 * zero line end on either side of it).
 */
function busiestRow(canvas: HTMLCanvasElement, color: string): number {
  const [r, g, b] = rgbOf(color);
  const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  const hit = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return data[i + 3] >= 128 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= 40;
  };
  let best = 0;
  for (let y = 0; y + 1 < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) if (hit(x, y) || hit(x, y + 1)) n++;
    best = Math.max(best, n);
  }
  return best;
}


async function drawBars(style: ChartStyle): Promise<HTMLDivElement> {
  const host = hostOf(800);
  const { time, bars } = syntheticBars();
  const dispose = render(() => <LineChart title="t" time={time} series={[]} ohlc={{ bars, style }} />, host);
  cleanups.push(dispose);
  await frames();
  return host;
}

describe('price bars (LineChart with OHLCV)', () => {
  it('paints candles in the up and down colours over a volume histogram', async () => {
    const host = await drawBars('candles');
    const [up, down, volUp, volDown, line] = pixels(host, '', [UP_COLOR, DOWN_COLOR, VOLUME_UP_COLOR, VOLUME_DOWN_COLOR, PRICE_COLOR]);
    // 30 bars of each colour, bodies ~9 px wide.
    expect(up).toBeGreaterThan(30 * 9 * 10);
    expect(down).toBeGreaterThan(30 * 9 * 10);
    expect(volUp).toBeGreaterThan(30 * 9 * 20);
    expect(volDown).toBeGreaterThan(30 * 9 * 20);
    expect(line).toBe(0);
    // Volume stays in the lowest fifth of the canvas (under the price's range).
    const canvas = host.querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    const top = document.createElement('canvas');
    top.width = canvas.width;
    top.height = Math.floor(canvas.height * 0.6);
    top.getContext('2d')!.putImageData(ctx.getImageData(0, 0, top.width, top.height), 0, 0);
    expect(countColorPixels(top, [rgbOf(VOLUME_UP_COLOR), rgbOf(VOLUME_DOWN_COLOR)])).toEqual([0, 0]);
    expect(host.querySelector('.u-legend')!.textContent).toMatch(/Open.*High.*Low.*Close.*Volume/);
  });

  it('paints OHLC bars (thin: fewer pixels than candle bodies) and the close line in line mode', async () => {
    const candles = pixels(await drawBars('candles'), '', [UP_COLOR, DOWN_COLOR]);
    const ohlc = pixels(await drawBars('ohlc'), '', [UP_COLOR, DOWN_COLOR, VOLUME_UP_COLOR]);
    expect(ohlc[0]).toBeGreaterThan(30 * 15);
    expect(ohlc[1]).toBeGreaterThan(30 * 15);
    expect(ohlc[0]).toBeLessThan(candles[0]);
    expect(ohlc[2]).toBeGreaterThan(0);
    const [lineUp, lineDown, price, vol] = pixels(await drawBars('line'), '', [UP_COLOR, DOWN_COLOR, PRICE_COLOR, VOLUME_UP_COLOR]);
    expect([lineUp, lineDown]).toEqual([0, 0]);
    expect(price).toBeGreaterThan(300);
    expect(vol).toBeGreaterThan(0);
  });

  it('1,000,000 bars: one bar per pixel column (its range and colour), a rising half green and a falling half red', async () => {
    const host = hostOf(800);
    const n = 1_000_000;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2000, 0, 1) + i * 60_000);
    const close = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 100 + i / 5000 : 300 - (i - n / 2) / 5000));
    const open = close.map((c, i) => (i < n / 2 ? c - 0.01 : c + 0.01));
    const high = close.map((c) => c + 0.05);
    const low = open.map((o) => o - 0.05);
    const volume = Float64Array.from({ length: n }, () => 1000);
    const dispose = render(() => <LineChart title="t" time={time} series={[]} ohlc={{ bars: { open, high, low, close, volume }, style: 'candles' }} />, host);
    cleanups.push(dispose);
    await frames();
    const canvas = host.querySelector('canvas')!;
    const left = document.createElement('canvas');
    const right = document.createElement('canvas');
    const ctx = canvas.getContext('2d')!;
    for (const [c, x0] of [[left, 0], [right, Math.floor(canvas.width / 2)]] as const) {
      c.width = Math.floor(canvas.width / 2);
      c.height = canvas.height;
      c.getContext('2d')!.putImageData(ctx.getImageData(x0, 0, c.width, c.height), 0, 0);
    }
    const [lUp, lDown] = countColorPixels(left, [rgbOf(UP_COLOR), rgbOf(DOWN_COLOR)]);
    const [rUp, rDown] = countColorPixels(right, [rgbOf(UP_COLOR), rgbOf(DOWN_COLOR)]);
    // A column per canvas pixel of each half (~390 on an 800 px chart), each at least a pixel tall.
    expect(lUp).toBeGreaterThan(250);
    expect(rDown).toBeGreaterThan(250);
    // (the legend's Low/Open markers add a few pixels of each colour)
    expect(lDown).toBeLessThan(lUp / 5);
    expect(rUp).toBeLessThan(rDown / 5);
    const [volUp, volDown] = pixels(host, '', [VOLUME_UP_COLOR, VOLUME_DOWN_COLOR]);
    expect(volUp).toBeGreaterThan(300);
    expect(volDown).toBeGreaterThan(300);
  });

  it('draws a histogram series as filled columns from zero', async () => {
    const host = hostOf(800);
    const n = 100;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
    const hist = Float64Array.from({ length: n }, (_, i) => (i % 20 < 10 ? 5 : -5));
    const line = Float64Array.from({ length: n }, (_, i) => 4 * Math.sin(i / 8));
    cleanups.push(render(() => (
      <LineChart title="t" time={time} height={150} series={[
        { label: 'hist', values: hist, color: '#f2cc60', bars: true },
        { label: 'macd', values: line, color: '#c792ea' },
      ]} />
    ), host));
    await frames();
    const [bars, macd] = pixels(host, '', ['#f2cc60', '#c792ea']);
    // Columns fill a good share of the plot (a line of the same values would paint ~1.5k px).
    expect(bars).toBeGreaterThan(10_000);
    expect(macd).toBeGreaterThan(500); // drawn over the columns
  });
});

interface Mounted {
  readonly host: HTMLDivElement;
  readonly wb: WorkbenchState;
}

const dbNames: string[] = [];
afterEach(async () => {
  for (const name of dbNames.splice(0)) await new MoneyTrailzDb(name).delete();
});

async function mount(width: number, dbName = `mt-candles-${Math.random().toString(36).slice(2)}`): Promise<Mounted & { unmount(): void }> {
  if (!dbNames.includes(dbName)) dbNames.push(dbName);
  const host = hostOf(width);
  const db = new MoneyTrailzDb(dbName);
  const ta = new TaClient();
  const wb = createWorkbench({ db, ta });
  const dispose = render(() => (
    <WorkbenchContext.Provider value={wb}>
      <Workbench />
    </WorkbenchContext.Provider>
  ), host);
  let done = false;
  const unmount = () => {
    if (done) return;
    done = true;
    dispose();
    ta.terminate();
    db.close();
  };
  cleanups.push(unmount);
  await wb.started;
  await vi.waitFor(() => expect(host.querySelector('[data-testid="chart"] canvas')).not.toBeNull(), { timeout: 20_000 });
  await frames();
  return { host, wb, unmount };
}

const info = (host: HTMLElement) => host.querySelector('[data-testid="chart-info"]')!.textContent!;

async function spy1m() {
  const file = SAMPLES.find((s) => s.key === 'SPY:1m')!;
  return readBarsCsv(await (await fetch(file.url)).text(), file.file, { symbol: 'SPY' });
}

describe('workbench price chart', () => {
  it('switches SPY 1-minute to 5-minute bars resampled as shared/timeframes does, indicators on them, kept after a remount', async () => {
    const dbName = `mt-candles-${Math.random().toString(36).slice(2)}`;
    const { host, wb, unmount } = await mount(1100, dbName);
    const tf = host.querySelector<HTMLSelectElement>('#timeframe-select')!;
    expect([...tf.options].map((o) => o.value)).toEqual(['1m', '5m', '15m', '1h', '1d', '1w', '1mo']);
    await userEvent.selectOptions(tf, '1m');
    await vi.waitFor(() => expect(info(host)).toContain('24,570 bars'), { timeout: 20_000 });
    await userEvent.selectOptions(tf, '5m');
    const raw = await spy1m();
    const expected = resample(raw, '5m');
    await vi.waitFor(() => expect(info(host)).toContain(`${expected.length.toLocaleString('en-US')} bars resampled from 1-minute bars`), { timeout: 20_000 });
    const s = wb.series();
    if (s.status !== 'ready') throw new Error('series not ready');
    expect(s.sample.key).toBe('SPY:1m>5m');
    const got = s.loaded.bars;
    expect(got.length).toBe(expected.length);
    expect(got.length).toBeGreaterThan(24_570 / 5 - 1);
    for (const col of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(got[col])).toEqual(Array.from(expected[col]));
    // A known window, from the 1-minute bars directly: the first five minutes of the first session.
    expect(raw.time[4] - raw.time[0]).toBe(4 * 60_000);
    expect(got.time[0]).toBe(raw.time[0]);
    expect(got.open[0]).toBe(raw.open[0]);
    expect(got.high[0]).toBe(Math.max(...raw.high.slice(0, 5)));
    expect(got.low[0]).toBe(Math.min(...raw.low.slice(0, 5)));
    expect(got.close[0]).toBe(raw.close[4]);
    expect(got.volume[0]).toBeCloseTo(raw.volume.slice(0, 5).reduce((a, b) => a + b, 0), 6);
    // SMA(20) is computed by the worker on the 5-minute bars (under their own key).
    await vi.waitFor(() => expect(wb.results().seriesKey).toBe('SPY:1m>5m'), { timeout: 20_000 });
    const sma = wb.results().byUid.get('default-sma');
    if (sma?.status !== 'ready') throw new Error('SMA not computed');
    const out = Object.values(sma.outputs)[0];
    expect(out.length).toBe(expected.length);
    const at = 500;
    const mean = expected.close.slice(at - 19, at + 1).reduce((a, b) => a + b, 0) / 20;
    expect(out[at]).toBeCloseTo(mean, 9);
    await frames();
    const [up, down] = pixels(host, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR]);
    expect(up).toBeGreaterThan(300);
    expect(down).toBeGreaterThan(300);

    // The timeframe is stored with the other settings.
    unmount();
    const again = await mount(1100, dbName);
    await vi.waitFor(() => expect(again.wb.series().sample.key).toBe('SPY:1m>5m'), { timeout: 20_000 });
    expect(again.host.querySelector<HTMLSelectElement>('#timeframe-select')!.value).toBe('5m');
  });

  it('offers weekly and monthly bars from a daily file', async () => {
    const { host, wb } = await mount(1100);
    await userEvent.selectOptions(host.querySelector<HTMLSelectElement>('#symbol-select')!, 'QQQ');
    await vi.waitFor(() => expect(wb.series().sample.key).toBe('QQQ:1d'), { timeout: 20_000 });
    const tf = host.querySelector<HTMLSelectElement>('#timeframe-select')!;
    expect(tf.querySelector<HTMLOptionElement>('option[value="5m"]')!.disabled).toBe(true);
    await userEvent.selectOptions(tf, '1mo');
    await vi.waitFor(() => expect(info(host)).toMatch(/^\s*2\d\d bars resampled from daily bars/), { timeout: 20_000 });
    expect(wb.series().sample.key).toBe('QQQ:1d>1mo');
  });

  it('switches candles / OHLC / line with the keyboard, keeps the choice, and draws MACD\'s histogram as columns', async () => {
    const dbName = `mt-candles-${Math.random().toString(36).slice(2)}`;
    const { host, wb, unmount } = await mount(1100, dbName);
    const candles = page.getByRole('radio', { name: 'Candles' });
    await expect.element(candles).toBeChecked();
    const candlePx = pixels(host, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR, PRICE_COLOR]);
    expect(candlePx[2]).toBe(0);
    // One Tab stop; arrow keys move the choice (native radio group).
    await userEvent.click(candles);
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(page.getByRole('radio', { name: 'OHLC' })).toBeChecked();
    expect(wb.chartStyle()).toBe('ohlc');
    await frames();
    const ohlcPx = pixels(host, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR]);
    expect(ohlcPx[0] + ohlcPx[1]).toBeGreaterThan(500);
    await userEvent.keyboard('{ArrowRight}');
    expect(wb.chartStyle()).toBe('line');
    await frames();
    const [lineUp, price] = pixels(host, '[data-testid="chart"]', [UP_COLOR, PRICE_COLOR]);
    expect(lineUp).toBe(0);
    expect(price).toBeGreaterThan(500);
    expect(host.querySelector('#chart-title')!.textContent).toContain('close');

    // MACD on monthly bars (wide enough to see columns): its histogram is drawn as opaque
    // columns under its lines.
    await userEvent.selectOptions(host.querySelector<HTMLSelectElement>('#timeframe-select')!, '1mo');
    await vi.waitFor(() => expect(wb.results().seriesKey).toBe('SPY:1d>1mo'), { timeout: 20_000 });
    await userEvent.selectOptions(host.querySelector<HTMLSelectElement>('#indicator-select')!, 'MACD');
    await userEvent.click(host.querySelector<HTMLButtonElement>('[data-testid="add-indicator"]')!);
    await vi.waitFor(() => expect(wb.active().map((a) => a.name)).toContain('MACD'), { timeout: 20_000 });
    await vi.waitFor(() => expect(host.querySelector('[data-testid="lower-chart"] canvas')).not.toBeNull());
    await frames();
    const macd = wb.active().find((a) => a.name === 'MACD')!;
    const [line, signal, hist] = pixels(host, '[data-testid="lower-chart"]', macd.colors);
    expect(line).toBeGreaterThan(300);
    expect(signal).toBeGreaterThan(300);
    expect(hist).toBeGreaterThan(100);
    // Columns all stand on the zero line: one row holds the histogram's colour across much of the
    // width (a line would touch any one row only where it crosses it).
    const pane = host.querySelector<HTMLCanvasElement>('[data-testid="lower-pane"] canvas')!;
    expect(busiestRow(pane, macd.colors[2])).toBeGreaterThan(pane.width * 0.3);
    expect(busiestRow(pane, macd.colors[0])).toBeLessThan(pane.width * 0.3);
    expect(host.querySelector('[data-testid="lower-chart"] .u-legend')!.textContent).toMatch(/MACD\(12,26,9\) hist.*MACD\(12,26,9\) macd/);

    unmount();
    const again = await mount(1100, dbName);
    expect(again.wb.chartStyle()).toBe('line');
    expect(again.host.querySelector<HTMLInputElement>('input[value="line"]')!.checked).toBe(true);
  });

  it('wraps long legends at 390 px instead of scrolling sideways', async () => {
    const { host, wb } = await mount(390);
    await userEvent.selectOptions(host.querySelector<HTMLSelectElement>('#indicator-select')!, 'BBANDS');
    await userEvent.click(host.querySelector<HTMLButtonElement>('[data-testid="add-indicator"]')!);
    await vi.waitFor(() => expect(wb.active().map((a) => a.name)).toContain('BBANDS'), { timeout: 20_000 });
    await frames();
    const card = host.querySelector<HTMLElement>('section.card')!;
    const legend = host.querySelector<HTMLElement>('[data-testid="chart"] .u-legend')!;
    expect(legend.textContent).toContain('BBANDS(20,2,2) lower');
    expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth);
    expect(legend.scrollWidth).toBeLessThanOrEqual(legend.clientWidth);
    expect(legend.getBoundingClientRect().right).toBeLessThanOrEqual(card.getBoundingClientRect().right);
    // It wrapped: several rows, the last entry below the first.
    const rows = [...legend.querySelectorAll('tr')].filter((r) => getComputedStyle(r).display !== 'none');
    expect(rows.at(-1)!.getBoundingClientRect().top).toBeGreaterThan(rows[0].getBoundingClientRect().bottom - 1);
    expect(host.scrollWidth).toBeLessThanOrEqual(390);
  });
});
