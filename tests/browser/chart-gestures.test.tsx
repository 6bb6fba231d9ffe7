// Pointer pan and zoom of the workbench's chart in Chromium (issue 13, item 2): a one-finger touch
// drag pans and a two-finger pinch zooms the price chart and its panes (synthetic PointerEvents of
// pointerType 'touch'), a tap moves nothing, a mouse drag selection becomes the shown bars, and after
// any of them no date-range preset shows pressed until one (the same one too) is chosen again.
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { formatDate } from '../../app/charts/chart-format.ts';
import '../../app/styles.css';
import { frames } from '../support/page-host.ts';
import { mountWorkbench, uniqueDbName } from '../support/workbench-host.tsx';

const mount = (width: number) => mountWorkbench({ width, dbName: uniqueDbName('mt-gesture') });

const label = (host: HTMLElement, testId: string) => host.querySelector(`[data-testid="${testId}"]`)!.getAttribute('aria-label')!;
/** The shown dates, from the chart's accessible name. */
const range = (host: HTMLElement, testId = 'chart') => label(host, testId).match(/from (\S+) to (\S+)/)!.slice(1);
const days = ([from, to]: string[]) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const plotOf = (host: HTMLElement) => host.querySelector<HTMLElement>('[data-testid="chart"] .u-over')!;

function touch(target: HTMLElement, type: string, id: number, x: number, y: number): void {
  target.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x, clientY: y, bubbles: true, cancelable: true }));
}

/** Fingers from `from` to `to` (client x per finger, at the plot's middle height) in a few steps. */
async function gesture(plot: HTMLElement, from: number[], to: number[]): Promise<void> {
  const y = plot.getBoundingClientRect().top + plot.getBoundingClientRect().height / 2;
  from.forEach((x, i) => touch(plot, 'pointerdown', i + 1, x, y));
  for (let step = 1; step <= 5; step++) {
    from.forEach((x, i) => touch(plot, 'pointermove', i + 1, x + ((to[i] - x) * step) / 5, y));
    await new Promise((r) => requestAnimationFrame(r));
  }
  to.forEach((x, i) => touch(plot, 'pointerup', i + 1, x, y));
  await frames();
}

const pressed = (name: string) => page.getByRole('button', { name, exact: true });

