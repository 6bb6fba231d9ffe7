// The manual order ticket on the real `npm start` (issue 13, item 4): Orders → fill the ticket for 1 SPY
// MKT BUY → Review shows the order guard's verdict (ok) and TWS's whatIf → Send places it; the order and
// its execution with commission appear; it is sold back the same way (npm start keeps paper state). A
// put picked from SPY's option chain (Option (pick) → Load chain) is reviewed, never sent. With
// the bridge stopped Review and Send are refused with a sentence saying nothing was sent or queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppSession, type AppSession } from '../support/app-session.ts';
import { groupGone, startAndWaitForUrl, type StartedProcess } from '../support/start-process.ts';

let session: AppSession;
let page: Page;
/** The bridge started again on the same port (the page reconnects to it). */
let again: StartedProcess | undefined;

beforeAll(async () => {
  session = await startAppSession([], { width: 390, height: 844 });
  ({ page } = session);
});
afterAll(async () => {
  await session?.close();
  if (again && !groupGone(again.child.pid!)) await again.interrupt().catch(() => process.kill(-again!.child.pid!, 'SIGKILL'));
});

/** Fills the ticket for `side` 1 SPY at market and reviews it with Enter. */
async function review(side: 'BUY' | 'SELL'): Promise<void> {
  await page.selectOption('[data-testid="ticket-kind"]', 'stock');
  await page.fill('[data-testid="ticket-symbol"]', 'SPY');
  await page.selectOption('[data-testid="ticket-side"]', side);
  await page.fill('[data-testid="ticket-quantity"]', '1');
  await page.selectOption('[data-testid="ticket-orderType"]', 'MKT');
  await page.press('[data-testid="ticket-quantity"]', 'Enter');
}

