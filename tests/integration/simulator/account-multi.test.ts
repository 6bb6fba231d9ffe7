// The per-account subscriptions reqPositionsMulti (74/75) and reqAccountUpdatesMulti (76/77), with
// the real IBApi over TCP (@stoqey/ib 1.6.10's IBApiNext has no wrapper for them, so the IBApi calls
// are what clients use): the paper account's real positions and the same account values
// reqAccountUpdates reports, each answered within 2 s; changes streamed until cancelled; an unknown
// account refused with 321 on the request's own id. Plus the wire layout, decoded by @stoqey/ib's
// own Decoder (request bytes in, reply bytes out).
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName } from '@stoqey/ib';
import { accountUpdateMulti, accountUpdateMultiEnd, positionMulti, positionMultiEnd } from '../../../bridge/simulator/wire/account-multi-encoders.ts';
import type { ContractFields } from '../../../bridge/simulator/wire/order-encoders.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { ACCOUNT, mkt, stock, waitStatus } from '../../support/ib-orders.ts';
import { frame, RawTwsClient } from '../../support/ib-raw.ts';
import { bodyFields, decode } from '../../support/ib-decode.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');
const QUICK = { timeoutMs: 2000 };

const split = bodyFields;

async function setupWithFill(qty = 100) {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  c.api.placeOrder(1, SPY, mkt('BUY', qty));
  await waitStatus(c, 1, 'Filled', 0);
  return { sim, c };
}

describe('wire layout of the multi subscriptions', () => {
  it('every encoder decodes cleanly with @stoqey/ib’s Decoder', () => {
    const c: ContractFields = { conId: 756733, symbol: 'SPY', secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: 'ARCA', primaryExch: 'ARCA', currency: 'USD', localSymbol: 'SPY', tradingClass: 'SPY' };
    const pos = decode(split(positionMulti(3, 'DU1', c, 100, 127.5035, '')));
    expect(pos.errors).toEqual([]);
    expect(pos.events).toEqual([{ name: EventName.positionMulti, args: [3, 'DU1', '', expect.objectContaining({ conId: 756733, symbol: 'SPY', secType: 'STK', exchange: 'ARCA', currency: 'USD' }), 100, 127.5035] }]);
    expect(decode(split(positionMultiEnd(3)))).toEqual({ events: [{ name: EventName.positionMultiEnd, args: [3] }], errors: [], infos: [] });
    expect(decode(split(accountUpdateMulti(4, 'DU1', '', 'NetLiquidation', '1000000.00', 'USD')))).toEqual({
      events: [{ name: EventName.accountUpdateMulti, args: [4, 'DU1', '', 'NetLiquidation', '1000000.00', 'USD'] }],
      errors: [],
      infos: [],
    });
    // stoqey reads this end's request id as a string (its decoder's readStr)
    expect(decode(split(accountUpdateMultiEnd(4)))).toEqual({ events: [{ name: EventName.accountUpdateMultiEnd, args: ['4'] }], errors: [], infos: [] });
  });

  it('raw request bytes in, reply bytes out that the Decoder reads without an error', async () => {
    const { sim } = await setupWithFill();
    const raw = await RawTwsClient.connect(sim.port);
    onTestFinished(() => raw.destroy());
    await raw.handshake(9);
    const at = raw.messages.length;
    raw.write(frame([74, 1, 31, ACCOUNT, '']));
    raw.write(frame([76, 2, 32, ACCOUNT, '', 0]));
    raw.write(frame([75, 1, 31]));
    raw.write(frame([77, 2, 32]));
    raw.write(frame([49, 1]));
    await raw.waitFor((m) => m[0] === '49', 2000, at);
    const replies = raw.messages.slice(at);
    expect(replies.map((m) => m[0]).filter((id) => id !== '73')).toEqual(['71', '72', '74', '49']);
    const values = replies.filter((m) => m[0] === '73');
    expect(values.length).toBeGreaterThan(10);
    expect(values.find((m) => m[5] === 'NetLiquidation')?.slice(0, 5)).toEqual(['73', '1', '32', ACCOUNT, '']);
    const [row] = replies.filter((m) => m[0] === '71');
    expect(row).toHaveLength(18);
    expect(row.slice(0, 6)).toEqual(['71', '1', '31', ACCOUNT, '756733', 'SPY']);
    expect(row[15]).toBe('100');
    for (const m of replies) expect(decode(m).errors, m.join('|')).toEqual([]);
    expect(replies.filter((m) => m[0] === '4')).toEqual([]);
  });
});

