// The Account view on the real `npm start` (issue 13, item 1): the values stream from the embedded
// simulator through the bridge's account and pnl topics. A position bought through TWS's API (a
// real @stoqey/ib client on the simulator's port) appears under Positions, and at --sim-speed 60 the
// net liquidation moves as the replayed price does. Alt+2 opens the view from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName } from '@stoqey/ib';
import type { Page } from 'playwright-core';
import { nextOrderId, shownNlv, startAppSession, type AppSession } from '../support/app-session.ts';
import { IbTestClient } from '../support/ib-client.ts';
import { mkt, stock } from '../support/ib-orders.ts';

let session: AppSession;
let page: Page;


beforeAll(async () => {
  session = await startAppSession(['--sim-speed', '60']);
  ({ page } = session);
});
afterAll(async () => {
  await session?.close();
});

describe('the live account on npm start', () => {
  it('Alt+2 opens the account: TWS’s net liquidation and cash, live', async () => {
    await page.goto(session.app.url);
    await page.waitForSelector('nav.views');
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('[data-testid="view-account"]:not([hidden])');
    expect(page.url()).toMatch(/#account$/);
    await expect.poll(() => page.textContent('[data-testid="account-state"]'), { timeout: 30_000 }).toMatch(/^live/);
    expect(await shownNlv(page)).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="cash"]')).toMatch(/\d/);
  }, 60_000);

  it('a position bought through TWS appears, and the net liquidation moves with the replayed price', async () => {
    const client = await IbTestClient.connect({ port: session.simulatorPort(), clientId: 7 });
    const id = nextOrderId(client);
    const filled = client.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === id && s === 'Filled', { timeoutMs: 15_000 });
    client.api.placeOrder(id, stock('SPY'), mkt('BUY', 1000, { account: undefined }));
    await filled;
    await expect.poll(() => page.locator('[data-testid="position"] th', { hasText: 'SPY' }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          seen.add(await shownNlv(page));
          return seen.size;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(3);
    // The risk view: VaR from the bridge's daily bars of SPY, the exposure, and an alert once the margin
    // use passes a limit the user sets (1,000 SPY need a few % of a $1,000,000 account's value as margin).
    await page.keyboard.press('Alt+5');
    await page.waitForSelector('[data-testid="view-risk"]:not([hidden])');
    await expect.poll(() => page.textContent('[data-testid="var-note"]'), { timeout: 30_000 }).toMatch(/^historical, \d+ days/);
    expect(Number((await page.textContent('[data-testid="var95"]'))!.split(' ')[0].replace(/,/g, ''))).toBeGreaterThan(500);
    expect(await page.locator('[data-testid="exposure"] th').allTextContents()).toContain('SPY');
    await page.fill('[data-testid="limit-maxMarginPct"]', '1');
    await page.press('[data-testid="limit-maxMarginPct"]', 'Enter');
    await page.locator('[data-testid="limit-maxMarginPct"]').blur();
    await expect.poll(() => page.textContent('[data-testid="risk-alerts"]'), { timeout: 10_000 }).toMatch(/Margin use [\d.]+ % is past its limit of 1 %/);
    await page.fill('[data-testid="limit-maxMarginPct"]', '50');
    await page.locator('[data-testid="limit-maxMarginPct"]').blur();
    await page.keyboard.press('Alt+2');
    // Leave the paper account as it was (npm start keeps its state between runs).
    const back = nextOrderId(client) + 1;
    const sold = client.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === back && s === 'Filled', { timeoutMs: 15_000 });
    client.api.placeOrder(back, stock('SPY'), mkt('SELL', 1000, { account: undefined }));
    await sold;
    await client.disconnect();
  }, 90_000);
});

describe('orders and the kill switch on npm start', () => {
  it('a working order placed in TWS shows with its status (not cancellable from here); Halt and Resume reach the bridge; with the bridge stopped nothing is sent', async () => {
    const client = await IbTestClient.connect({ port: session.simulatorPort(), clientId: 8 });
    const id = nextOrderId(client);
    const working = client.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === id && s === 'Submitted', { timeoutMs: 15_000 });
    client.api.placeOrder(id, stock('SPY'), { ...mkt('BUY', 1), orderType: 'LMT' as never, lmtPrice: 1, account: undefined });
    await working;
    await page.keyboard.press('Alt+3');
    await page.waitForSelector('[data-testid="view-orders"]:not([hidden])');
    const row = page.locator('[data-testid="order"]', { hasText: `#${id}` });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.locator('[data-testid="order-status"]').textContent()).toBe('Submitted');
    expect(await row.textContent()).toContain('placed outside MoneyTrailz');

    await page.click('[data-testid="halt"]');
    await expect.poll(() => page.textContent('[data-testid="kill-note"]'), { timeout: 10_000 }).toMatch(/^trading halted at/);
    await page.click('[data-testid="resume"]');
    await page.click('[data-testid="resume-confirm"]');
    await expect.poll(() => page.textContent('[data-testid="kill-note"]'), { timeout: 10_000 }).toMatch(/^trading active at/);

    client.api.cancelOrder(id);
    await client.disconnect();
    // The bridge goes away (stopped, as with Ctrl-C): a halt is refused here and nothing is queued.
    await session.app.interrupt();
    await expect.poll(() => page.textContent('[data-testid="bridge-status"]'), { timeout: 20_000 }).toContain('bridge offline');
    await page.click('[data-testid="halt"]');
    await expect.poll(() => page.textContent('[data-testid="kill-note"]'), { timeout: 10_000 }).toContain('nothing was sent');
    expect(await page.textContent('[data-testid="orders-state"]')).toContain('not live');
  }, 90_000);
});
