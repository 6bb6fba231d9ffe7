// Fit and finish (issue 13, item 9) on the real `npm start`: every view at 1440×900, 1024×768 and a
// 390×844 phone — screenshots written as artefacts (tests/e2e/.artifacts, not committed), no
// horizontal overflow anywhere, no chart legend running past its box; on the phone the views are a
// bottom navigation bar and the chart comes before its pickers.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { groupGone, startAndWaitForUrl, type StartedProcess } from '../support/start-process.ts';
import { ROOT } from '../support/source-rules.ts';

const ARTIFACTS = join(ROOT, 'tests/e2e/.artifacts');
const SIZES = [
  [1440, 900],
  [1024, 768],
  [390, 844],
] as const;
const VIEWS = ['chart', 'account', 'orders', 'lab', 'risk', 'strategies', 'settings'] as const;


let app: StartedProcess;
let browser: Browser;

/** Elements wider than the viewport or running past its right edge, and legends wider than their box. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) out.push(`page: scrollWidth ${document.documentElement.scrollWidth} > ${vw}`);
    for (const el of document.querySelectorAll<HTMLElement>('.u-legend')) {
      if (el.offsetParent === null) continue; // hidden view
      const r = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 || r.right > vw + 1) out.push(`legend: ${el.textContent?.slice(0, 40)} (${Math.round(r.right)} > ${vw} or clipped)`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('nav.views button')) {
      const r = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 || r.right > vw + 1) out.push(`nav: '${el.textContent}' is cut off (${el.scrollWidth} > ${el.clientWidth}, right ${Math.round(r.right)} > ${vw})`);
    }
    return out;
  });
}

describe('layouts at three sizes on npm start', () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await startAndWaitForUrl('npm', ['start'], { MONEYTRAILZ_PORT: '0' }, /MoneyTrailz is running: (http:\/\/\S+)/);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (app && !groupGone(app.child.pid!)) await app.interrupt().catch(() => process.kill(-app.child.pid!, 'SIGKILL'));
  });

  for (const [w, h] of SIZES) {
    it(`${w}×${h}: every view fits, legends included; screenshots written`, async () => {
      const context = await browser.newContext({ viewport: { width: w, height: h } });
      const page = await context.newPage();
      await page.goto(`${app.url}#chart`);
      await page.waitForSelector('[data-testid="chart"] canvas', { timeout: 30_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      for (const view of VIEWS) {
        await page.click(`nav.views button:has-text("${view[0].toUpperCase()}${view.slice(1)}")`);
        await page.waitForSelector(`[data-testid="view-${view}"]:not([hidden])`);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.screenshot({ path: join(ARTIFACTS, `${view}-${w}x${h}.png`), fullPage: true });
        expect(await overflow(page), `${view} at ${w}×${h}`).toEqual([]);
      }
      if (w < 500) {
        // The phone: navigation at the bottom of the screen, the chart before the pickers.
        const nav = await page.locator('nav.views').boundingBox();
        expect(nav!.y + nav!.height).toBeGreaterThan(h - 2);
        await page.click('nav.views button:has-text("Chart")');
        const chart = await page.locator('[data-testid="chart"]').first().boundingBox();
        const picker = await page.locator('.wb-controls').boundingBox();
        expect(chart!.y).toBeLessThan(picker!.y);
      }
      await context.close();
    }, 120_000);
  }
});
