// The Account view (issue 13, item 1) in Chromium, fed by scripted topic states: the figures from
// TWS's account values and P&L, the positions with each option under its underlying (strike, expiry,
// days to expiry) and each position's share of the account; and when the bridge is gone the last
// values stay on screen, marked "as of hh:mm · bridge offline".
import { describe, expect, it } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import type { LiveTopic, Topics } from '../../app/bridge-client/topics.ts';
import type { BridgeStatus } from '../../app/bridge-client/socket.ts';
import { createLiveAccount } from '../../app/state/account.ts';
import { AccountView } from '../../app/ui/AccountView.tsx';
import '../../app/styles.css';

const TODAY = new Date(2012, 1, 21, 10, 0).getTime(); // 2012-02-21 local
const row = (conId: number, extra: Record<string, unknown>) => ({ conId, currency: 'USD', realizedPnl: 0, ...extra });

function scripted() {
  const [live, setLive] = createSignal(true);
  const make = (initial: Record<string, unknown>) => {
    const [data, setData] = createSignal<Record<string, unknown> | undefined>(initial);
    const [at] = createSignal<number | undefined>(Date.UTC(2012, 1, 21, 19, 2));
    const t: LiveTopic = { data, live, updatedAt: at, failure: () => undefined };
    return { t, setData };
  };
  const account = make({
    account: 'DU123',
    'NetLiquidation:USD': 100_000,
    'TotalCashValue:USD': 86_320.5,
    'BuyingPower:USD': 172_000,
    'InitMarginReq:USD': 12_800,
    'portfolio:756733': row(756733, { symbol: 'SPY', secType: 'STK', position: 100, marketPrice: 136.47, marketValue: 13_647, avgCost: 128, unrealizedPnl: 847 }),
    'portfolio:1000000001': row(1000000001, { symbol: 'SPY', secType: 'OPT', right: 'C', strike: 140, expiry: '20120316', multiplier: 100, position: -1, marketPrice: 0.9, marketValue: -90, avgCost: 117, unrealizedPnl: 27 }),
    'portfolio:1000000003': row(1000000003, { symbol: 'SPY', secType: 'OPT', right: 'P', strike: 128, expiry: '20120302', multiplier: 100, position: -1, marketPrice: 0.05, marketValue: -5, avgCost: 82, unrealizedPnl: 77 }),
    'portfolio:265598': row(265598, { symbol: 'AAPL', secType: 'STK', position: 10, marketPrice: 500, marketValue: 5000, avgCost: 510, unrealizedPnl: -100 }),
  });
  const pnl = make({ dailyPnL: -123.45, unrealizedPnL: 851, realizedPnL: 12 });
  const topics: Topics = { topic: (name) => (name === 'account' ? account.t : pnl.t), release: () => undefined };
  return { topics, account, setLive };
}

describe('AccountView (Solid in Chromium)', () => {
  it('shows the values, positions grouped by underlying with options under it, and says when it is not live', async () => {
    const host = document.createElement('div');
    host.style.width = '1000px';
    document.body.appendChild(host);
    const s = scripted();
    const [bridge, setBridge] = createSignal<BridgeStatus>({ state: 'connected', serverVersion: '0.1.0', broker: 'simulator' });
    const dispose = createRoot((d) => {
      const account = createLiveAccount(s.topics, () => TODAY);
      // The risk model's delta per contract where it priced the option (here: the put only).
      render(
        () => (
          <AccountView
            account={account}
            bridge={bridge()}
            optionDelta={(l) => (l.right === 'P' ? -0.213 : undefined)}
            targets={{ weights: { SPY: 0.5, TLT: 0.2 }, from: 'weights' }}
          />
        ),
        host,
      );
      return d;
    });
    const text = (sel: string) => host.querySelector(sel)!.textContent!;
    expect(text('[data-testid="nlv"]')).toContain('100,000.00');
    expect(text('[data-testid="cash"]')).toBe('86,320.50');
    expect(text('[data-testid="account-state"]')).toContain('live · DU123');
    expect(host.textContent).toContain('-123.45');
    expect(host.textContent).toContain('12.8 %'); // margin use: 12,800 / 100,000
    const rows = [...host.querySelectorAll('[data-testid="position"] th')].map((th) => th.textContent);
    // SPY (largest) first with its options under it, nearest expiry first; then AAPL.
    expect(rows).toEqual(['SPY', 'P 128 · 2012-03-02 · 10 DTE · Δ -0.21', 'C 140 · 2012-03-16 · 24 DTE', 'AAPL']);
    const spyCells = [...host.querySelectorAll('[data-testid="position"]')][0].querySelectorAll('td');
    expect([...spyCells].map((c) => c.textContent)).toEqual(['100', '128.00', '136.47', '13,647.00', '+847.00', '13.6 %']);
    // Target vs actual: every symbol with a target or a position, largest target first.
    const alloc = [...host.querySelectorAll('[data-testid="allocation-row"]')].map((r) => [...r.children].map((c) => c.textContent));
    expect(alloc.map((r) => r[0])).toEqual(['SPY', 'TLT', 'AAPL']);
    expect(alloc[0][1]).toBe('50.0 %');
    expect(alloc[0][2]).toBe(`${((13_647 - 90 - 5) / 1000).toFixed(1)} %`);
    expect(alloc[1].slice(1)).toEqual(['20.0 %', '0.0 %', '-20.0 pp']);
    // A value changes: the figure follows, and the sparkline gets a second point.
    s.account.setData((d) => ({ ...d, 'NetLiquidation:USD': 100_250 }));
    expect(text('[data-testid="nlv"]')).toContain('100,250.00');
    expect(host.querySelector('.sparkline polyline')!.getAttribute('points')!.split(' ')).toHaveLength(2);
    // The bridge goes away: the last values stay, marked with their time and why.
    s.setLive(false);
    setBridge({ state: 'offline', retryInMs: 2000 });
    expect(text('[data-testid="account-state"]')).toMatch(/^as of \d\d:\d\d · bridge offline$/);
    expect(text('[data-testid="nlv"]')).toContain('100,250.00');
    expect(host.querySelector('.figures')!.classList.contains('stale')).toBe(true);
    dispose();
    host.remove();
  });

  it('fits a phone: no horizontal overflow at 390 px (the positions table scrolls inside its box)', async () => {
    const host = document.createElement('div');
    host.style.width = '390px';
    document.body.appendChild(host);
    const s = scripted();
    const dispose = createRoot((d) => {
      render(() => <AccountView account={createLiveAccount(s.topics, () => TODAY)} bridge={{ state: 'connected', serverVersion: '0.1.0', broker: 'simulator' }} />, host);
      return d;
    });
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const card = host.querySelector('.account') as HTMLElement;
    expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth + 1);
    dispose();
    host.remove();
  });
});
