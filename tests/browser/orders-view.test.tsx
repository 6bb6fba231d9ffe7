// The Orders view (issue 13, item 4) in Chromium, fed a scripted `orders` topic: each order names its
// contract as a trader reads it — shares by their symbol, an option by its OSI symbol, a combo (a wheel
// roll) by its legs, bought (+) and sold (−) — working orders first, and only MoneyTrailz's own orders
// can be cancelled from here.
import { describe, expect, it } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import type { Commands } from '../../app/bridge-client/commands.ts';
import type { LiveTopic } from '../../app/bridge-client/topics.ts';
import { OrdersView } from '../../app/ui/OrdersView.tsx';
import { cleanups, hostOf } from '../support/page-host.ts';
import '../../app/styles.css';

const OLD = 'SPY120217P00126000';
const NEW = 'SPY120316P00126000';

const ORDERS = {
  '0:7': { orderId: 7, clientId: 0, orderRef: 'manual:1', symbol: 'SPY', secType: 'STK', action: 'BUY', quantity: 100, orderType: 'MKT', status: 'Filled', filled: 100, remaining: 0, avgFillPrice: 136.5 },
  '0:8': { orderId: 8, clientId: 0, orderRef: 'wheel:8', symbol: 'SPY', secType: 'OPT', instrument: OLD, action: 'SELL', quantity: 1, orderType: 'LMT', limitPrice: 1.25, status: 'Filled', filled: 1, remaining: 0 },
  '0:9': {
    orderId: 9,
    clientId: 0,
    orderRef: 'wheel:9',
    symbol: 'SPY',
    secType: 'BAG',
    legs: [
      { instrument: OLD, ratio: 1, action: 'BUY' },
      { instrument: NEW, ratio: 1, action: 'SELL' },
    ],
    action: 'BUY',
    quantity: 1,
    orderType: 'LMT',
    limitPrice: -0.35,
    status: 'Submitted',
    filled: 0,
    remaining: 1,
  },
  '5:3': { orderId: 3, clientId: 5, symbol: 'QQQ', secType: 'OPT', action: 'SELL', quantity: 2, orderType: 'LMT', limitPrice: 0.8, status: 'Submitted', filled: 0, remaining: 2 },
};

const commands = { send: async () => ({ ok: true }) } as unknown as Commands;

describe('OrdersView (Solid in Chromium)', () => {
  it('names each order’s contract: shares by symbol, an option by OSI symbol, a roll by its legs; working orders first', async () => {
    const host = hostOf(1000);
    const [data] = createSignal<Record<string, unknown> | undefined>(ORDERS);
    const [live] = createSignal(true);
    const orders: LiveTopic = { data, live, updatedAt: () => Date.now(), failure: () => undefined };
    const dispose = createRoot((d) => {
      render(() => <OrdersView orders={orders} commands={commands} />, host);
      return d;
    });
    cleanups.push(dispose);
    const rows = [...host.querySelectorAll('[data-testid="order"]')];
    const text = (r: Element) => r.querySelector('th')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(rows.map(text)).toEqual([
      `SPY BAG #9+1 ${OLD} / −1 ${NEW}`,
      'QQQ OPT #3', // placed elsewhere, no contract details known: its type only
      `SPY OPT #8${OLD}`,
      'SPY #7',
    ]);
    expect(rows.map((r) => r.querySelector('[data-testid="order-contract"]')?.textContent ?? null)).toEqual([`+1 ${OLD} / −1 ${NEW}`, null, OLD, null]);
    // The roll is MoneyTrailz's and working: it can be cancelled; the order placed in TWS cannot.
    expect(rows[0].querySelector('button')?.getAttribute('aria-label')).toBe('Cancel order 9 BUY 1 SPY');
    expect(rows[1].querySelector('button')).toBeNull();
  });
});
