// The strategy monitor on the real `npm start` (issue 13, item 3): without a moneytrailz.toml the
// bridge offers the built-in sample's instances, all stopped; Start on one arms it (the bridge runs it
// through its order path on the simulator's replay) and its card shows it running; Stop stops it. With
// the bridge stopped, Start is refused with a sentence saying nothing was sent, and nothing is armed.
// The bridge's state goes to a folder of its own (MONEYTRAILZ_STATE_DIR), so the run starts fresh.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppSession, type AppSession } from '../support/app-session.ts';

let session: AppSession;
let page: Page;
let stateDir: string;
const saved = process.env.MONEYTRAILZ_STATE_DIR;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'mt-e2e-strategies-'));
  process.env.MONEYTRAILZ_STATE_DIR = stateDir; // npm start inherits it
  session = await startAppSession(['--sim-speed', '60']);
  ({ page } = session);
}, 180_000);
afterAll(async () => {
  await session?.close();
  if (saved === undefined) delete process.env.MONEYTRAILZ_STATE_DIR;
  else process.env.MONEYTRAILZ_STATE_DIR = saved;
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

const card = (id: string) => page.locator(`[data-testid="strategy-${id}"]`);
const stateOf = (id: string) => card(id).locator('[data-testid="strategy-state"]').textContent();

describe('the strategy monitor on npm start', () => {
  it('shows the sample instances stopped; Start runs one, Stop stops it', async () => {
    await page.goto(session.app.url);
    await page.waitForSelector('nav.views');
    await page.getByRole('button', { name: /^Strategies/ }).click();
    await page.waitForSelector('[data-testid="view-strategies"]:not([hidden])');
    await expect.poll(() => page.textContent('[data-testid="strategies-state"]'), { timeout: 30_000 }).toMatch(/^live/);
    for (const id of ['qqq_trend', 'spy_rsi', 'tlt_hold']) await expect.poll(() => stateOf(id), { timeout: 10_000 }).toBe('stopped');
    expect(await page.textContent('.strategies-source')).toContain('built-in sample');

    const start = card('tlt_hold').getByRole('button', { name: 'Start strategy tlt_hold' });
    await start.click();
    await expect.poll(() => card('tlt_hold').locator('[data-testid="strategy-note"]').textContent(), { timeout: 10_000 }).toContain('tlt_hold is armed');
    await expect.poll(() => stateOf('tlt_hold'), { timeout: 30_000 }).toBe('running');
    expect(JSON.parse(await readFile(join(stateDir, 'bridge', 'simulator', 'armed-strategies.json'), 'utf8'))).toEqual({ armed: ['tlt_hold'] });
    // The decision trace folds out (plain words, or a sentence saying nothing was decided yet).
    await card('tlt_hold').locator('details.strategy-trace summary').click();
    expect(await card('tlt_hold').locator('details.strategy-trace').textContent()).toMatch(/Decision trace \(\d+\)/);
    // Multi-timeframe agreement: TLT's daily trend and, as context, its weekly one, each a chip with its name.
    const chips = card('tlt_hold').locator('[data-testid="tf-chip"]');
    await expect.poll(() => chips.count(), { timeout: 30_000 }).toBe(2);
    const names = await chips.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names[0]).toMatch(/^(1d trend (up|down|flat), |not enough bars for the 1d trend yet)/);
    expect(names[1]).toMatch(/^(1w trend (up|down|flat), |not enough bars for the 1w trend yet)/);

    await card('tlt_hold').getByRole('button', { name: 'Stop strategy tlt_hold' }).click();
    await expect.poll(() => stateOf('tlt_hold'), { timeout: 15_000 }).toBe('stopped');
    expect(await card('tlt_hold').locator('[data-testid="strategy-note"]').textContent()).toContain('tlt_hold is stopped');
    expect(JSON.parse(await readFile(join(stateDir, 'bridge', 'simulator', 'armed-strategies.json'), 'utf8'))).toEqual({ armed: [] });

    // The account's target vs actual allocation: the sample's sleeves (40 % QQQ, 40 % SPY, 20 % TLT).
    await page.keyboard.press('Alt+2');
    const rows = page.locator('[data-testid="allocation-row"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const targets = await rows.evaluateAll((trs) => trs.map((tr) => `${tr.children[0].textContent} ${tr.children[1].textContent}`));
    expect(targets.slice(0, 3).sort()).toEqual(['QQQ 40.0 %', 'SPY 40.0 %', 'TLT 20.0 %']);
    expect(await page.textContent('[data-testid="allocation"] caption')).toContain('the strategy sleeves’ capital');
    await page.keyboard.press('Alt+6');
    await page.waitForSelector('[data-testid="view-strategies"]:not([hidden])');
  }, 120_000);

  it('with the bridge stopped, Start is refused with a sentence and nothing is armed', async () => {
    await session.app.interrupt();
    await expect.poll(() => page.textContent('[data-testid="bridge-status"]'), { timeout: 20_000 }).toContain('bridge offline');
    await expect.poll(() => page.textContent('[data-testid="strategies-state"]'), { timeout: 10_000 }).toContain('not live · bridge offline');
    await card('spy_rsi').getByRole('button', { name: 'Start strategy spy_rsi' }).click();
    await expect.poll(() => card('spy_rsi').locator('[data-testid="strategy-note"]').textContent(), { timeout: 10_000 }).toMatch(/^Start not done — the bridge is not connected: nothing was sent \(commands are never queued\)/);
    expect(await stateOf('spy_rsi')).toBe('stopped · not live');
    expect(JSON.parse(await readFile(join(stateDir, 'bridge', 'simulator', 'armed-strategies.json'), 'utf8'))).toEqual({ armed: [] });
  }, 60_000);
});
