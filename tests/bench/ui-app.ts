// The real app under `npm start` in Chromium: time to the first chart on warm loads (the service
// worker and IndexedDB hold everything), and the latency from a bridge delta — a live quote, and the
// account's net liquidation — to its text on screen. Page-side code goes in as init scripts; times in the page are
// performance.now() (from navigation start) or performance.timeOrigin + performance.now() (the
// machine's clock, as Node's performance.timeOrigin + performance.now()).
import { EventName, IBApi } from '@stoqey/ib';
import type { Page } from 'playwright-core';
import { DOWN_COLOR, UP_COLOR, rgbOf } from '../../app/charts/palette.ts';
import type { AppSession } from '../support/app-session.ts';
import { openAppClient, helloMessage } from '../support/bridge-ws-client.ts';
import { applyPatch } from '../../shared/protocol/topics.ts';
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

/** Text changes of the element `selector` finds (polled until it exists), with the machine-clock time of the change and of the next frame. */
const textProbe = (selector: string) => `${NAME_SHIM}
globalThis.__texts = [];
const watchText = () => {
  const el = document.querySelector(${JSON.stringify(selector)});
  if (!el) return void setTimeout(watchText, 50);
  new MutationObserver(() => {
    const rec = { text: el.textContent, domAt: performance.timeOrigin + performance.now(), frameAt: 0 };
    globalThis.__texts.push(rec);
    requestAnimationFrame(() => (rec.frameAt = performance.timeOrigin + performance.now()));
  }).observe(el, { childList: true, characterData: true, subtree: true });
};
watchText();`;

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

/** What a tick-to-screen measure watches: a topic, the text a state shows, and where the page shows it. */
interface TickSource {
  /** e.g. `quotes:SPY`. */
  readonly topic: string;
  /** The view to open (the URL's hash) and the element showing the value. */
  readonly hash: string;
  readonly selector: string;
  /** Waits until the page shows the value live. */
  readonly ready: string;
  /** The text the page shows for the topic's state, undefined when it shows none. */
  shown(state: Readonly<Record<string, unknown>>): string | undefined;
}

const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** SPY's last price in the Chart view's watchlist (app/state/watchlist.ts quoteLine: last, else the midpoint). */
export const QUOTE_TICK: TickSource = {
  topic: 'quotes:SPY',
  hash: '#chart',
  selector: '[data-testid="watchlist-row"]:first-child [data-testid="watchlist-last"]',
  ready: `/\\d/.test(document.querySelector('[data-testid="watchlist-row"]:first-child [data-testid="watchlist-last"]')?.textContent ?? "")`,
  shown: (d) => {
    const last = positive(d.last);
    const bid = positive(d.bid);
    const ask = positive(d.ask);
    const v = last ?? (bid !== undefined && ask !== undefined ? (bid + ask) / 2 : undefined);
    return v === undefined ? undefined : money(v);
  },
};

/** The net liquidation in the Account view (1000 SPY held, so it moves with the replayed price). */
export const ACCOUNT_TICK: TickSource = {
  topic: 'account',
  hash: '#account',
  selector: '[data-testid="nlv"]',
  ready: '/^live/.test(document.querySelector(\'[data-testid="account-state"]\')?.textContent ?? "")',
  shown: (d) => {
    const v = Number(d['NetLiquidation:USD'] ?? d.NetLiquidation);
    return Number.isFinite(v) ? money(v) : undefined;
  },
};

/**
 * One topic from the bridge to the screen: a Node client on the bridge's socket and the page receive the
 * same deltas; the Node client follows the topic's state (snapshot + deltas) and notes when the text it
 * shows changes; each change of the page's text is matched with the latest such arrival showing that text.
 */
