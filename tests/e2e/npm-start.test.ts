// `npm start` end to end: it prints a URL; in Chromium the page draws SPY candles and SMA(20)
// (painted pixels), registers the service worker, keeps bars in IndexedDB and reloads offline
// with the chart still drawn; Ctrl-C stops every process and frees the port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { groupGone, startAndWaitForUrl, type StartedProcess } from '../support/start-process.ts';
import { countColorPixels } from '../support/canvas-pixels.ts';
import { IbTestClient } from '../support/ib-client.ts';
import { EventName } from '@stoqey/ib';
import { DOWN_COLOR, PALETTE, UP_COLOR, rgbOf } from '../../app/charts/palette.ts';

const UP = rgbOf(UP_COLOR);
const DOWN = rgbOf(DOWN_COLOR);
const SMA = rgbOf(PALETTE[0]);

let app: StartedProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function chartPixels(p: Page): Promise<number[]> {
  await p.waitForSelector('[data-testid="chart"] canvas', { timeout: 30_000 });
  // uPlot sizes and paints in a deferred commit: wait two frames.
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return p.evaluate(
    ({ src, colors }) => {
      const count = new Function(`return ${src}`)() as (c: HTMLCanvasElement, k: number[][]) => number[];
      return count(document.querySelector('[data-testid="chart"] canvas') as HTMLCanvasElement, colors);
    },
    { src: countColorPixels.toString(), colors: [UP, DOWN, SMA] },
  );
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('npm start in Chromium', () => {
  beforeAll(async () => {
    app = await startAndWaitForUrl('npm', ['start'], { MONEYTRAILZ_PORT: '0' }, /MoneyTrailz is running: (http:\/\/\S+)/);
    browser = await launchChromium();
    context = await browser.newContext({ colorScheme: 'dark' }); // the dark palette's colours are counted
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    if (app && !groupGone(app.child.pid!)) process.kill(-app.child.pid!, 'SIGKILL');
  });

  it('prints a loopback URL', () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('starts the embedded TWS API simulator: a real @stoqey/ib client connects and gets SPY details', async () => {
    const m = /TWS API simulator \(paper, sample data\): 127\.0\.0\.1:(\d+)/.exec(app.output());
    expect(m, app.output()).not.toBeNull();
    const client = await IbTestClient.connect({ port: Number(m![1]), clientId: 7 });
    const details = client.waitFor(EventName.contractDetails, (id: number) => id === 1);
    client.api.reqContractDetails(1, { symbol: 'SPY', secType: 'STK' as never, exchange: 'SMART', currency: 'USD' });
    const [, d] = await details;
    expect(d.contract.symbol).toBe('SPY');
    await client.disconnect();
  });

  it('draws both series from the WASM worker and stores the bars in IndexedDB', async () => {
    await page.goto(app.url);
    const [up, down, sma] = await chartPixels(page);
    expect(up).toBeGreaterThan(500);
    expect(down).toBeGreaterThan(500);
    expect(sma).toBeGreaterThan(500);
    await expect.poll(() => page.textContent('[data-testid="chart-info"]')).toContain('5,564 bars');
    await expect.poll(() => page.textContent('[data-testid="bridge-status"]')).toContain('bridge 0.1.0 · broker: simulator');
  });

  it('is installable: manifest with name, start_url, standalone display and 192/512 PNG icons', async () => {
    const href = await page.getAttribute('link[rel="manifest"]', 'href');
    expect(href).toBeTruthy();
    const manifest = await (await fetch(new URL(href!, app.url))).json();
    expect(manifest).toMatchObject({ name: 'MoneyTrailz', display: 'standalone', start_url: '.' });
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, new URL(href!, app.url)));
      expect(res.headers.get('content-type')).toBe('image/png');
      const sig = new Uint8Array(await res.arrayBuffer()).slice(0, 4);
      expect(Array.from(sig)).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
  });

  it('registers the service worker and reloads offline with the chart still drawn', async () => {
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(app.url);
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect.poll(() => page.textContent('[data-testid="chart-info"]')).toContain('from IndexedDB');

    await context.setOffline(true);
    const res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    const [up, down, sma] = await chartPixels(page);
    expect(up).toBeGreaterThan(500);
    expect(down).toBeGreaterThan(500);
    expect(sma).toBeGreaterThan(500);
    await expect.poll(() => page.textContent('[data-testid="network-status"]')).toBe('offline');
    // Proof that the network really was off: an uncached URL fails.
    const uncached = await page.evaluate(() => fetch('/not-cached-' + Date.now()).then(() => 'fetched', (e) => String(e)));
    expect(uncached).toMatch(/Failed to fetch|TypeError/);
    await context.setOffline(false);
  });

  it('stops every process on Ctrl-C and frees both ports', async () => {
    const port = Number(new URL(app.url).port);
    const simPort = Number(/TWS API simulator \(paper, sample data\): 127\.0\.0\.1:(\d+)/.exec(app.output())![1]);
    const exit = await app.interrupt();
    // npm re-raises the signal it got (or exits 130 = 128 + SIGINT); the bridge under it shut down gracefully.
    expect(exit.code === 0 || exit.code === 130 || exit.signal === 'SIGINT', JSON.stringify(exit)).toBe(true);
    expect(app.output()).toContain('SIGINT: stopping');
    await expect.poll(() => groupGone(app.child.pid!), { timeout: 5000 }).toBe(true);
    expect(await portIsFree(port)).toBe(true);
    expect(await portIsFree(simPort)).toBe(true);
  });
});
