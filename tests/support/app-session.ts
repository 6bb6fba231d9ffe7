// `npm start` with a Chromium page on it, for the e2e tests of the workstation, and the small helpers
// they share: an order id a TWS test client has not used, the net liquidation the Account view shows.
import { EventName } from '@stoqey/ib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import type { IbTestClient } from './ib-client.ts';
import { groupGone, startAndWaitForUrl, type StartedProcess } from './start-process.ts';

export interface AppSession {
  readonly app: StartedProcess;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The embedded simulator's TWS API port (npm start prints it). */
  simulatorPort(): number;
  close(): Promise<void>;
}

/** Starts `npm start [-- args]` on a free port and opens a page at `viewport`. */
export async function startAppSession(args: readonly string[] = [], viewport = { width: 1280, height: 900 }): Promise<AppSession> {
  const app = await startAndWaitForUrl('npm', ['start', ...(args.length ? ['--', ...args] : [])], { MONEYTRAILZ_PORT: '0' }, /MoneyTrailz is running: (http:\/\/\S+)/);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return {
    app,
    browser,
    context,
    page,
    simulatorPort() {
      const m = /TWS API simulator \(paper, sample data\): 127\.0\.0\.1:(\d+)/.exec(app.output());
      if (!m) throw new Error(`npm start printed no simulator port:\n${app.output()}`);
      return Number(m[1]);
    },
    async close() {
      await browser.close();
      if (!groupGone(app.child.pid!)) await app.interrupt().catch(() => process.kill(-app.child.pid!, 'SIGKILL'));
    },
  };
}

/** An order id above every one this client (and the simulator's saved state) has used. */
export const nextOrderId = (c: IbTestClient): number => Number(c.events(EventName.nextValidId)[0].args[0]) + 10;

/** The net liquidation the Account view shows. */
export const shownNlv = async (p: Page): Promise<number> => Number((await p.textContent('[data-testid="nlv"]'))!.replace(/[^0-9.]/g, ''));
