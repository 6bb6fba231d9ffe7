// The indicator workbench in Chromium with the real worker (WASM kernels) and a real IndexedDB:
// indicators added through the UI are painted in their palette colours (overlays on the price
// chart, momentum in the lower pane), a bad parameter shows the worker's message inline, the
// active list survives a remount, and session indicators follow the series' sessions.
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { DOWN_COLOR, PALETTE, UP_COLOR, rgbOf } from '../../app/charts/palette.ts';
import { countColorPixels } from '../support/canvas-pixels.ts';
import '../../app/styles.css';
import { frames } from '../support/page-host.ts';
import { mountWorkbench, uniqueDbName } from '../support/workbench-host.tsx';

const mount = (dbName: string) => mountWorkbench({ width: 1100, dbName });


/** Painted pixels per colour, summed over every canvas under `selector`. */
function pixels(host: HTMLElement, selector: string, colors: readonly string[]): number[] {
  const canvases = [...host.querySelectorAll<HTMLCanvasElement>(`${selector} canvas`)];
  const sums = colors.map(() => 0);
  for (const c of canvases) countColorPixels(c, colors.map(rgbOf)).forEach((n, i) => (sums[i] += n));
  return sums;
}

const chipTexts = (host: HTMLElement) => [...host.querySelectorAll('[data-testid="active-indicator"] .ind-label')].map((e) => e.textContent);
const select = (host: HTMLElement, id: string) => host.querySelector<HTMLSelectElement>(`#${id}`)!;

async function addThroughUi(host: HTMLElement, name: string, label: string): Promise<void> {
  await userEvent.selectOptions(select(host, 'indicator-select'), name);
  await userEvent.click(host.querySelector<HTMLButtonElement>('[data-testid="add-indicator"]')!);
  await vi.waitFor(() => expect(chipTexts(host)).toContain(label), { timeout: 20_000 });
  await frames();
}

