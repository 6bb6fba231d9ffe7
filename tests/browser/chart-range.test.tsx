// Date-range presets and the log scale in Chromium: the workbench opens daily bars at their last
// year and minute bars at their last session, preset buttons (keyboard too) set the x range the
// chart really shows (its accessible name says which), the lower panes follow, and a log price axis
// spaces equal ratios equally.
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { LineChart } from '../../app/charts/LineChart.tsx';
import { presetWindow } from '../../app/charts/date-range.ts';
import { formatDate, formatIntraday } from '../../app/charts/chart-format.ts';
import { PRICE_COLOR, rgbOf } from '../../app/charts/palette.ts';
import type { Workbench as WorkbenchState } from '../../app/state/workbench.ts';
import '../../app/styles.css';
import { frames, hostOf } from '../support/page-host.ts';
import { mountWorkbench, uniqueDbName } from '../support/workbench-host.tsx';

const mount = (width: number) => mountWorkbench({ width, dbName: uniqueDbName('mt-range') });

const label = (host: HTMLElement, testId: string) => host.querySelector(`[data-testid="${testId}"]`)!.getAttribute('aria-label')!;

function bars(wb: WorkbenchState) {
  const s = wb.series();
  if (s.status !== 'ready') throw new Error(`series not ready: ${s.status}`);
  return s.loaded.bars;
}

describe('date-range presets', () => {
  it('daily bars open at their last year; 5Y, All and 1M (by keyboard) set the range of the price chart and its panes', async () => {
    const { host, wb } = await mount(1100);
    const b = bars(wb);
    const last = b.time[b.length - 1];
    expect(wb.range()).toBe('1Y');
    await expect.element(page.getByRole('button', { name: '1Y' })).toHaveAttribute('aria-pressed', 'true');
    // The first bar on or after the same date a year before the last.
    const end = new Date(last);
    const yearAgo = Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), end.getUTCDate());
    const first1y = b.time.find((t) => t >= yearAgo)!;
    expect(label(host, 'chart')).toContain(`from ${formatDate(first1y)} to ${formatDate(last)}`);
    expect(b.length).toBeGreaterThan(2000); // far more than a year of bars: the preset really narrows

    await userEvent.click(page.getByRole('button', { name: '5Y' }));
    const fiveAgo = Date.UTC(end.getUTCFullYear() - 5, end.getUTCMonth(), end.getUTCDate());
    await vi.waitFor(() => expect(label(host, 'chart')).toContain(`from ${formatDate(b.time.find((t) => t >= fiveAgo)!)} to ${formatDate(last)}`));

    await userEvent.click(page.getByRole('button', { name: 'All' }));
    await vi.waitFor(() => expect(label(host, 'chart')).toContain(`from ${formatDate(b.time[0])} to ${formatDate(last)}`));

    // Keyboard: Tab to the 1M button and press Enter; the RSI pane added below follows the range.
    await userEvent.selectOptions(host.querySelector<HTMLSelectElement>('#indicator-select')!, 'RSI');
    await userEvent.click(host.querySelector<HTMLButtonElement>('[data-testid="add-indicator"]')!);
    await vi.waitFor(() => expect(host.querySelector('[data-testid="lower-pane"] canvas')).not.toBeNull(), { timeout: 20_000 });
    host.querySelector<HTMLButtonElement>('[data-testid="range-presets"] button:not(:disabled)')!.focus(); // 5D (1D is disabled)
    expect(document.activeElement!.textContent).toBe('5D');
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement!.textContent).toBe('1M');
    await userEvent.keyboard('{Enter}');
    expect(wb.range()).toBe('1M');
    const monthAgo = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, end.getUTCDate());
    const want = `from ${formatDate(b.time.find((t) => t >= monthAgo)!)} to ${formatDate(last)}`;
    await vi.waitFor(() => expect(label(host, 'chart')).toContain(want));
    expect(label(host, 'lower-pane')).toContain(want);
  });

  it('the focused chart pans with the arrow keys and zooms with + and −, the panes following; Home and End go to the ends', async () => {
    const { host, wb } = await mount(1100);
    const b = bars(wb);
    const range = () => label(host, 'chart').match(/from (\S+) to (\S+)/)!.slice(1);
    const [from0, to0] = range();
    host.querySelector<HTMLElement>('[data-testid="chart-keys"]')!.focus();
    await userEvent.keyboard('{ArrowLeft}');
    await vi.waitFor(() => expect(range()[1] < to0).toBe(true));
    expect(range()[0] < from0).toBe(true);
    await userEvent.keyboard('{Home}');
    await vi.waitFor(() => expect(range()[0]).toBe(formatDate(b.time[0])));
    await userEvent.keyboard('{End}');
    await vi.waitFor(() => expect(range()[1]).toBe(formatDate(b.time[b.length - 1])));
    const span = () => Date.parse(range()[1]) - Date.parse(range()[0]);
    const before = span();
    await userEvent.keyboard('+');
    await vi.waitFor(() => expect(span()).toBeLessThan(before));
    await userEvent.keyboard('-');
    await userEvent.keyboard('-');
    await vi.waitFor(() => expect(span()).toBeGreaterThan(before));
    // Another preset takes over again.
    await userEvent.click(page.getByRole('button', { name: '5Y' }));
    await vi.waitFor(() => expect(range()[1]).toBe(formatDate(b.time[b.length - 1])));
  });

  it('minute bars open at their last session; 5D shows the last five sessions', async () => {
    const { host, wb } = await mount(1100);
    await wb.actions.selectSeries('SPY', '1m');
    await vi.waitFor(() => expect(wb.series().status === 'ready' && wb.series().sample.key).toBe('SPY:1m'), { timeout: 20_000 });
    expect(wb.range()).toBe('1D');
    const b = bars(wb);
    const session = b.session!;
    const lastSession = session[b.length - 1];
    const first = session.indexOf(lastSession);
    expect(first).toBeGreaterThan(1000); // the file holds many sessions
    expect(presetWindow('1D', b.time, session)).toEqual({ from: first, to: b.length - 1 });
    await vi.waitFor(() => expect(label(host, 'chart')).toContain(`from ${formatIntraday(b.time[first])} to ${formatIntraday(b.time[b.length - 1])}`));
    await userEvent.click(page.getByRole('button', { name: '5D' }));
    const sessions = [...new Set(session)];
    const fifth = session.indexOf(sessions[sessions.length - 5]);
    await vi.waitFor(() => expect(label(host, 'chart')).toContain(`from ${formatIntraday(b.time[fifth])} to`));
    // Back to daily bars: their own default (the last year), not five days.
    await wb.actions.selectSeries('SPY', '1d');
    expect(wb.range()).toBe('1Y');
  });

  it('disables presets that would show fewer than two bars (1D of daily bars)', async () => {
    await mount(1100);
    await expect.element(page.getByRole('button', { name: '1D' })).toBeDisabled();
    await expect.element(page.getByRole('button', { name: '5D' })).toBeEnabled();
  });
});

