// The watchlist (app/state/watchlist.ts, app/ui/WatchlistView.tsx) in Chromium on real IndexedDB: the
// samples' symbols to start with, live quotes (last, change from the close, bid, ask) from scripted
// quote topics, a bad or repeated symbol refused with a sentence, Remove releasing the quote line, the
// list kept across a reload, and Chart only for symbols the chart has.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import { userEvent } from 'vitest/browser';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import type { LiveTopic, Topics } from '../../app/bridge-client/topics.ts';
import { createWatchlist, DEFAULT_WATCHLIST } from '../../app/state/watchlist.ts';
import { WatchlistView } from '../../app/ui/WatchlistView.tsx';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function scriptedTopics() {
  const [live, setLive] = createSignal(true);
  const made = new Map<string, LiveTopic>();
  const released: string[] = [];
  const quote = (name: string): Record<string, unknown> => (name === 'quotes:SPY' ? { last: 412.5, close: 410, bid: 412.49, ask: 412.51 } : { bid: 99, ask: 101, close: 102 });
  const topics: Topics = {
    topic(name) {
      let t = made.get(name);
      if (!t) made.set(name, (t = { data: () => quote(name), live, updatedAt: () => 1, failure: () => undefined }));
      return t;
    },
    release: (name) => void released.push(name),
  };
  return { topics, released, setLive };
}

async function mount(name: string) {
  const db = new MoneyTrailzDb(name);
  const s = scriptedTopics();
  const charted: string[] = [];
  const host = document.createElement('div');
  host.style.width = '390px';
  document.body.appendChild(host);
  const dispose = createRoot((d) => {
    const w = createWatchlist(db, s.topics);
    render(() => <WatchlistView watchlist={w} canChart={(x) => x === 'SPY'} onChart={(x) => charted.push(x)} />, host);
    cleanups.push(() => {
      d();
      host.remove();
      db.close();
    });
    return { w };
  });
  await dispose.w.ready;
  return { host, ...s, charted, w: dispose.w };
}

const rows = (host: HTMLElement) => [...host.querySelectorAll('[data-testid="watchlist-row"]')].map((r) => [...r.children].slice(0, 5).map((c) => c.textContent!.trim()));

describe('watchlist', () => {
  it('shows live quotes, refuses a bad or repeated symbol, removes and keeps the list', async () => {
    const name = `mt-watch-${Math.random().toString(36).slice(2)}`;
    const a = await mount(name);
    expect(rows(a.host).map((r) => r[0])).toEqual([...DEFAULT_WATCHLIST]);
    expect(rows(a.host)[0]).toEqual(['SPY', '412.50', '+0.61 %', '412.49', '412.51']);
    // No last: the midpoint; change against the close.
    expect(rows(a.host)[1]).toEqual(['QQQ', '100.00', '-1.96 %', '99.00', '101.00']);
    expect(a.host.scrollWidth).toBeLessThanOrEqual(390);

    const input = a.host.querySelector<HTMLInputElement>('[data-testid="watchlist-symbol"]')!;
    await userEvent.type(input, 'spy{Enter}');
    await vi.waitFor(() => expect(a.host.querySelector('[data-testid="watchlist-problem"]')?.textContent).toBe('SPY is already on the watchlist'));
    await userEvent.clear(input);
    await userEvent.type(input, 'BAD SYMBOL{Enter}');
    await vi.waitFor(() => expect(a.host.querySelector('[data-testid="watchlist-problem"]')?.textContent).toMatch(/^'BAD SYMBOL' is not a ticker/));
    await userEvent.clear(input);
    await userEvent.type(input, 'iwm{Enter}');
    await vi.waitFor(() => expect(rows(a.host).map((r) => r[0])).toEqual([...DEFAULT_WATCHLIST, 'IWM']));
    expect(a.host.querySelector('[data-testid="watchlist-problem"]')).toBeNull();

    await userEvent.click(a.host.querySelector<HTMLButtonElement>('[aria-label="Remove QQQ from the watchlist"]')!);
    await vi.waitFor(() => expect(rows(a.host).map((r) => r[0])).not.toContain('QQQ'));
    expect(a.released).toEqual(['quotes:QQQ']);

    // Chart only where the chart has the symbol.
    expect(a.host.querySelectorAll('button[aria-label^="Chart "]').length).toBe(1);
    await userEvent.click(a.host.querySelector<HTMLButtonElement>('[aria-label="Chart SPY"]')!);
    expect(a.charted).toEqual(['SPY']);

    // Not live: the rows say so.
    a.setLive(false);
    expect(a.host.querySelector('[data-testid="watchlist-row"] th')!.textContent).toContain('not live');

    // A reload (a new store on the same database) finds the list.
    const b = await mount(name);
    expect(rows(b.host).map((r) => r[0])).toEqual(['SPY', 'TLT', 'AAPL', 'GOOG', 'IWM']);
    await new MoneyTrailzDb(name).delete();
  });
});
