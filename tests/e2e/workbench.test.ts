// The indicator workbench end to end on the real `npm start`: MACD is added with the keyboard
// only, its lines are painted in the lower pane; after the service worker controls the page, an
// offline reload restores the active indicators from IndexedDB and draws them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { groupGone, startAndWaitForUrl, type StartedProcess } from '../support/start-process.ts';
import { countColorPixels } from '../support/canvas-pixels.ts';
import { DOWN_COLOR, PALETTE, UP_COLOR, rgbOf } from '../../app/charts/palette.ts';

let app: StartedProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const SMA = PALETTE[0];
// The next free palette colours after SMA(20)'s: MACD's macd, signal and hist lines.
const MACD_LINE = PALETTE[1];
const MACD_SIGNAL = PALETTE[2];

/** Painted pixels per colour, summed over the canvases under `selector`, after two frames. */
async function pixels(p: Page, selector: string, colors: string[]): Promise<number[]> {
  await p.waitForSelector(`${selector} canvas`, { timeout: 30_000 });
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return p.evaluate(
    ({ src, selector, colors }) => {
      const count = new Function(`return ${src}`)() as (c: HTMLCanvasElement, k: number[][]) => number[];
      const sums = colors.map(() => 0);
      for (const c of document.querySelectorAll<HTMLCanvasElement>(`${selector} canvas`)) count(c, colors).forEach((n, i) => (sums[i] += n));
      return sums;
    },
    { src: countColorPixels.toString(), selector, colors: colors.map(rgbOf) },
  );
}

const chips = (p: Page) => p.locator('[data-testid="active-indicator"] .ind-label').allTextContents();

describe('indicator workbench on npm start', () => {
  beforeAll(async () => {
    app = await startAndWaitForUrl('npm', ['start'], { MONEYTRAILZ_PORT: '0' }, /MoneyTrailz is running: (http:\/\/\S+)/);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }); // the dark palette's colours are counted
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    if (app && !groupGone(app.child.pid!)) await app.interrupt().catch(() => process.kill(-app.child.pid!, 'SIGKILL'));
  });

  it('opens with SMA(20) over SPY daily candles', async () => {
    await page.goto(app.url);
    const [up, down, sma] = await pixels(page, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR, SMA]);
    expect(up).toBeGreaterThan(500);
    expect(down).toBeGreaterThan(500);
    expect(sma).toBeGreaterThan(500);
    await expect.poll(() => page.textContent('[data-testid="chart-info"]')).toContain('5,564 bars');
    expect(await chips(page)).toEqual(['SMA(20)']);
  });

  it('adds MACD with the keyboard only and paints it in the lower pane', async () => {
    // Tab into the page until the indicator picker has focus (as a keyboard user would).
    await page.locator('body').focus();
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'indicator-select'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('indicator-select');
    // Type-ahead on the focused select, else arrow through the options.
    await page.keyboard.type('MACD');
    for (let i = 0; i < 30 && (await page.inputValue('#indicator-select')) !== 'MACD'; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#indicator-select')).toBe('MACD');
    // Its parameters come from the catalog with the defaults filled in; Enter in a field adds it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('param-macd-fast');
    expect(await page.inputValue('#param-macd-fast')).toBe('12');
    expect(await page.inputValue('#param-macd-slow')).toBe('26');
    expect(await page.inputValue('#param-macd-signal')).toBe('9');
    await page.keyboard.press('Enter');
    await expect.poll(() => chips(page), { timeout: 20_000 }).toEqual(['SMA(20)', 'MACD(12,26,9)']);

    const [macd, signal] = await pixels(page, '[data-testid="lower-chart"]', [MACD_LINE, MACD_SIGNAL]);
    expect(macd).toBeGreaterThan(300);
    expect(signal).toBeGreaterThan(300);
    expect(await page.textContent('[data-testid="lower-chart"] .u-legend')).toContain('MACD(12,26,9) signal');
    // The price chart still has its candles and SMA line, and MACD is not on it.
    const [up, down, sma, macdOnPrice] = await pixels(page, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR, SMA, MACD_LINE]);
    expect(up).toBeGreaterThan(500);
    expect(down).toBeGreaterThan(500);
    expect(sma).toBeGreaterThan(500);
    expect(macdOnPrice).toBe(0);
  });

  it('reloads offline under the service worker with the active indicators restored and drawn', async () => {
    await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.textContent('[data-testid="chart-info"]')).toContain('from IndexedDB');

    await context.setOffline(true);
    const res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    await expect.poll(() => page.textContent('[data-testid="network-status"]')).toBe('offline');
    await expect.poll(() => chips(page), { timeout: 20_000 }).toEqual(['SMA(20)', 'MACD(12,26,9)']);
    const [up, down, sma] = await pixels(page, '[data-testid="chart"]', [UP_COLOR, DOWN_COLOR, SMA]);
    expect(up).toBeGreaterThan(500);
    expect(down).toBeGreaterThan(500);
    expect(sma).toBeGreaterThan(500);
    const [macd, signal] = await pixels(page, '[data-testid="lower-chart"]', [MACD_LINE, MACD_SIGNAL]);
    expect(macd).toBeGreaterThan(300);
    expect(signal).toBeGreaterThan(300);
    // Proof the network really was off: an uncached URL fails.
    const uncached = await page.evaluate(() => fetch('/not-cached-' + Date.now()).then(() => 'fetched', (e) => String(e)));
    expect(uncached).toMatch(/Failed to fetch|TypeError/);

    // Keyboard removal works offline too, and focus stays in the list.
    await page.focus('button[aria-label="Remove MACD(12,26,9)"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => chips(page)).toEqual(['SMA(20)']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Remove SMA(20)');
    await context.setOffline(false);
  });
});