describe('indicator workbench (real worker, real IndexedDB)', () => {
  it('starts with SMA(20) over SPY daily, then draws RSI(14) in the lower pane and BBANDS(20,2,2) on the price chart', async () => {
    const { host, wb } = await mount(uniqueDbName());
    expect(chipTexts(host)).toEqual(['SMA(20)']);
    expect(host.querySelector('[data-testid="chart-info"]')!.textContent).toContain('5,564 bars');
    // Candles by default: up and down bars in their colours, SMA(20) over them.
    const [up0, down0, sma0] = pixels(host, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR, PALETTE[0]]);
    expect(up0).toBeGreaterThan(500);
    expect(down0).toBeGreaterThan(500);
    expect(sma0).toBeGreaterThan(500);
    expect(host.querySelector('[data-testid="lower-chart"] canvas')).toBeNull(); // placeholder only

    // No layout jump: the first lower pane takes the placeholder's space, overlays and legends
    // change no chart's size, and the picker keeps its place.
    // Relative to the host: clicking a control may scroll the page.
    const rect = (sel: string) => {
      const r = host.querySelector(sel)!.getBoundingClientRect();
      const h = host.getBoundingClientRect();
      return JSON.stringify([r.left - h.left, r.top - h.top, r.width, r.height]);
    };
    const layout = () => ['[data-testid="chart"]', '[data-testid="lower-chart"]', '#indicator-select', '[data-testid="add-indicator"]'].map(rect);
    const before = layout();
    await addThroughUi(host, 'RSI', 'RSI(14)');
    expect(layout()).toEqual(before);
    await addThroughUi(host, 'BBANDS', 'BBANDS(20,2,2)');
    expect(layout()).toEqual(before);
    // Colours come from the fixed palette, in order, one per output.
    const rsi = wb.active().find((a) => a.name === 'RSI')!;
    const bb = wb.active().find((a) => a.name === 'BBANDS')!;
    expect(rsi.colors).toEqual([PALETTE[1]]);
    expect(bb.colors).toEqual([PALETTE[2], PALETTE[3], PALETTE[4]]);

    const [rsiLower, priceInLower] = pixels(host, '[data-testid="lower-chart"]', [rsi.colors[0], UP_COLOR]);
    expect(rsiLower).toBeGreaterThan(500);
    expect(priceInLower).toBe(0);
    const [up, down, upper, middle, lower, rsiOnPrice] = pixels(host, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR, ...bb.colors, rsi.colors[0]]);
    expect(up + down).toBeGreaterThan(300); // candles, partly under the bands
    expect(up).toBeGreaterThan(0);
    expect(upper).toBeGreaterThan(300);
    expect(middle).toBeGreaterThan(150); // dashed
    expect(lower).toBeGreaterThan(300);
    expect(rsiOnPrice).toBe(0);
    // Legend labels name the indicator, its parameters and the output.
    const legend = host.querySelector('[data-testid="chart"] .u-legend')!.textContent!;
    expect(legend).toContain('BBANDS(20,2,2) upper');
    expect(legend).toContain('BBANDS(20,2,2) lower');
    expect(host.querySelector('[data-testid="lower-chart"] .u-legend')!.textContent).toContain('RSI(14)');

    // Cursors are synced (uPlot.sync) and the panes line up: hovering the price chart puts the
    // lower pane's crosshair at the same x.
    const over = host.querySelector<HTMLElement>('[data-testid="chart"] .u-over')!;
    const box = over.getBoundingClientRect();
    over.dispatchEvent(new MouseEvent('mousemove', { clientX: box.left + box.width * 0.6, clientY: box.top + box.height / 2, bubbles: true }));
    await frames();
    const cursorX = (sel: string) => host.querySelector<HTMLElement>(`${sel} .u-cursor-x`)!;
    expect(cursorX('[data-testid="lower-pane"]').classList.contains('u-off')).toBe(false);
    const left = (el: HTMLElement) => el.getBoundingClientRect().left;
    expect(Math.abs(left(cursorX('[data-testid="lower-pane"]')) - left(cursorX('[data-testid="chart"]')))).toBeLessThan(1);
  });

  it('shows the worker\'s ParameterError under the parameter it names and adds nothing', async () => {
    const { host, wb } = await mount(uniqueDbName());
    await userEvent.selectOptions(select(host, 'indicator-select'), 'RSI');
    const period = host.querySelector<HTMLInputElement>('#param-rsi-period')!;
    expect(period.value).toBe('14'); // default pre-filled
    expect(period.min).toBe('2');
    expect(period.max).toBe('100000');
    expect(period.step).toBe('1');
    expect(host.querySelector(`#${period.getAttribute('aria-describedby')!.split(' ')[0]}`)!.textContent).toContain('an integer in [2, 100000]');
    await userEvent.clear(period);
    await userEvent.type(period, '1{Enter}');
    await vi.waitFor(() => expect(host.querySelector('.field-error')?.textContent).toMatch(/parameter 'period'.*\[2, 100000\].*got 1/), { timeout: 10_000 });
    expect(period.getAttribute('aria-invalid')).toBe('true');
    expect(period.getAttribute('aria-describedby')).toContain('error');
    expect(wb.active().map((a) => a.name)).toEqual(['SMA']);
    // A list parameter: FIB's ratios as comma-separated text; an out-of-range ratio is named too.
    await userEvent.selectOptions(select(host, 'indicator-select'), 'FIB');
    expect(host.querySelector('.field-error')).toBeNull(); // choosing another indicator clears it
    const ratios = host.querySelector<HTMLInputElement>('#param-fib-ratios')!;
    expect(ratios.value).toBe('0.236, 0.382, 0.5, 0.618, 0.786');
    await userEvent.clear(ratios);
    await userEvent.type(ratios, '0.5, 2{Enter}');
    await vi.waitFor(() => expect(host.querySelector('.field-error')?.textContent).toContain("parameter 'ratios'"), { timeout: 10_000 });
    await userEvent.clear(ratios);
    await userEvent.type(ratios, '0.5, 0.618{Enter}');
    await vi.waitFor(() => expect(chipTexts(host)).toContain('FIB(50,0.5/0.618)'), { timeout: 10_000 });
    expect(host.querySelector('.field-error')).toBeNull();
  });

  it('keeps the active indicators across a remount with the same database', async () => {
    const name = uniqueDbName();
    const first = await mount(name);
    await addThroughUi(first.host, 'RSI', 'RSI(14)');
    const colors = first.wb.active().map((a) => a.colors);
    first.unmount();

    const second = await mount(name);
    expect(chipTexts(second.host)).toEqual(['SMA(20)', 'RSI(14)']);
    expect(second.wb.active().map((a) => a.colors)).toEqual(colors);
    expect(second.host.querySelector('[data-testid="chart-info"]')!.textContent).toContain('from IndexedDB');
    await vi.waitFor(() => expect(second.host.querySelector('[data-testid="lower-chart"] canvas')).not.toBeNull());
    await frames();
    expect(pixels(second.host, '[data-testid="lower-chart"]', [colors[1][0]])[0]).toBeGreaterThan(500);

    // Removing one is stored as well.
    await userEvent.click(second.host.querySelector<HTMLButtonElement>('button[aria-label="Remove RSI(14)"]')!);
    await vi.waitFor(() => expect(chipTexts(second.host)).toEqual(['SMA(20)']));
    second.unmount();
    const third = await mount(name);
    expect(chipTexts(third.host)).toEqual(['SMA(20)']);
  });

  it('disables session indicators for daily series and enables them for SPY 1-minute', async () => {
    const { host, wb } = await mount(uniqueDbName());
    const option = (n: string) => host.querySelector<HTMLOptionElement>(`#indicator-select option[value="${n}"]`)!;
    for (const n of ['VWAP_SESSION', 'PIVOTS_SESSION']) {
      expect(option(n).disabled, n).toBe(true);
      expect(option(n).title).toMatch(/needs trading sessions/);
    }
    expect(option('VWAP').disabled).toBe(false);
    // 1-minute bars exist for SPY only; another symbol falls back to its daily file.
    await userEvent.selectOptions(select(host, 'timeframe-select'), '1m');
    await vi.waitFor(() => expect(host.querySelector('[data-testid="chart-info"]')!.textContent).toContain('24,570 bars'), { timeout: 20_000 });
    for (const n of ['VWAP_SESSION', 'PIVOTS_SESSION']) expect(option(n).disabled, n).toBe(false);
    await addThroughUi(host, 'VWAP_SESSION', 'VWAP_SESSION');
    const vwap = wb.active().find((a) => a.name === 'VWAP_SESSION')!;
    expect(pixels(host, '[data-testid="chart"]', [vwap.colors[0]])[0]).toBeGreaterThan(300); // an overlay

    // Back to daily: the option is disabled again and the active one says why instead of drawing.
    await userEvent.selectOptions(select(host, 'symbol-select'), 'QQQ');
    await vi.waitFor(() => expect(host.querySelector('[data-testid="chart-info"]')!.textContent).toContain('4,778 bars'), { timeout: 20_000 });
    expect(wb.series().sample.key).toBe('QQQ:1d');
    expect(option('VWAP_SESSION').disabled).toBe(true);
    expect(host.querySelector('.chip-problem')!.textContent).toMatch(/VWAP_SESSION.*needs trading sessions/);
    await frames();
    expect(pixels(host, '[data-testid="chart"]', [vwap.colors[0]])[0]).toBe(0);
  });
});
