// Issue 13's new user's path on the real `npm start` (sample data, embedded simulator at 60×): the
// portfolio streams from the simulator (values change), SPY on 5-minute candles with RSI and
// Bollinger bands added, `sma_cross` on GOOG in the lab with the same equity and stats as the CLI's
// `npm run backtest` of the same configuration, and after an offline reload the result is still there,
// the live panels say they are not live and a command is refused, nothing queued.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName } from '@stoqey/ib';
import type { BrowserContext, Page } from 'playwright-core';
import { nextOrderId, shownNlv, startAppSession, type AppSession } from '../support/app-session.ts';
import { IbTestClient } from '../support/ib-client.ts';
import { mkt, stock } from '../support/ib-orders.ts';
import { ROOT } from '../support/source-rules.ts';
import { formatStat, STAT_ROWS } from '../../app/lab/stat-rows.ts';
import type { PortfolioJson } from '../../shared/engine/backtest-result.ts';

let session: AppSession;
let page: Page;
let context: BrowserContext;
let dir: string;

const frames = (p: Page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mt-new-user-'));
  session = await startAppSession(['--sim-speed', '60']);
  ({ page, context } = session);
});
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a new user on npm start', () => {
  it('watches the portfolio stream from the simulator: values change', async () => {
    await page.goto(`${session.app.url}#account`);
    await expect.poll(() => page.textContent('[data-testid="account-state"]'), { timeout: 30_000 }).toMatch(/^live/);
    const client = await IbTestClient.connect({ port: session.simulatorPort(), clientId: 9 });
    const buy = nextOrderId(client);
    const filled = client.waitFor(EventName.orderStatus, (id: number, s: string) => id === buy && s === 'Filled', { timeoutMs: 15_000 });
    client.api.placeOrder(buy, stock('SPY'), mkt('BUY', 500, { account: undefined }));
    await filled;
    const seen = new Set<number>();
    await expect.poll(async () => seen.add(await shownNlv(page)).size, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(3);
    // Leave the paper account as it was (npm start keeps its state between runs).
    const sell = buy + 1;
    const sold = client.waitFor(EventName.orderStatus, (id: number, s: string) => id === sell && s === 'Filled', { timeoutMs: 15_000 });
    client.api.placeOrder(sell, stock('SPY'), mkt('SELL', 500, { account: undefined }));
    await sold;
    await client.disconnect();
  }, 90_000);

  it('opens SPY on 5-minute candles and adds RSI and Bollinger bands', async () => {
    await page.keyboard.press('Alt+1');
    await page.waitForSelector('[data-testid="view-chart"]:not([hidden]) [data-testid="chart"] canvas', { timeout: 30_000 });
    await page.selectOption('[data-testid="symbol-select"]', 'SPY');
    await page.selectOption('[data-testid="timeframe-select"]', '5m');
    await expect.poll(() => page.textContent('#chart-title'), { timeout: 30_000 }).toMatch(/SPY 5/);
    for (const name of ['RSI', 'BBANDS']) {
      await page.selectOption('[data-testid="indicator-select"]', name);
      await page.click('[data-testid="add-indicator"]');
      await expect.poll(() => page.locator('[data-testid="active-indicator"] .ind-label').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringContaining(name === 'RSI' ? 'RSI' : 'BBANDS'));
    }
    await frames(page);
    expect(await page.locator('[data-testid="view-chart"] canvas').count()).toBeGreaterThanOrEqual(2); // price and the RSI pane
  }, 90_000);

  it('runs sma_cross on GOOG in the lab: equity and stats equal the CLI’s; an offline reload finds the result', async () => {
    await page.keyboard.press('Alt+4');
    await page.waitForSelector('[data-testid="lab"]');
    await page.selectOption('[data-testid="lab-sample"]', { label: 'GOOG daily' });
    await page.selectOption('[data-testid="lab-strategy"]', 'sma_cross');
    await page.click('[data-testid="lab-run"]');
    await page.waitForSelector('[data-testid="lab-stats"]', { timeout: 60_000 });
    const shown = async () => page.$$eval('[data-testid="lab-stats"] tr', (rows) => rows.map((r) => [r.getAttribute('data-key'), r.querySelector('td')!.textContent]));
    const lab = await shown();

    // The CLI on the same configuration: the form's defaults (fast 10, slow 30, $10,000, no commission).
    const toml = join(dir, 'goog.toml');
    await writeFile(toml, `[data]\ncsv = "${join(ROOT, 'data/samples/GOOG_1d.csv')}"\nsymbol = "GOOG"\n[backtesting]\ninitial_capital = 10000\n[backtesting.execution]\ncommission = 0\n[strategies.sma_cross]\nenabled = true\nfast = 10\nslow = 30\n`);
    const out = join(dir, 'goog.json');
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', toml, '--json', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const cli = JSON.parse(await readFile(out, 'utf8')) as PortfolioJson;
    expect(lab).toEqual(STAT_ROWS.map((row) => [row.key, formatStat(row, cli)]));
    expect(Number(cli.stats.numTrades)).toBeGreaterThan(10);

    // Offline: the app comes from the service worker and the stored result from IndexedDB.
    await expect.poll(() => page.textContent('[data-testid="sw-status"]'), { timeout: 30_000 }).toContain('ready offline');
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid="lab-stored"] button', { timeout: 30_000 });
    await page.click('[data-testid="lab-stored"] button');
    await page.waitForSelector('[data-testid="lab-stats"]');
    expect(await shown()).toEqual(lab);
    expect(await page.textContent('[data-testid="network-status"]')).toBe('offline');
    // The chip tells the truth after an offline reload (it says "registering" until the page's
    // registration resolves, then that the worker is ready offline); the live panels say they are not
    // live; a command is refused with a sentence and nothing is queued for later.
    await expect.poll(() => page.textContent('[data-testid="sw-status"]'), { timeout: 10_000 }).toBe('service worker: ready offline');
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.textContent('[data-testid="account-state"]'), { timeout: 10_000 }).toContain('bridge offline');
    await page.click('[data-testid="halt"]');
    await expect.poll(() => page.textContent('[data-testid="kill-note"]'), { timeout: 10_000 }).toContain('nothing was sent');
    await context.setOffline(false);
    // Back online, the bridge reconnects and the account is live again (nothing was queued meanwhile).
    await expect.poll(() => page.textContent('[data-testid="account-state"]'), { timeout: 30_000 }).toMatch(/^live/);
  }, 120_000);
});
