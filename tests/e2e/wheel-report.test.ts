// The wheel's decision trace in the backtest's HTML report (bridge/report/wheel-report.ts, wheel-rules.md
// §6.2), opened from a file in Chromium with no network: the dates with an order, a fill or an unfunded
// write are listed (a page at a time), each opens to its decisions and fills, the filter keeps what
// matches every word, and "all dates" lists every run date. data/examples/wheel-spy.toml: SPY 2008–2014.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { ROOT } from '../support/source-rules.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];

/** The page's trace data: [date, notable, decisions [stage, symbol, verdict, code, sentence], fills]. */
type Day = [string, number, [number, number, number, number, string][], unknown[]];
interface Trace {
  readonly code: string[];
  readonly days: Day[];
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mt-wheel-report-'));
  const html = join(dir, 'report.html');
  const args = ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', 'data/examples/wheel-spy.toml', '--html', html];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`backtest failed: ${r.stderr}`);
  browser = await launchChromium();
  context = await browser.newContext({ offline: true });
  page = await context.newPage();
  page.on('request', (q) => {
    if (!q.url().startsWith('file:')) requests.push(q.url());
  });
  await page.goto(`file://${html}`);
  await page.waitForSelector('[data-testid="trace"] details');
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const trace = () => page.evaluate(() => (JSON.parse(document.getElementById('report-data')!.textContent!) as { wheels: Trace[] }).wheels[0]);
const listed = () => page.locator('[data-testid="trace"] details');
const dates = () => listed().evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.date));
const n = (k: number) => k.toLocaleString('en-US');

describe('the wheel decision trace in Chromium', () => {
  it('lists the notable dates, a page of 300 at a time, with no network request', async () => {
    const t = await trace();
    const notable = t.days.filter((d) => d[1] === 1).map((d) => d[0]);
    expect(notable.length).toBeGreaterThan(300);
    expect(notable.length).toBeLessThan(t.days.length);
    expect(await dates()).toEqual(notable.slice(0, 300));
    expect(await page.textContent('[data-testid="trace-count"]')).toBe(`${n(notable.length)} of ${n(t.days.length)} dates (the first 300 listed)`);
    await page.click('[data-testid="trace-more"]');
    expect(await dates()).toEqual(notable.slice(0, 600));
    expect(requests).toEqual([]);
  });

  it('a date opens to its decisions (stage, symbol, verdict, code, sentence) and its session’s fills', async () => {
    const t = await trace();
    const withFill = t.days.find((d) => d[1] === 1 && d[3].length > 0)!;
    const entry = page.locator(`[data-testid="trace"] details[data-date="${withFill[0]}"]`);
    await entry.locator('summary').click();
    const rows = entry.locator('table').first().locator('tbody tr');
    expect(await rows.count()).toBe(withFill[2].length);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells).toHaveLength(5);
    expect(cells[3]).toBe(t.code[withFill[2][0][3]]);
    expect(cells[4]).toBe(withFill[2][0][4]);
    expect(await entry.locator('[data-testid="trace-fills"] tbody tr').count()).toBe(withFill[3].length);
  });

  it('the filter keeps the dates and decisions matching every word typed; "all dates" lists every run date', async () => {
    const t = await trace();
    await page.fill('[data-testid="trace-filter"]', 'not_funded spy');
    const unfunded = t.days.filter((d) => d[2].some((x) => t.code[x[3]] === 'NOT_FUNDED')).map((d) => d[0]);
    expect(unfunded.length).toBeGreaterThan(0);
    expect(await dates()).toEqual(unfunded);
    const first = listed().first();
    await first.locator('summary').click();
    const codes = await first.locator('table tbody tr td:nth-child(4)').allTextContents();
    expect(codes).toEqual(codes.map(() => 'NOT_FUNDED'));
    await page.fill('[data-testid="trace-filter"]', '');
    await page.check('[data-testid="trace-all"]');
    expect(await page.textContent('[data-testid="trace-count"]')).toBe(`${n(t.days.length)} of ${n(t.days.length)} dates (the first 300 listed)`);
    expect(await dates()).toEqual(t.days.slice(0, 300).map((d) => d[0]));
  });
});