export async function measureTick(session: AppSession, source: TickSource, seconds = 8): Promise<TickResult> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  const ws = await openAppClient(`${session.app.url.replace(/^http/, 'ws')}ws`);
  try {
    await context.addInitScript({ content: textProbe(source.selector) });
    const page = await context.newPage();
    await page.goto(`${session.app.url}${source.hash}`);
    await page.waitForFunction(source.ready, null, { timeout: 30_000 });

    await page.waitForTimeout(2000); // past the page's start-up work: the steady state
    ws.ws.send(helloMessage('moneytrailz-bench'));
    ws.ws.send(JSON.stringify({ type: 'subscribe', id: 'bench', subscriptions: [{ topic: source.topic }] }));
    const arrivals: { at: number; text: string }[] = [];
    let state: Record<string, unknown> = {};
    let deltas = 0;
    const stop = Date.now() + seconds * 1000;
    while (Date.now() < stop) {
      const m = await ws.next(Math.max(1, stop - Date.now())).catch(() => undefined);
      const at = performance.timeOrigin + performance.now();
      if (!m || (m.type !== 'delta' && m.type !== 'snapshot') || m.topic !== source.topic) continue;
      if (m.type === 'snapshot') state = { ...m.data };
      else {
        deltas++;
        applyPatch(state, m.data);
      }
      const text = source.shown(state);
      // Only a delta that changes the shown text (to the cent) can change the page.
      if (m.type === 'delta' && text !== undefined && text !== arrivals.at(-1)?.text) arrivals.push({ at, text });
    }
    await page.waitForTimeout(200);
    const changes = (await page.evaluate('globalThis.__texts')) as { text: string; domAt: number; frameAt: number }[];
    const domMs: number[] = [];
    const frameMs: number[] = [];
    // Each page change is matched with the latest arrival showing its text that Node had by then (100 ms of
    // leeway: the page may get a delta a little before the Node client). Matching the other way round (an
    // arrival with the next change to its text) paired a value the page never redrew with a later return to it.
    const used = new Set<number>();
    for (const c of changes) {
      if (c.frameAt === 0 || arrivals.length === 0 || c.domAt < arrivals[0].at - 100) continue;
      let best = -1;
      for (let j = 0; j < arrivals.length && arrivals[j].at <= c.domAt + 100; j++) if (c.text.trim().startsWith(arrivals[j].text)) best = j;
      if (best < 0 || used.has(best)) continue;
      used.add(best);
      domMs.push(Math.max(0, c.domAt - arrivals[best].at));
      frameMs.push(Math.max(0, c.frameAt - arrivals[best].at));
    }
    if (domMs.length < 3) throw new Error(`${source.topic}: only ${domMs.length} changes matched (${deltas} deltas, ${arrivals.length} changing the shown text, ${changes.length} text changes on the page)`);
    return { domMs, frameMs, deltas };
  } finally {
    ws.ws.close();
    await context.close();
  }
}

/** The live quote's measure (judged) and the account's beside it. */
export async function measureTicks(session: AppSession): Promise<{ quote: TickResult; account: TickResult }> {
  await buyOnTws(session.simulatorPort(), 'SPY', 1000);
  return { quote: await measureTick(session, QUOTE_TICK), account: await measureTick(session, ACCOUNT_TICK) };
}

export function tickReport(r: { quote: TickResult; account: TickResult }): string {
  const frame = median(r.quote.frameMs);
  const met = frame < TICK_GOAL_MS;
  return [
    `Tick-to-screen latency: a live quote — the bridge's \`quotes:SPY\` topic (the simulator replaying at 300×) to SPY's last price in the Chart view's watchlist — ` +
      `and, beside it, the \`account\` topic's net liquidation (1000 SPY held) to the Account view. ` +
      `A Node client subscribes to the same topic over the app protocol (\`ws\`) and follows its state; each change of the page's text (its MutationObserver: "DOM"; ` +
      `the next animation frame after it: "screen") is compared with the arrival at the Node client of the latest delta whose value shows as that text; ` +
      `both on the machine's clock (performance.timeOrigin + performance.now() in Node and in Chromium). ` +
      `${r.quote.domMs.length} quote changes matched (of ${r.quote.deltas} deltas), ${r.account.domMs.length} account changes (of ${r.account.deltas}); median. ` +
      `Goal: < ${TICK_GOAL_MS} ms from a quote's delta to the screen — ${met ? 'met' : 'NOT met'}.`,
    '',
    table(
      ['bridge delta → page', 'median ms', 'max ms', 'goal'],
      [
        ['quote: last price text changed (DOM)', fmt(median(r.quote.domMs)), fmt(Math.max(...r.quote.domMs)), '–'],
        ['quote: next animation frame (screen)', fmt(frame), fmt(Math.max(...r.quote.frameMs)), `< ${TICK_GOAL_MS} ms ${met ? '✓' : '✗'}`],
        ['account: net liquidation, next animation frame', fmt(median(r.account.frameMs)), fmt(Math.max(...r.account.frameMs)), '–'],
      ],
    ),
  ].join('\n');
}

