// Live mode on the real `npm start` (issue 13, item 2): the chart's Live switch loads SPY's recent
// 1-minute bars with a historicalBars request and follows the bridge's bars:SPY:1m topic while the
// embedded simulator replays at 60× — the last bar's close changes in the same chart (no rebuild) —
// and when the bridge stops the chart says "not live · bridge offline".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppSession, type AppSession } from '../support/app-session.ts';

let session: AppSession;
let page: Page;

beforeAll(async () => {
  session = await startAppSession(['--sim-speed', '60']);
  ({ page } = session);
});
afterAll(async () => {
  await session?.close();
});

/** The price chart legend's Close value (the last bar's while the cursor is off the chart). */
const lastClose = (p: Page) =>
  p.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-testid="chart"] .u-legend .u-series')];
    return rows.find((r) => r.querySelector('.u-label')?.textContent === 'Close')?.querySelector('.u-value')?.textContent ?? '';
  });

describe('Live on npm start', () => {
  it('SPY goes live by keyboard: recent 1-minute bars, the last close moving in place, "not live" when the bridge stops', async () => {
    await page.goto(`${session.app.url}#chart`);
    await page.waitForSelector('[data-testid="chart"] canvas', { timeout: 30_000 });
    await expect.poll(() => page.textContent('[data-testid="bridge-status"]'), { timeout: 30_000 }).toMatch(/^bridge .* broker/);
    const toggle = page.getByRole('checkbox', { name: 'Live' });
    expect(await toggle.isChecked()).toBe(false); // off by default on the bundled samples
    await toggle.focus();
    await page.keyboard.press('Space');
    expect(await toggle.isChecked()).toBe(true);
    await expect.poll(() => page.textContent('[data-testid="chart-info"]'), { timeout: 60_000 }).toMatch(/\d bars · from the bridge, not stored/);
    await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toMatch(/^Live · SPY 1-minute bars from the bridge/);
    expect(await page.textContent('#chart-title')).toContain('SPY 1-minute');
    // Mark the chart's canvas: an update must reach the same chart, not a new one.
    await page.evaluate(() => ((document.querySelector('[data-testid="chart"] canvas') as HTMLCanvasElement & { mark?: boolean }).mark = true));
    const first = await lastClose(page);
    expect(first).toMatch(/^\d[\d,]*(\.\d+)?$/);
    const seen = new Set([first]);
    await expect
      .poll(
        async () => {
          seen.add(await lastClose(page));
          return seen.size;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => (document.querySelector('[data-testid="chart"] canvas') as HTMLCanvasElement & { mark?: boolean }).mark === true)).toBe(true);

    // The bridge stops: the bars stay on screen, marked as not live.
    await session.app.interrupt();
    await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toMatch(/^not live · bridge offline · bars as of/);
  }, 180_000);
});