describe('reqPositionsMulti', () => {
  it('the account’s positions after a fill, then the end, within 2 s; changes follow until cancelled', async () => {
    const { c } = await setupWithFill();
    let at = c.mark();
    c.api.reqPositionsMulti(5, ACCOUNT, '');
    await c.waitFor(EventName.positionMultiEnd, (id: number) => id === 5, { after: at, ...QUICK });
    const rows = c.events(EventName.positionMulti, (id: number) => id === 5, at);
    expect(rows).toHaveLength(1);
    const [reqId, account, modelCode, contract, pos, avgCost] = rows[0].args as [number, string, string, { conId: number; symbol: string }, number, number];
    expect([reqId, account, modelCode, pos]).toEqual([5, ACCOUNT, '', 100]);
    expect(contract).toMatchObject({ conId: 756733, symbol: 'SPY' });
    // the same average cost reqPositions reports
    const atPos = c.mark();
    c.api.reqPositions();
    const [, , , posCost] = await c.waitFor(EventName.position, () => true, { after: atPos });
    expect(avgCost).toBe(posCost);
    c.api.cancelPositions();

    at = c.mark();
    c.api.placeOrder(2, SPY, mkt('SELL', 40));
    const [, , , , left] = await c.waitFor(EventName.positionMulti, (id: number) => id === 5, { after: at, ...QUICK });
    expect(left).toBe(60);

    c.api.cancelPositionsMulti(5);
    await c.sync();
    at = c.mark();
    c.api.placeOrder(3, SPY, mkt('SELL', 60));
    await waitStatus(c, 3, 'Filled', at);
    await c.sync();
    expect(c.events(EventName.positionMulti, () => true, at)).toEqual([]);
  });

  it('account "" lists every managed account; an unknown account gets 321 on its own request id', async () => {
    const { c } = await setupWithFill(10);
    let at = c.mark();
    c.api.reqPositionsMulti(6, '', '');
    await c.waitFor(EventName.positionMultiEnd, (id: number) => id === 6, { after: at, ...QUICK });
    expect(c.events(EventName.positionMulti, (id: number) => id === 6, at).map((e) => [e.args[1], e.args[4]])).toEqual([[ACCOUNT, 10]]);

    c.allow(321, 7);
    at = c.mark();
    c.api.reqPositionsMulti(7, 'DU9999999', '');
    const [err] = await c.waitForError(321, 7, { after: at, ...QUICK });
    expect((err as Error).message).toMatch(/Invalid account code 'DU9999999'/);
    await c.sync();
    expect(c.events(EventName.positionMultiEnd, (id: number) => id === 7, at)).toEqual([]);
  });
});

describe('reqAccountUpdatesMulti', () => {
  it('the values reqAccountUpdates reports, then the end, within 2 s; changed values after a fill until cancelled', async () => {
    const { c } = await setupWithFill();
    let at = c.mark();
    c.api.reqAccountUpdates(true, ACCOUNT);
    await c.waitFor(EventName.accountDownloadEnd, () => true, { after: at });
    c.api.reqAccountUpdates(false, ACCOUNT);
    const expected = new Map(c.events(EventName.updateAccountValue, () => true, at).map((e) => [e.args[0] as string, [e.args[1], e.args[2]]]));

    at = c.mark();
    c.api.reqAccountUpdatesMulti(8, ACCOUNT, '', false);
    await c.waitFor(EventName.accountUpdateMultiEnd, (id: unknown) => String(id) === '8', { after: at, ...QUICK });
    const rows = c.events(EventName.accountUpdateMulti, (id: number) => id === 8, at);
    expect(rows.every((e) => e.args[1] === ACCOUNT && e.args[2] === '')).toBe(true);
    expect(new Map(rows.map((e) => [e.args[3] as string, [e.args[4], e.args[5]]]))).toEqual(expected);
    expect(expected.get('NetLiquidation')).toEqual([expect.any(String), 'USD']);

    const cashBefore = expected.get('TotalCashValue')![0];
    at = c.mark();
    c.api.placeOrder(2, SPY, mkt('SELL', 100));
    const [, , , , cashAfter] = await c.waitFor(EventName.accountUpdateMulti, (id: number, _a: string, _m: string, key: string) => id === 8 && key === 'TotalCashValue', { after: at, ...QUICK });
    expect(Number(cashAfter)).toBeGreaterThan(Number(cashBefore));
    await c.sync();
    // only values that changed are sent again
    expect(c.events(EventName.accountUpdateMulti, (id: number, _a: string, _m: string, key: string) => id === 8 && key === 'AccountCode', at)).toEqual([]);

    c.api.cancelAccountUpdatesMulti(8);
    await c.sync();
    at = c.mark();
    c.api.placeOrder(3, SPY, mkt('BUY', 100));
    await waitStatus(c, 3, 'Filled', at);
    await c.sync();
    expect(c.events(EventName.accountUpdateMulti, () => true, at)).toEqual([]);
  });

  it('ledgerAndNLV asks for the cash ledger and net liquidation only', async () => {
    const { c } = await setupWithFill();
    const at = c.mark();
    c.api.reqAccountUpdatesMulti(9, ACCOUNT, '', true);
    await c.waitFor(EventName.accountUpdateMultiEnd, (id: unknown) => String(id) === '9', { after: at, ...QUICK });
    const keys = c.events(EventName.accountUpdateMulti, (id: number) => id === 9, at).map((e) => e.args[3]);
    expect(keys).toContain('NetLiquidation');
    expect(keys).toContain('TotalCashValue');
    expect(keys).not.toContain('InitMarginReq');
  });

  it('values move with the replayed price while subscribed', async () => {
    const { sim, c } = await setupWithFill();
    let at = c.mark();
    c.api.reqAccountUpdatesMulti(10, ACCOUNT, '', false);
    await c.waitFor(EventName.accountUpdateMultiEnd, (id: unknown) => String(id) === '10', { after: at, ...QUICK });
    const netLiq = () => c.events(EventName.accountUpdateMulti, (id: number, _a: string, _m: string, key: string) => id === 10 && key === 'NetLiquidation').map((e) => e.args[4]);
    const first = netLiq();
    at = c.mark();
    for (let i = 0; i < 30 && netLiq().length === first.length; i++) {
      sim.clock.advance(60_000);
      await c.sync();
    }
    const later = netLiq();
    expect(later.length).toBeGreaterThan(first.length);
    expect(later.at(-1)).not.toBe(later.at(-2));
  });

  it('an unknown account gets 321 on its own request id and no end', async () => {
    const { c } = await setupWithFill(10);
    c.allow(321, 11);
    const at = c.mark();
    c.api.reqAccountUpdatesMulti(11, 'U0000000', '', false);
    const [err] = await c.waitForError(321, 11, { after: at, ...QUICK });
    expect((err as Error).message).toMatch(/Invalid account code 'U0000000'/);
    await c.sync();
    expect(c.events(EventName.accountUpdateMultiEnd, () => true, at)).toEqual([]);
  });
});
