// The lab on the real `npm start` with the user's own data: a 1,000,000-bar CSV (a deterministic
// random walk, ~40 MB, written with a stream) set on the lab's file input is read in a worker and
// stored; sma_cross on it runs in the backtest worker with the progress bar moving while the app
// stays usable (switching to Account and back is handled within a second, mid-run) and ends with
// the stats. A dropped CSV with a bad close on line 5 names the line and the field and stores nothing.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppSession, type AppSession } from '../support/app-session.ts';

const BARS = 1_000_000;
let session: AppSession;
let page: Page;
let dir: string;
let bigCsv: string;

/** Writes `n` daily bars of a seeded random walk from 1900-01-01 (one a calendar day). */
async function writeWalk(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  let s = 20240601;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let p = 100;
  let chunk = 'date,open,high,low,close,volume\n';
  for (let i = 0; i < n; i++) {
    const o = p;
    p *= Math.exp((rnd() - 0.5) * 0.03);
    const day = new Date(Date.UTC(1900, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    chunk += `${day},${o.toFixed(4)},${(Math.max(o, p) * 1.001).toFixed(4)},${(Math.min(o, p) * 0.999).toFixed(4)},${p.toFixed(4)},${1000 + (i % 5000)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** `key from source` of every series in the app's IndexedDB bars table. */
const storedSeries = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('moneytrailz');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('bars').objectStore('bars').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((r: { key: string; source: string }) => `${r.key} from ${r.source}`));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );

/** Clicks a view's tab and returns the ms until its view is shown. */
async function switchTo(p: Page, label: string, id: string): Promise<number> {
  const t0 = Date.now();
  await p.click(`nav.views button:has-text("${label}")`, { timeout: 1000 });
  await p.waitForSelector(`[data-testid="view-${id}"]:not([hidden])`, { timeout: 1000 });
  return Date.now() - t0;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mt-lab-csv-'));
  bigCsv = join(dir, 'walk.csv');
  await writeWalk(bigCsv, BARS);
  session = await startAppSession();
  page = session.page;
  await page.goto(`${session.app.url}#lab`);
  await page.waitForSelector('[data-testid="view-lab"]:not([hidden]) [data-testid="lab"]', { timeout: 30_000 });
});
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the lab with your own data on npm start', () => {
  it('a dropped CSV with a bad close on line 5 names the line and the field and stores nothing', async () => {
    await page.evaluate(() => {
      const text = 'date,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,100\n2020-01-03,10,11,9,10.5,100\n2020-01-06,10,11,9,10.5,100\n2020-01-07,10,11,9,x10,100\n2020-01-08,10,11,9,10.5,100\n';
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'broken.csv', { type: 'text/csv' }));
      const zone = document.querySelector('[data-testid="lab-drop"]')!;
      zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    });
    const alert = page.locator('[data-testid="lab-import-error"][role="alert"]');
    await alert.waitFor({ timeout: 20_000 });
    const message = await alert.textContent();
    expect(message).toContain('broken.csv, line 5, field close');
    // The app may cache its own sample series meanwhile; nothing of broken.csv is stored.
    expect((await storedSeries(page)).filter((s) => s.startsWith('BROKEN') || s.includes('broken.csv'))).toEqual([]);
    expect(await page.$$eval('[data-testid="lab-sample"] option', (os) => os.map((o) => (o as HTMLOptionElement).value))).not.toContain('BROKEN:1d');
  }, 60_000);

  it('imports 1,000,000 bars and runs sma_cross on them with a moving progress bar; switching tabs mid-run stays responsive', async () => {
    await page.setInputFiles('[data-testid="lab-file"]', bigCsv);
    await expect.poll(() => page.textContent('[data-testid="lab-import-status"]'), { timeout: 90_000 }).toBe('walk.csv: 1,000,000 bars stored as WALK daily (your data)');
    expect(await page.inputValue('[data-testid="lab-sample"]')).toBe('WALK:1d');
    await page.selectOption('[data-testid="lab-strategy"]', 'sma_cross');

    // Every value the progress bar shows, recorded in the page (the run is a few seconds).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      new MutationObserver(() => {
        const v = document.querySelector('[data-testid="lab-progress"]')?.getAttribute('aria-valuenow');
        if (v != null && seen.at(-1) !== v) seen.push(v);
      }).observe(document.querySelector('[data-testid="lab"]')!, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.click('[data-testid="lab-run"]');
    await page.waitForSelector('[data-testid="lab-progress"]', { timeout: 30_000 });
    expect(await switchTo(page, 'Account', 'account')).toBeLessThan(1000);
    expect(await page.isHidden('[data-testid="view-lab"]')).toBe(true);
    expect(await switchTo(page, 'Lab', 'lab')).toBeLessThan(1000);
    const running = await page.$('[data-testid="lab-progress"]');

    await page.waitForSelector('[data-testid="lab-stats"]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid="lab-status"]')).toBe('sma_cross on WALK daily (your data): computed in a Web Worker and stored');
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    expect(new Set(progress).size, progress.join(' ')).toBeGreaterThanOrEqual(3);
    expect(running, 'the run was still going after switching back').not.toBeNull();
    const stats = Object.fromEntries(await page.$$eval('[data-testid="lab-stats"] tr', (rows) => rows.map((r) => [r.getAttribute('data-key'), r.querySelector('td')!.textContent])));
    expect(stats['stats.start']).toBe('1900-01-01');
    expect(Number(stats['stats.numTrades']!.replace(/,/g, ''))).toBeGreaterThan(1000);
  }, 180_000);
});
