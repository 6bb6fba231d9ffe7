// The order ticket's option-chain picker (issue 13, item 4) in Chromium with scripted Commands: Enter in
// the underlying field loads SPY's chain (progress while it is asked for), the listed expiries with DTE
// on the broker's clock,
// another expiry asked again, the put rows with ATM marked and named "Put 128, bid …, ask …, delta −…",
// a row picked by keyboard filling expiry, strike and a LMT price at the mid (a typed price kept), the
// picked option reviewed as its OSI symbol, errors (unknown symbol, offline) said with what to do, and
// no page overflow at 390 px.
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { createCommands, type Commands, type OrderFields } from '../../app/bridge-client/commands.ts';
import type { BridgeConnection } from '../../app/bridge-client/socket.ts';
import { OrderTicket } from '../../app/ui/OrderTicket.tsx';
import type { OptionChainRequest, OptionChainResponse, OptionRow } from '../../shared/protocol/index.ts';
import '../../app/styles.css';
import { cleanups, hostOf } from '../support/page-host.ts';

// The broker's clock (the simulator's replay day): days to expiry count from it, not from the device's.
const BROKER_TODAY = new Date(2012, 1, 21, 10, 0).getTime(); // 2012-02-21 local
const dashed = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
const NEAR = '20120316';
const FAR = '20120413';

const rowsOf = (expiry: string, shift: number): OptionRow[] =>
  [126, 127, 128, 129, 130].flatMap((k) => [
    { strike: k, right: 'P' as const, instrument: `SPY${expiry.slice(2)}P00${k}000`, bid: 1.2 + (k - 128) * 0.4 + shift, ask: 1.25 + (k - 128) * 0.4 + shift, delta: -0.31 + (k - 128) * 0.08, impliedVol: 0.185 },
    { strike: k, right: 'C' as const, instrument: `SPY${expiry.slice(2)}C00${k}000`, bid: 2.1 - (k - 128) * 0.4, ask: 2.2 - (k - 128) * 0.4, delta: 0.52 - (k - 128) * 0.08, impliedVol: 0.17 },
  ]);
const chainOf = (expiry: string, shift = 0): OptionChainResponse => ({ type: 'optionChain', id: 'x', symbol: 'SPY', expiry, underlyingPrice: 128.3, expiries: [NEAR, FAR], multiplier: 100, underlyingSecType: 'STK', rows: rowsOf(expiry, shift) });

