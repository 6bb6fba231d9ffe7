// The backtest CLI's HTML report (and the sweep's heat map) open from a file in Chromium, offline,
// with the equity curve really drawn (painted canvas pixels) and the trade list present.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { countColorPixels } from '../support/canvas-pixels.ts';
import { ROOT } from '../support/source-rules.ts';

let browser: Browser;
let dir: string;

function cli(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', script, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mt-report-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('backtest reports in Chromium', () => {
  it('the HTML report draws the equity curve (and drawdown) from a file, with no network', async () => {
    const html = join(dir, 'report.html');
    cli('bridge/cli/backtest.ts', 'tests/fixtures/backtest/goog-sma-cross.toml', '--html', html);
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.goto(`file://${html}`);
    await page.waitForSelector('[data-testid="equity-chart"] canvas');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const [equityBlue] = await page.evaluate(
      ({ src }) => {
        const count = new Function(`return ${src}`)() as (c: HTMLCanvasElement, k: number[][]) => number[];
        return count(document.querySelector('[data-testid="equity-chart"] canvas') as HTMLCanvasElement, [[79, 163, 255]]);
      },
      { src: countColorPixels.toString() },
    );
    expect(equityBlue).toBeGreaterThan(1000);
    expect(await page.locator('[data-testid="trades"] tbody tr').count()).toBe(66); // the trade list
    expect(await page.textContent('body')).toContain('Statistics · backtesting.py conventions');
    await context.close();
  });

  it('the sweep heat map opens and colours every cell', async () => {
    const map = join(dir, 'map.html');
    cli('bridge/cli/sweep.ts', 'tests/fixtures/backtest/goog-sma-cross.toml', '--grid', 'fast=5:15:5', '--grid', 'slow=20:40:10', '--workers', '1', '--csv', join(dir, 'r.csv'), '--html', map);
    const page = await browser.newPage();
    await page.goto(`file://${map}`);
    const coloured = await page.locator('[data-testid="heatmap"] td[style*="background:hsl"]').count();
    expect(coloured).toBe(9);
    await page.close();
  });
});
