// The real app under `npm start` in Chromium: time to the first chart on warm loads (the service
// worker and IndexedDB hold everything), and the latency from the bridge's account delta to the
// net liquidation on screen. Page-side code goes in as init scripts; times in the page are
// performance.now() (from navigation start) or performance.timeOrigin + performance.now() (the
// machine's clock, as Node's performance.timeOrigin + performance.now()).
import { EventName, IBApi } from '@stoqey/ib';
import type { Page } from 'playwright-core';
import { DOWN_COLOR, UP_COLOR, rgbOf } from '../../app/charts/palette.ts';
import type { AppSession } from '../support/app-session.ts';
import { openAppClient, helloMessage } from '../support/bridge-ws-client.ts';
import { countColorPixels } from '../support/canvas-pixels.ts';
import { mkt, stock } from '../support/ib-orders.ts';
import { fmt, table } from './measure.ts';

export const FIRST_CHART_GOAL_MS = 1000;
export const TICK_GOAL_MS = 50;
const WARM_LOADS = 7;
/** Candle pixels of each colour that count as "the chart is drawn" (as tests/e2e/npm-start.test.ts). */
const MIN_PIXELS = 500;

// tsx compiles with keepNames: functions sent to the page may call __name.
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

/** Every animation frame from the document's start: are candles painted? Resolves with performance.now(). */
const FIRST_CHART_PROBE = `${NAME_SHIM}
globalThis.__firstChart = new Promise((resolve) => {
  const count = ${countColorPixels.toString()};
  const colors = ${JSON.stringify([rgbOf(UP_COLOR), rgbOf(DOWN_COLOR)])};
  const check = () => {
    const c = document.querySelector('[data-testid="chart"] canvas');
    if (c && c.width > 0 && count(c, colors).every((n) => n > ${MIN_PIXELS})) resolve(performance.now());
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
});`;

/** Net liquidation text changes, with the machine-clock time of the change and of the next frame. */
const NLV_PROBE = `${NAME_SHIM}
globalThis.__nlv = [];
const watchNlv = () => {
  const el = document.querySelector('[data-testid="nlv"]');
  if (!el) return void setTimeout(watchNlv, 50);
  new MutationObserver(() => {
    const rec = { text: el.textContent, domAt: performance.timeOrigin + performance.now(), frameAt: 0 };
    globalThis.__nlv.push(rec);
    requestAnimationFrame(() => (rec.frameAt = performance.timeOrigin + performance.now()));
  }).observe(el, { childList: true, characterData: true, subtree: true });
};
watchNlv();`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface FirstChartResult {
  readonly coldMs: number;
  readonly warmMs: number[];
}

async function loadUntilChart(page: Page, url: string): Promise<{ ms: number; fromServiceWorker: boolean }> {
  const res = await page.goto(url, { waitUntil: 'commit' });
  const ms = (await page.evaluate('globalThis.__firstChart', undefined)) as number;
  return { ms, fromServiceWorker: res?.fromServiceWorker() ?? false };
}

/** One cold load in a fresh context, then (the service worker in control, the bars in IndexedDB) warm ones. */
export async function measureFirstChart(session: AppSession): Promise<FirstChartResult> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  try {
    await context.addInitScript({ content: FIRST_CHART_PROBE });
    const page = await context.newPage();
    const url = session.app.url;
    const cold = await loadUntilChart(page, url);
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    // The service worker takes control and the app keeps the bars (as tests/e2e/npm-start.test.ts checks).
    await loadUntilChart(page, url);
    await page.waitForFunction('navigator.serviceWorker.controller !== null && /from IndexedDB/.test(document.querySelector(\'[data-testid="chart-info"]\')?.textContent ?? "")', null, { timeout: 30_000 });
    const warm: number[] = [];
    for (let i = 0; i < WARM_LOADS; i++) {
      const r = await loadUntilChart(page, url);
      if (!r.fromServiceWorker) throw new Error('a warm load did not come from the service worker');
      warm.push(r.ms);
    }
    return { coldMs: cold.ms, warmMs: warm };
  } finally {
    await context.close();
  }
}

export function firstChartReport(r: FirstChartResult): string {
  const warm = median(r.warmMs);
  const met = warm < FIRST_CHART_GOAL_MS;
  return [
    `Time to the first chart: Chromium (headless) on the app as \`npm start\` serves it, from navigation start until the chart's canvas holds painted candles ` +
      `(more than ${MIN_PIXELS} pixels of both the up and the down colour, checked every animation frame). A warm load is a navigation after the service worker ` +
      `took control and the bars are in IndexedDB (the page comes from the service worker, the chart says "from IndexedDB"); median of ${r.warmMs.length}. ` +
      `Goal: warm < ${FIRST_CHART_GOAL_MS / 1000} s — ${met ? 'met' : 'NOT met'}.`,
    '',
    table(
      ['load', 'first chart ms', 'goal'],
      [
        [`warm (median of ${r.warmMs.length}; min ${fmt(Math.min(...r.warmMs), 0)}, max ${fmt(Math.max(...r.warmMs), 0)})`, fmt(warm, 0), `< ${FIRST_CHART_GOAL_MS} ms ${met ? '✓' : '✗'}`],
        ['cold (first visit: network, bars from the sample CSV, no service worker yet)', fmt(r.coldMs, 0), '–'],
      ],
    ),
  ].join('\n');
}

export interface TickResult {
  /** Per matched delta: Node's arrival → the page's DOM change, and → the next frame. */
  readonly domMs: number[];
  readonly frameMs: number[];
  readonly deltas: number;
}