/** Commands whose optionChain answers are released by the test; the previews it was asked for. */
function scripted() {
  const asked: { symbol: string; options?: Pick<OptionChainRequest, 'expiry' | 'strikes' | 'openInterest'> }[] = [];
  const pending: { resolve: (c: OptionChainResponse) => void; reject: (e: Error) => void }[] = [];
  const previews: OrderFields[] = [];
  const commands: Commands = {
    send: async () => ({ ok: true, ack: { type: 'ack', id: 'lease', ok: true, lease: { strategyId: 'manual', token: 7, deviceId: 'd', expiresAt: Date.now() + 60_000 } } }) as never,
    bars: async () => [],
    preview: async (order) => {
      previews.push(order);
      return { type: 'preview', id: 'p', verdict: { ok: true, message: 'ok' }, whatIf: { initMarginChange: 2500, maintMarginChange: 2000, equityWithLoanAfter: 97_500 }, bridgeTime: Date.now() } as never;
    },
    intent: async () => ({ ok: false, reason: 'offline', message: 'never sent in this test' }),
    clock: async () => ({ type: 'clock', id: 'c', brokerTime: BROKER_TODAY, bridgeTime: Date.now() }),
    optionChain: (symbol, options) => {
      asked.push({ symbol, options });
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
  return { commands, asked, previews, answer: (c: OptionChainResponse) => pending.shift()!.resolve(c), fail: (message: string) => pending.shift()!.reject(new Error(message)) };
}

function mount(width: number) {
  const s = scripted();
  const host = hostOf(width);
  const dispose = render(() => <OrderTicket commands={s.commands} />, host);
  cleanups.push(dispose);
  return { s, host };
}

const q = <T extends Element = HTMLElement>(host: HTMLElement, id: string) => host.querySelector<T>(`[data-testid="${id}"]`);
const value = (host: HTMLElement, id: string) => q<HTMLInputElement>(host, id)!.value;

describe('the option-chain picker in the order ticket', () => {
  it('loads by Enter, lists expiries with DTE, asks again for another, and a keyboard pick fills the ticket (LMT at the mid)', async () => {
    const { s, host } = mount(390);
    await userEvent.selectOptions(page.getByTestId('ticket-kind'), 'option');
    await userEvent.selectOptions(page.getByTestId('ticket-orderType'), 'LMT');
    await userEvent.type(page.getByTestId('ticket-underlying'), 'spy');
    await userEvent.keyboard('{Enter}');
    // Enter loads the chain (no Review): the nearest expiry, 10 strikes; progress while it is asked for.
    expect(s.asked).toEqual([{ symbol: 'SPY', options: { strikes: 10 } }]);
    await expect.element(page.getByTestId('chain-progress')).toHaveTextContent("asking the bridge for SPY's chain…");
    expect(q<HTMLButtonElement>(host, 'chain-load')!.disabled).toBe(true);
    expect(q(host, 'ticket-note')).toBeNull();
    s.answer(chainOf(NEAR));
    await vi.waitFor(() => expect(q(host, 'chain-table')).not.toBeNull());
    expect(q(host, 'chain-progress')).toBeNull();
    const options = [...q<HTMLSelectElement>(host, 'chain-expiry')!.options].map((o) => o.textContent);
    expect(options).toEqual([`${dashed(NEAR)} · 24 DTE`, `${dashed(FAR)} · 52 DTE`]);
    expect(q<HTMLSelectElement>(host, 'chain-expiry')!.value).toBe(NEAR);
    expect(q(host, 'chain-underlying')!.textContent).toMatch(/^SPY at 128\.30 · a snapshot of .*, not live — load again for fresh prices$/);
    // The ticket's right (Put) rows, ATM = the strike nearest 128.30, each a named button.
    const rows = [...host.querySelectorAll('[data-testid="chain-row"]')];
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(['126', '127', '128 ATM', '129', '130']);
    expect(rows[2]!.classList.contains('atm')).toBe(true);
    expect([...rows[2]!.querySelectorAll('td')].map((c) => c.textContent)).toEqual(['1.20', '1.25', '1.23', '−0.31', '18.5%']);
    await expect.element(page.getByRole('button', { name: 'Put 128 (at the money), bid 1.20, ask 1.25, delta −0.31' })).toBeVisible();

    // Another listed expiry: asked again for it; the table follows.
    await userEvent.selectOptions(page.getByTestId('chain-expiry'), FAR);
    expect(s.asked[1]).toEqual({ symbol: 'SPY', options: { expiry: FAR, strikes: 10 } });
    await expect.element(page.getByTestId('chain-progress')).toBeVisible();
    s.answer(chainOf(FAR, 1));
    await vi.waitFor(() => expect(q(host, 'chain-table')!.querySelector('caption')!.textContent).toBe(`SPY puts · ${dashed(FAR)}`));
    expect(q<HTMLSelectElement>(host, 'chain-expiry')!.value).toBe(FAR);

    // Keyboard: Tab into the first row, ↓ twice, Enter = Put 128 of the far expiry, LMT at its mid.
    host.querySelector<HTMLButtonElement>('[data-testid="chain-row"] button')!.focus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement!.getAttribute('aria-label')).toBe('Put 128 (at the money), bid 2.20, ask 2.25, delta −0.31');
    await userEvent.keyboard('{Enter}');
    expect(value(host, 'ticket-expiry')).toBe(dashed(FAR));
    expect(value(host, 'ticket-strike')).toBe('128');
    expect(value(host, 'ticket-limitPrice')).toBe('2.23');
    expect(q(host, 'chain-row')!.parentElement!.children[2]!.classList.contains('picked')).toBe(true);
    // A typed price is kept on the next pick; a click on a row picks it too.
    await userEvent.clear(page.getByTestId('ticket-limitPrice'));
    await userEvent.type(page.getByTestId('ticket-limitPrice'), '2.5');
    await userEvent.click(page.getByRole('button', { name: /^Put 129,/ }));
    expect(value(host, 'ticket-strike')).toBe('129');
    expect(value(host, 'ticket-limitPrice')).toBe('2.5');
    // Call: the call rows; Review sends the picked option's OSI symbol.
    await userEvent.selectOptions(page.getByTestId('ticket-right'), 'C');
    expect(q(host, 'chain-table')!.querySelector('caption')!.textContent).toBe(`SPY calls · ${dashed(FAR)}`);
    await userEvent.click(page.getByRole('button', { name: /^Call 127,/ }));
    await userEvent.click(page.getByTestId('ticket-review'));
    await vi.waitFor(() => expect(s.previews.length).toBe(1));
    expect(s.previews[0]!.legs[0]).toMatchObject({ instrument: `SPY${FAR.slice(2)}C00127000`, orderType: 'LMT', limitPrice: 2.5 });
    await expect.element(page.getByTestId('whatif-init-margin')).toHaveTextContent('+2,500.00');
    // 390 px: the table scrolls inside .table-scroll; the page does not.
    expect(q(host, 'chain-table')!.parentElement!.classList.contains('table-scroll')).toBe(true);
    expect(host.scrollWidth).toBeLessThanOrEqual(390);
    expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth);
  });

  it('says what went wrong and what to do: unknown symbol, no such expiry, offline', async () => {
    const { s, host } = mount(390);
    await userEvent.selectOptions(page.getByTestId('ticket-kind'), 'option');
    await userEvent.click(page.getByTestId('chain-load'));
    await expect.element(page.getByTestId('chain-error')).toHaveTextContent('Type an underlying symbol of 1–6 letters (e.g. SPY), then load its chain.');
    expect(s.asked).toEqual([]);
    await userEvent.type(page.getByTestId('ticket-underlying'), 'ZZZZ');
    await userEvent.click(page.getByTestId('chain-load'));
    s.fail('UNKNOWN_INSTRUMENT: TWS knows no stock or index ZZZZ');
    await expect.element(page.getByTestId('chain-error')).toHaveTextContent('No option chain for ZZZZ: UNKNOWN_INSTRUMENT: TWS knows no stock or index ZZZZ — check the symbol and load again.');
    expect(q(host, 'chain-table')).toBeNull();

    await userEvent.clear(page.getByTestId('ticket-underlying'));
    await userEvent.type(page.getByTestId('ticket-underlying'), 'SPY');
    await userEvent.click(page.getByTestId('chain-load'));
    s.answer(chainOf(NEAR));
    await vi.waitFor(() => expect(q(host, 'chain-table')).not.toBeNull());
    await userEvent.selectOptions(page.getByTestId('chain-expiry'), FAR);
    s.fail(`NO_SUCH_EXPIRY: SPY has no listed expiry ${FAR}`);
    await expect.element(page.getByTestId('chain-error')).toHaveTextContent(/NO_SUCH_EXPIRY.* — choose a listed expiry or load the chain again\.$/);
    // The chain shown stays the one loaded, and the select says so.
    expect(q<HTMLSelectElement>(host, 'chain-expiry')!.value).toBe(NEAR);

    // Offline: the real client (createCommands on a bridge that is not connected) refuses; nothing is queued.
    const sent: unknown[] = [];
    const bridge = { send: (m: unknown) => (sent.push(m), false), onMessage: () => () => undefined } as unknown as BridgeConnection;
    const off = hostOf(390);
    cleanups.push(render(() => <OrderTicket commands={createCommands(bridge)} />, off));
    const within = (id: string) => off.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
    await userEvent.selectOptions(within('ticket-kind'), 'option');
    await userEvent.type(within('ticket-underlying'), 'SPY');
    await userEvent.click(within('chain-load'));
    await vi.waitFor(() => expect(within('chain-error').textContent).toBe('No option chain for SPY: the bridge is not connected: nothing was sent (requests are never queued) — load the chain again once it is back'));
    expect(within('chain-error').getAttribute('role')).toBe('alert');
    // Both tries refused by the connection (the chain and the broker's clock), nothing kept to send later.
    expect(sent).toEqual([
      { type: 'optionChain', id: expect.stringMatching(/^app-chain-/), symbol: 'SPY', strikes: 10 },
      { type: 'clock', id: expect.stringMatching(/^app-clock-/) },
    ]);
    expect(off.querySelector('[data-testid="chain-table"]')).toBeNull();
  });
});
