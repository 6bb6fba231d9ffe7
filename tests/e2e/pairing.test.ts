// Pairing in the app, end to end: a real bridge with --require-token on 127.0.0.1 (no simulator),
// driven in Chromium. The app shows the pairing screen (it asks GET /pair/status), a wrong code
// shows an error, the code printed on the console pairs and the app connects; after a reload it
// connects without the code (the token is in IndexedDB); when the bridge's token changes, the app
// forgets the refused token and shows the pairing screen again. The token never appears on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { groupGone, startAndWaitForUrl, type StartedProcess } from '../support/start-process.ts';
import { ROOT } from '../support/source-rules.ts';

let dir: string;
let browser: Browser;
let page: Page;
const started: StartedProcess[] = [];

/** The bridge as `npm start -- --require-token` runs it (without the build and the simulator). */
async function startBridge(tokenFile: string, port = 0): Promise<{ app: StartedProcess; code: string }> {
  const app = await startAndWaitForUrl(
    process.execPath,
    ['--import', 'tsx', 'bridge/main.ts', '--port', String(port), '--no-simulator', '--require-token', '--static', join(ROOT, 'dist')],
    { MONEYTRAILZ_TOKEN_FILE: tokenFile },
    /MoneyTrailz is running: (http:\/\/\S+)/,
    60_000,
  );
  started.push(app);
  // The code is printed in the banner right after the URL line.
  for (let i = 0; i < 100 && !/pairing code: \d{6}/.test(app.output()); i++) await new Promise((r) => setTimeout(r, 50));
  const code = /pairing code: (\d{6})/.exec(app.output())?.[1];
  if (!code) throw new Error(`no pairing code printed:\n${app.output()}`);
  return { app, code };
}

const status = (p: Page) => p.textContent('[data-testid="bridge-status"]');
const CONNECTED = 'bridge 0.1.0 · broker: none';

describe('pairing the app with a bridge in token mode', () => {
  let first: { app: StartedProcess; code: string };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mt-pairing-'));
    first = await startBridge(join(dir, 'a', 'access-token'));
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    for (const app of started) if (!groupGone(app.child.pid!)) await app.interrupt().catch(() => process.kill(-app.child.pid!, 'SIGKILL'));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the pairing screen with a numeric one-time-code input, focused', async () => {
    await page.goto(first.app.url);
    await page.waitForSelector('[data-testid="pairing-screen"]', { timeout: 15_000 });
    const input = page.locator('[data-testid="pairing-code"]');
    expect(await input.getAttribute('inputmode')).toBe('numeric');
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('pairing-code');
    expect(await status(page)).toBe('bridge: pair this device');
  });

  it('says so when the code is wrong, and pairs with the code from the console (keyboard only)', async () => {
    const wrong = String((Number(first.code) + 1) % 1_000_000).padStart(6, '0');
    await page.keyboard.type(wrong);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid="pairing-error"]')).toContain('Wrong code');
    expect(await page.getAttribute('[data-testid="pairing-code"]', 'aria-invalid')).toBe('true');
    // The input has focus again with its text selected: typing replaces it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('pairing-code');
    await page.keyboard.type(first.code);
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe(CONNECTED);
    expect(await page.locator('[data-testid="pairing-screen"]').count()).toBe(0);
    const token = (await readFile(join(dir, 'a', 'access-token'), 'utf8')).trim();
    expect(await page.content()).not.toContain(token);
    expect(first.app.output()).not.toContain(token);
  });

  it('connects after a reload without the code: the token is kept in IndexedDB', async () => {
    await page.reload();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe(CONNECTED);
    expect(await page.locator('[data-testid="pairing-screen"]').count()).toBe(0);
  });

  it('forgets a token the bridge no longer accepts and asks to pair again', async () => {
    const port = Number(new URL(first.app.url).port);
    await first.app.interrupt();
    // The same address (same origin, same IndexedDB), a new token file: the stored token is refused.
    const second = await startBridge(join(dir, 'b', 'access-token'), port);
    await page.reload();
    await page.waitForSelector('[data-testid="pairing-screen"]', { timeout: 15_000 });
    await page.fill('[data-testid="pairing-code"]', second.code);
    await page.press('[data-testid="pairing-code"]', 'Enter');
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe(CONNECTED);
  });
});