describe('touch and mouse pan and zoom', () => {
  it('one finger pans, two fingers pinch; the panes follow; no preset shows pressed until one is chosen again', async () => {
    const { host, wb } = await mount(1100);
    const b = wb.series().status === 'ready' ? wb.series() : null;
    expect(b).not.toBeNull();
    // An RSI pane under the price chart, to follow the gestures.
    await userEvent.selectOptions(host.querySelector<HTMLSelectElement>('#indicator-select')!, 'RSI');
    await userEvent.click(host.querySelector<HTMLButtonElement>('[data-testid="add-indicator"]')!);
    await vi.waitFor(() => expect(host.querySelector('[data-testid="lower-pane"] canvas')).not.toBeNull(), { timeout: 20_000 });
    await frames();
    const plot = plotOf(host);
    expect(getComputedStyle(plot).touchAction).toBe('none'); // the page does not scroll under a gesture
    const year = range(host);
    await expect.element(pressed('1Y')).toHaveAttribute('aria-pressed', 'true');

    // A tap (down and up in place) moves nothing.
    const r = plot.getBoundingClientRect();
    const mid = r.left + r.width / 2;
    await gesture(plot, [mid], [mid + 2]);
    expect(range(host)).toEqual(year);
    await expect.element(pressed('1Y')).toHaveAttribute('aria-pressed', 'true');

    // Dragging right by a quarter of the plot shows earlier bars: about a quarter of a year, width kept.
    await gesture(plot, [mid], [mid + r.width / 4]);
    await vi.waitFor(() => expect(range(host)[1] < year[1]).toBe(true));
    const panned = range(host);
    expect(panned[0] < year[0]).toBe(true);
    const shift = (Date.parse(year[1]) - Date.parse(panned[1])) / 86_400_000;
    expect(shift).toBeGreaterThan(days(year) * 0.15);
    expect(shift).toBeLessThan(days(year) * 0.35);
    expect(Math.abs(days(panned) - days(year))).toBeLessThan(8);
    expect(range(host, 'lower-pane')).toEqual(panned);
    await expect.element(pressed('1Y')).toHaveAttribute('aria-pressed', 'false');
    expect(host.querySelectorAll('[data-testid="range-presets"] [aria-pressed="true"]')).toHaveLength(0);

    // Spreading two fingers to twice their distance shows about half as many days; pinching back, more.
    await gesture(plot, [mid - 100, mid + 100], [mid - 200, mid + 200]);
    await vi.waitFor(() => expect(days(range(host))).toBeLessThan(days(panned) * 0.6));
    expect(days(range(host))).toBeGreaterThan(days(panned) * 0.4);
    expect(range(host, 'lower-pane')).toEqual(range(host));
    const zoomed = days(range(host));
    await gesture(plot, [mid - 200, mid + 200], [mid - 50, mid + 50]);
    await vi.waitFor(() => expect(days(range(host))).toBeGreaterThan(zoomed * 2));

    // Choosing the same preset again returns to it.
    await userEvent.click(pressed('1Y'));
    await vi.waitFor(() => expect(range(host)).toEqual(year));
    await expect.element(pressed('1Y')).toHaveAttribute('aria-pressed', 'true');
  });

  it('a mouse drag selection becomes the shown bars, the keyboard going on from there; a double-click shows every bar', async () => {
    const { host, wb } = await mount(1100);
    const s = wb.series();
    if (s.status !== 'ready') throw new Error('series not ready');
    const bars = s.loaded.bars;
    const plot = plotOf(host);
    const r = plot.getBoundingClientRect();
    const y = r.top + r.height / 2;
    const mouse = (type: string, x: number, target: EventTarget = plot) =>
      target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, movementX: 1, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true }));
    const year = range(host);
    // Select the middle half of the plot.
    mouse('mousedown', r.left + r.width / 4);
    for (let i = 1; i <= 4; i++) mouse('mousemove', r.left + r.width / 4 + (i * r.width) / 8);
    mouse('mouseup', r.left + (3 * r.width) / 4, document);
    await vi.waitFor(() => expect(range(host)[1] < year[1]).toBe(true));
    const sel = range(host);
    expect(sel[0] > year[0]).toBe(true);
    expect(days(sel)).toBeGreaterThan(days(year) * 0.4);
    expect(days(sel)).toBeLessThan(days(year) * 0.6);
    await expect.element(pressed('1Y')).toHaveAttribute('aria-pressed', 'false');
    // The keyboard continues from the selection.
    host.querySelector<HTMLElement>('[data-testid="chart-keys"]')!.focus();
    await userEvent.keyboard('{End}');
    await vi.waitFor(() => expect(range(host)[1]).toBe(formatDate(bars.time[bars.length - 1])));
    expect(Math.abs(days(range(host)) - days(sel))).toBeLessThan(8);
    // A double-click: every bar.
    plot.dispatchEvent(new MouseEvent('dblclick', { clientX: r.left + 10, clientY: y, button: 0, bubbles: true }));
    await vi.waitFor(() => expect(range(host)[0]).toBe(formatDate(bars.time[0])));
    await userEvent.click(pressed('1Y'));
    await vi.waitFor(() => expect(range(host)).toEqual(year));
  });
});

describe('the phone chart', () => {
  it('at 390 px the legend takes at most two rows and the price plot at least 45 % of the viewport height', async () => {
    const { host } = await mount(390);
    await frames();
    const legend = host.querySelector<HTMLElement>('[data-testid="chart"] .u-legend')!;
    const rows = new Set([...legend.querySelectorAll('tr')].filter((tr) => getComputedStyle(tr).display !== 'none').map((tr) => Math.round(tr.getBoundingClientRect().top)));
    expect(rows.size).toBeLessThanOrEqual(2);
    expect(legend.textContent).toContain('O');
    expect(legend.textContent).not.toContain('Open');
    // The date's row shows only the date (its label hidden, not replaced by uPlot's 'Time').
    const dateRow = legend.querySelector<HTMLElement>('tr')!;
    expect(dateRow.innerText.trim()).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(legend.scrollWidth).toBeLessThanOrEqual(legend.clientWidth + 1);
    const plot = plotOf(host).getBoundingClientRect();
    expect(plot.height).toBeGreaterThanOrEqual(0.45 * window.innerHeight);
    // Right above the plot: no empty strip between them.
    const gap = plot.top - legend.getBoundingClientRect().bottom;
    expect(gap).toBeGreaterThanOrEqual(-0.5);
    expect(gap, `legend ${legend.getBoundingClientRect().height} px tall`).toBeLessThan(16);
  });
});