describe('the order ticket on npm start', () => {
  it('reviews (verdict ok, whatIf), sends 1 SPY, shows the order and its execution with commission, sells it back', async () => {
    await page.goto(session.app.url);
    await page.waitForSelector('nav.views');
    await page.keyboard.press('Alt+3');
    await page.waitForSelector('[data-testid="view-orders"]:not([hidden])');
    await expect.poll(() => page.textContent('[data-testid="orders-state"]'), { timeout: 30_000 }).toBe('live');
    // The form checks with the protocol's rules, by field: a limit order needs its price.
    await page.fill('[data-testid="ticket-symbol"]', 'SPY');
    await page.selectOption('[data-testid="ticket-orderType"]', 'LMT');
    await page.press('[data-testid="ticket-symbol"]', 'Enter');
    expect(await page.textContent('[data-testid="ticket-limitPrice-error"]')).toMatch(/expected a number/);

    await review('BUY');
    await page.waitForSelector('[data-testid="ticket-confirm"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="ticket-verdict"]')).toMatch(/^Order guard: ok/);
    expect(Number((await page.textContent('[data-testid="whatif-init-margin"]'))!.replace(/[^0-9.-]/g, ''))).toBeGreaterThan(0);
    expect(Number((await page.textContent('[data-testid="whatif-ewl"]'))!.replace(/[^0-9.]/g, ''))).toBeGreaterThan(0);
    // Escape closes the confirmation; Review again opens it.
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="ticket-confirm"]').count()).toBe(0);
    await page.press('[data-testid="ticket-quantity"]', 'Enter');
    await page.waitForSelector('[data-testid="ticket-send"]:not([disabled])', { timeout: 30_000 });
    const before = await page.locator('[data-testid="execution"]').count();
    await page.click('[data-testid="ticket-send"]');
    await expect.poll(() => page.textContent('[data-testid="ticket-note"]'), { timeout: 30_000 }).toMatch(/^Sent: order #(\d+)/);
    const orderId = /#(\d+)/.exec((await page.textContent('[data-testid="ticket-note"]'))!)![1];
    const row = page.locator('[data-testid="order"]', { hasText: `#${orderId}` });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => row.locator('[data-testid="order-status"]').textContent(), { timeout: 30_000 }).toBe('Filled');
    const fill = page.locator('[data-testid="execution"]', { hasText: `#${orderId}` });
    await expect.poll(() => fill.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => fill.locator('[data-testid="execution-commission"]').textContent(), { timeout: 30_000 }).toMatch(/^\d+\.\d+$/);
    expect(await page.locator('[data-testid="execution"]').count()).toBe(before + 1);
    expect(Number(await page.textContent('[data-testid="commission-total"]'))).toBeGreaterThan(0);
    // No horizontal scroll at 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Sell it back (a new ticket: a new intent id).
    await review('SELL');
    await page.waitForSelector('[data-testid="ticket-send"]:not([disabled])', { timeout: 30_000 });
    await page.click('[data-testid="ticket-send"]');
    await expect.poll(() => page.textContent('[data-testid="ticket-note"]'), { timeout: 30_000 }).toMatch(/^Sent: order #(\d+)/);
    const backId = /#(\d+)/.exec((await page.textContent('[data-testid="ticket-note"]'))!)![1];
    expect(backId).not.toBe(orderId);
    await expect.poll(() => page.locator('[data-testid="execution"]', { hasText: `#${backId}` }).count(), { timeout: 30_000 }).toBe(1);
  }, 120_000);

  it("picks a put from SPY's option chain and reviews it (whatIf with a margin change) — not sent", async () => {
    const executions = await page.locator('[data-testid="execution"]').count();
    await page.selectOption('[data-testid="ticket-kind"]', 'option');
    await page.selectOption('[data-testid="ticket-right"]', 'P');
    await page.selectOption('[data-testid="ticket-side"]', 'SELL');
    await page.selectOption('[data-testid="ticket-orderType"]', 'LMT');
    await page.fill('[data-testid="ticket-limitPrice"]', '');
    await page.fill('[data-testid="ticket-underlying"]', 'SPY');
    await page.press('[data-testid="ticket-underlying"]', 'Enter');
    await page.waitForSelector('[data-testid="chain-table"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="chain-underlying"]')).toMatch(/^SPY at [\d,]+\.\d\d · a snapshot of .*, not live/);
    expect(await page.locator('[data-testid="chain-expiry"] option').first().textContent()).toMatch(/^\d{4}-\d\d-\d\d · \d+ DTE$/);
    // The ATM put with a quote: picked by keyboard (focus, Enter); expiry, strike and the mid as LMT price filled.
    const atm = page.locator('[data-testid="chain-row"].atm button');
    expect(await atm.getAttribute('aria-label')).toMatch(/^Put [\d.]+ \(at the money\), bid \d+\.\d\d, ask \d+\.\d\d/);
    await atm.focus();
    await page.keyboard.press('Enter');
    expect(await page.inputValue('[data-testid="ticket-expiry"]')).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(Number(await page.inputValue('[data-testid="ticket-strike"]'))).toBeGreaterThan(0);
    expect(Number(await page.inputValue('[data-testid="ticket-limitPrice"]'))).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.click('[data-testid="ticket-review"]');
    await page.waitForSelector('[data-testid="ticket-confirm"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="ticket-verdict"]')).toMatch(/^Order guard: ok/);
    expect(Math.abs(Number((await page.textContent('[data-testid="whatif-init-margin"]'))!.replace(/[^0-9.-]/g, '')))).toBeGreaterThan(0);
    // Not sent: back to the form; the paper account has no new execution.
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="ticket-confirm"]').count()).toBe(0);
    expect(await page.locator('[data-testid="execution"]').count()).toBe(executions);
    await page.selectOption('[data-testid="ticket-orderType"]', 'MKT');
  }, 120_000);

  it('with the bridge stopped, Send and Review are refused with a sentence; nothing is sent, then or when it is back', async () => {
    await review('BUY');
    await page.waitForSelector('[data-testid="ticket-send"]:not([disabled])', { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="execution"]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const executions = await page.locator('[data-testid="execution"]').count();
    await session.app.interrupt();
    await expect.poll(() => page.textContent('[data-testid="bridge-status"]'), { timeout: 20_000 }).toContain('bridge offline');
    await page.click('[data-testid="ticket-send"]');
    await expect.poll(() => page.textContent('[data-testid="ticket-note"]'), { timeout: 10_000 }).toMatch(/not connected: the order was not sent \(orders are never queued\)/);
    await page.press('[data-testid="ticket-quantity"]', 'Enter');
    await expect.poll(() => page.textContent('[data-testid="ticket-note"]'), { timeout: 10_000 }).toMatch(/not connected: nothing was reviewed or sent/);
    expect(await page.textContent('[data-testid="orders-state"]')).toContain('not live');

    // The bridge comes back on the same port: the page reconnects, and nothing refused offline goes out.
    const port = new URL(session.app.url).port;
    again = await startAndWaitForUrl('npm', ['start'], { MONEYTRAILZ_PORT: port }, /MoneyTrailz is running: (http:\/\/\S+)/);
    await expect.poll(() => page.textContent('[data-testid="bridge-status"]'), { timeout: 30_000 }).toContain('broker: simulator');
    await expect.poll(() => page.textContent('[data-testid="orders-state"]'), { timeout: 30_000 }).toBe('live');
    await expect.poll(() => page.textContent('[data-testid="executions-state"]'), { timeout: 30_000 }).toBe(''); // live
    await page.waitForTimeout(3000);
    expect(await page.locator('[data-testid="execution"]').count()).toBe(executions);
    expect(await page.locator('[data-testid="order"]:not(.done)').count()).toBe(0);
  }, 180_000);
});