/** A market order through TWS's API (the embedded simulator's port), waited for until filled. */
async function buyOnTws(port: number, symbol: string, quantity: number): Promise<void> {
  const api = new IBApi({ host: '127.0.0.1', port, clientId: 9 });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no fill of BUY ${quantity} ${symbol} within 15 s`)), 15_000);
      let orderId = -1;
      api.on(EventName.orderStatus, (id: number, status: string) => {
        if (id === orderId && status === 'Filled') {
          clearTimeout(timer);
          resolve();
        }
      });
      api.once(EventName.nextValidId, (id: number) => {
        orderId = id + 10;
        api.placeOrder(orderId, stock(symbol), mkt('BUY', quantity, { account: undefined }));
      });
      api.connect();
    });
  } finally {
    api.disconnect();
  }
}

const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The account topic's net liquidation: a position (1000 SPY bought on the simulator's TWS port) makes
 * it move with the replayed price; a Node client on the bridge's socket and the page receive the same
 * deltas; each delta's Node arrival time is matched with the first change of the page's text to its value.
 */
export async function measureTick(session: AppSession, seconds = 8): Promise<TickResult> {
  await buyOnTws(session.simulatorPort(), 'SPY', 1000);

  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  const ws = await openAppClient(`${session.app.url.replace(/^http/, 'ws')}ws`);
  try {
    await context.addInitScript({ content: NLV_PROBE });
    const page = await context.newPage();
    await page.goto(`${session.app.url}#account`);
    await page.waitForFunction('/^live/.test(document.querySelector(\'[data-testid="account-state"]\')?.textContent ?? "")', null, { timeout: 30_000 });

    await page.waitForTimeout(2000); // past the page's start-up work: the steady state
    ws.ws.send(helloMessage('moneytrailz-bench'));
    ws.ws.send(JSON.stringify({ type: 'subscribe', id: 'bench', subscriptions: [{ topic: 'account' }] }));
    const arrivals: { at: number; text: string }[] = [];
    let deltas = 0;
    const stop = Date.now() + seconds * 1000;
    while (Date.now() < stop) {
      const m = await ws.next(Math.max(1, stop - Date.now())).catch(() => undefined);
      const at = performance.timeOrigin + performance.now();
      if (!m || m.type !== 'delta' || m.topic !== 'account') continue;
      deltas++;
      const key = Object.keys(m.data).find((k) => k === 'NetLiquidation:USD' || k === 'NetLiquidation');
      const v = key === undefined ? undefined : Number(m.data[key]);
      if (v !== undefined && Number.isFinite(v)) arrivals.push({ at, text: money(v) });
    }
    await page.waitForTimeout(200);
    const changes = (await page.evaluate('globalThis.__nlv')) as { text: string; domAt: number; frameAt: number }[];
    const domMs: number[] = [];
    const frameMs: number[] = [];
    // Only a delta whose value shows differently (to the cent) can change the page's text; each page change
    // is matched with the latest such delta showing its text that Node had received by then (100 ms of
    // leeway: the page may get a delta a little before the Node client). Matching the other way round
    // (an arrival with the next change to its text) paired a value the page never redrew with a later
    // return to the same value, seconds on.
    const shown = arrivals.filter((a, i) => i === 0 || a.text !== arrivals[i - 1].text);
    const used = new Set<number>();
    for (const c of changes) {
      if (c.frameAt === 0 || shown.length === 0 || c.domAt < shown[0].at - 100) continue;
      let best = -1;
      for (let j = 0; j < shown.length && shown[j].at <= c.domAt + 100; j++) if (c.text.startsWith(shown[j].text)) best = j;
      if (best < 0 || used.has(best)) continue;
      used.add(best);
      domMs.push(Math.max(0, c.domAt - shown[best].at));
      frameMs.push(Math.max(0, c.frameAt - shown[best].at));
    }
    if (domMs.length < 3) throw new Error(`only ${domMs.length} net liquidation changes matched (${deltas} account deltas, ${arrivals.length} with a net liquidation, ${changes.length} text changes on the page)`);
    return { domMs, frameMs, deltas };
  } finally {
    ws.ws.close();
    await context.close();
  }
}

export function tickReport(r: TickResult): string {
  const frame = median(r.frameMs);
  const met = frame < TICK_GOAL_MS;
  return [
    `Tick-to-screen latency: no live quote is on screen anywhere in the app yet, so this measures the closest real thing — the bridge's \`account\` topic ` +
      `(the simulator replaying at 300× with 1000 SPY held, so the net liquidation moves) to the Account view's net liquidation text. ` +
      `A Node client subscribes to the same topic over the app protocol (\`ws\`); each change of the page's text (its MutationObserver: "DOM"; ` +
      `the next animation frame after it: "screen") is compared with the arrival at the Node client of the latest delta whose net liquidation shows as that text; ` +
      `both on the machine's clock (performance.timeOrigin + performance.now() in Node and in Chromium). ${r.domMs.length} changes matched (of ${r.deltas} account deltas); median. ` +
      `Goal: < ${TICK_GOAL_MS} ms to the screen — ${met ? 'met' : 'NOT met'}.`,
    '',
    table(
      ['bridge delta → page', 'median ms', 'max ms', 'goal'],
      [
        ['net liquidation text changed (DOM)', fmt(median(r.domMs)), fmt(Math.max(...r.domMs)), '–'],
        ['next animation frame (screen)', fmt(frame), fmt(Math.max(...r.frameMs)), `< ${TICK_GOAL_MS} ms ${met ? '✓' : '✗'}`],
      ],
    ),
  ].join('\n');
}