/** Rows where PRICE_COLOR covers at least a fifth of the width, grouped into bands (their middles). */
function lineBands(canvas: HTMLCanvasElement): number[] {
  const [r, g, b] = rgbOf(PRICE_COLOR);
  const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i + 3] >= 128 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= 40) n++;
    }
    if (n >= width / 5) rows.push(y);
  }
  const bands: number[][] = [];
  for (const y of rows) {
    const band = bands[bands.length - 1];
    if (band && y - band[band.length - 1] <= 1) band.push(y);
    else bands.push([y]);
  }
  return bands.map((band) => (band[0] + band[band.length - 1]) / 2);
}

describe('log scale', () => {
  it('spaces 100 → 200 → 400 equally on a log axis, twice as far apart at the top on a linear one', async () => {
    const n = 300;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
    const close = Float64Array.from({ length: n }, (_, i) => (i < 100 ? 100 : i < 200 ? 200 : 400));
    const ohlc = { open: close, high: close, low: close, close, volume: new Float64Array(n) };
    const gaps = async (log: boolean) => {
      const host = hostOf(900);
      const dispose = render(() => <LineChart title="t" time={time} series={[]} ohlc={{ bars: ohlc, style: 'line' }} logScale={log} />, host);
      await frames();
      const bands = lineBands(host.querySelector('canvas')!);
      dispose();
      host.remove();
      expect(bands).toHaveLength(3);
      const [y400, y200, y100] = bands;
      return { low: y100 - y200, high: y200 - y400 };
    };
    const linear = await gaps(false);
    expect(linear.high / linear.low).toBeGreaterThan(1.8);
    expect(linear.high / linear.low).toBeLessThan(2.2);
    const log = await gaps(true);
    expect(log.high / log.low).toBeGreaterThan(0.9);
    expect(log.high / log.low).toBeLessThan(1.1);
  });

  it('the workbench toggle switches the price axis to log and back', async () => {
    const { host, wb } = await mount(1100);
    const toggle = page.getByRole('checkbox', { name: 'Log scale' });
    await expect.element(toggle).not.toBeChecked();
    const before = host.querySelector('[data-testid="chart"] canvas');
    await userEvent.click(toggle);
    expect(wb.logScale()).toBe(true);
    await frames();
    // A rebuilt chart (a new canvas) that still shows the chosen range.
    expect(host.querySelector('[data-testid="chart"] canvas')).not.toBe(before);
    expect(label(host, 'chart')).toMatch(/from \d{4}-\d\d-\d\d to/);
    await userEvent.keyboard(' ');
    expect(wb.logScale()).toBe(false);
  });
});
