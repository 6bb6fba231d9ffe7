// Persistence and order ids across restarts, with the real IBApi over TCP: a simulator restarted on
// its state dir continues where it was (replay clock, cash, positions, open orders, the day's
// executions, order ids); and ib-protocol.md P4: after the nightly restart rolls nextValidId back, a
// client that takes max(its persisted highest id + 1, nextValidId) never reuses an id (a client that
// trusts nextValidId alone gets 103).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName } from '@stoqey/ib';
import type { SimulatorOptions } from '../../../bridge/simulator/index.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { ACCOUNT, cents, lmt, mkt, quoteOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');
/** SPY as the shared domain model stores it: the plain instrument, not the simulator's listing (no spec or tape). */
const SPY_INSTRUMENT = { secType: 'STK', symbol: 'SPY', currency: 'USD', exchange: 'SMART', primaryExchange: 'ARCA', multiplier: 1, conId: 756733 };

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'moneytrailz-sim-state-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: SimulatorOptions) {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00', ...options });
  onTestFinished(() => sim.close());
  return sim;
}

describe('restart with persisted state', () => {
  it('continues with the same clock, cash, positions, open orders, executions of the day and order ids', async () => {
    const dir = stateDir();
    const sim1 = await start({ stateDir: dir });
    const c1 = await IbTestClient.connect({ port: sim1.port, clientId: 1 });
    const q = quoteOf(sim1, 'SPY');
    c1.api.placeOrder(1, SPY, mkt('BUY', 100, { orderRef: 'keep-1' }));
    c1.api.placeOrder(2, SPY, lmt('BUY', 50, cents(q.bid - 5), { tif: 'GTC', orderRef: 'keep-2' }));
    await waitStatus(c1, 2, 'Submitted', 0);
    sim1.clock.advance(30 * 60_000);
    await c1.sync();
    const clock = sim1.clock.now();
    const cash = sim1.broker.ledger(ACCOUNT).cash;
    await c1.disconnect();
    await sim1.close();
    // One JSON file, replaced atomically: no temporary file is left behind.
    expect(readdirSync(dir)).toEqual(['paper-broker.json']);
    const text = readFileSync(join(dir, 'paper-broker.json'), 'utf8');
    const saved = JSON.parse(text) as { version: number; clock: number; ledgers: { positions: { instrument: unknown }[] }[]; book: { orders: { instrument: unknown }[] } };
    expect(saved).toMatchObject({ version: 2, clock });
    // Positions and orders store plain domain instruments, so the file stays small.
    expect(saved.ledgers[0].positions.map((p) => p.instrument)).toEqual([SPY_INSTRUMENT]);
    expect(saved.book.orders.map((o) => o.instrument)).toEqual([SPY_INSTRUMENT, SPY_INSTRUMENT]);
    expect(text.length).toBeLessThan(20_000);

    const sim2 = await start({ stateDir: dir });
    expect(sim2.clock.now()).toBe(clock);
    const c2 = await IbTestClient.connect({ port: sim2.port, clientId: 1 });
    expect(c2.events(EventName.nextValidId)[0].args[0]).toBe(3);
    await c2.sync();
    // TWS re-sends a reconnecting client its open orders.
    const reopened = c2.events(EventName.openOrder, () => true, 0);
    expect(reopened.map((e) => [e.args[0], (e.args[2] as { orderRef: string }).orderRef, (e.args[3] as { status: string }).status])).toEqual([[2, 'keep-2', 'Submitted']]);

    let at = c2.mark();
    c2.api.reqPositions();
    await c2.waitFor(EventName.positionEnd, () => true, { after: at });
    expect(c2.events(EventName.position, () => true, at).map((e) => [(e.args[1] as { symbol: string }).symbol, e.args[2]])).toEqual([['SPY', 100]]);
    at = c2.mark();
    c2.api.reqExecutions(5, {});
    await c2.waitFor(EventName.execDetailsEnd, () => true, { after: at });
    expect(c2.events(EventName.execDetails, () => true, at).map((e) => (e.args[2] as { orderRef: string }).orderRef)).toEqual(['keep-1']);
    expect(c2.events(EventName.commissionReport, () => true, at)).toHaveLength(1);
    at = c2.mark();
    c2.api.reqAccountSummary(6, 'All', 'TotalCashValue');
    await c2.waitFor(EventName.accountSummaryEnd, () => true, { after: at });
    expect(c2.events(EventName.accountSummary, () => true, at)[0].args[3]).toBe((Math.round(cash * 100) / 100).toFixed(2));

    // Ids survived: 1 is a filled order (104 on modify), 2 is still open (modifiable, cancellable).
    c2.allow(104, 1);
    c2.api.placeOrder(1, SPY, mkt('BUY', 100));
    await c2.waitForError(104, 1, { after: at });
    c2.allow(202, 2);
    c2.api.cancelOrder(2);
    await waitStatus(c2, 2, 'Cancelled', at);
    c2.api.placeOrder(3, SPY, mkt('SELL', 100));
    await waitStatus(c2, 3, 'Filled', at);
    expect(sim2.broker.ledger(ACCOUNT).open()).toEqual([]);
  });

  it('restarted at a later date, it first crosses the sessions in between: DAY orders expire, options expire or are assigned', async () => {
    const dir = stateDir();
    const sim1 = await start({ stateDir: dir });
    const c1 = await IbTestClient.connect({ port: sim1.port, clientId: 1 });
    const cat = sim1.state.catalogue;
    const spy = cat.underlying('SPY')!;
    const expiry = cat.chain(spy, sim1.clock.now())!.expiry(20120106)!;
    const closeSpot = sim1.state.quotes.price(spy, easternToUtc(20120106, 16 * 60) - 1);
    const put = cat.option(spy, 20120106, expiry.strikes.find((k) => k >= closeSpot + 1)!, 'P')!;
    c1.api.placeOrder(1, { conId: put.conId, exchange: 'SMART' }, mkt('SELL', 1));
    c1.api.placeOrder(2, SPY, lmt('BUY', 10, cents(quoteOf(sim1, 'SPY').bid - 5)));
    await waitStatus(c1, 2, 'Submitted', 0);
    await waitStatus(c1, 1, 'Filled', 0);
    await c1.disconnect();
    await sim1.close();
    const saved = JSON.parse(readFileSync(join(dir, 'paper-broker.json'), 'utf8')) as { ledgers: { positions: { instrument: unknown }[] }[] };
    expect(saved.ledgers[0].positions.map((p) => p.instrument)).toEqual([
      {
        secType: 'OPT', symbol: 'SPY', currency: 'USD', exchange: 'SMART', multiplier: 100, conId: put.conId, underlying: SPY_INSTRUMENT,
        right: 'P', strike: put.strike, expiry: 20120106, style: 'american', settlement: 'physical', pennyTicks: true,
      },
    ]);

    const sim2 = await start({ stateDir: dir, start: '2012-01-09' });
    expect(sim2.clock.sessionDate()).toBe(20120109);
    expect(sim2.broker.sessionDate).toBe(20120109);
    expect(sim2.broker.book.open()).toEqual([]); // the DAY order expired on 2012-01-03
    expect(sim2.broker.positionByConId(ACCOUNT, put.conId)).toBeUndefined();
    expect(sim2.broker.positionByConId(ACCOUNT, 756733)).toMatchObject({ qty: 100, avgCost: put.strike });
  });

  it('a missing state dir starts fresh; a state file is created on the first change', async () => {
    const dir = join(stateDir(), 'nested', 'state');
    const sim = await start({ stateDir: dir });
    expect(existsSync(join(dir, 'paper-broker.json'))).toBe(false);
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    c.api.placeOrder(1, SPY, mkt('BUY', 10));
    await waitStatus(c, 1, 'Filled', 0);
    await sim.broker.save();
    expect(JSON.parse(readFileSync(join(dir, 'paper-broker.json'), 'utf8')).ledgers[0].positions[0].qty).toBe(10);
  });
});

describe('P4: a rolled-back nextValidId never makes a careful client reuse an id', () => {
  it('over a nightly restart and a simulator restart, max(persisted + 1, nextValidId) yields only fresh ids', async () => {
    const dir = stateDir();
    let sim = await start({ stateDir: dir, nextValidId: 1000 });
    /** The client's own persisted counter: the highest id it ever wrote to a socket (P4). */
    let persisted = 0;
    const used: number[] = [];
    const placeBatch = async (c: IbTestClient, n: number) => {
      const announced = c.events(EventName.nextValidId).at(-1)!.args[0] as number;
      let next = Math.max(persisted + 1, announced);
      for (let i = 0; i < n; i++, next++) {
        persisted = next;
        used.push(next);
        c.api.placeOrder(next, SPY, mkt(i % 2 ? 'SELL' : 'BUY', 10));
        await waitStatus(c, next, 'Filled', 0);
      }
    };

    let c = await IbTestClient.connect({ port: sim.port, clientId: 7 });
    await placeBatch(c, 5); // 1000 … 1004

    // The nightly restart: every connection dropped, nextValidId rolled back by 10.
    const rolled = await sim.faults.nightlyRestart({ downMs: 100, rollBackBy: 10 });
    expect(rolled.get(7)).toBe(995);
    c = await IbTestClient.connect({ port: sim.port, clientId: 7 });
    expect(c.events(EventName.nextValidId)[0].args[0]).toBe(995);
    // A client trusting nextValidId alone collides with an id it already used.
    c.allow(103, 995);
    c.api.placeOrder(995, SPY, mkt('BUY', 10));
    await c.waitForError(103, 995, { after: 0 });
    await placeBatch(c, 5); // the careful client: 1005 … 1009

    // A full simulator restart on the same state, then another roll-back.
    await c.disconnect();
    await sim.close();
    sim = await start({ stateDir: dir, nextValidId: 1000 });
    c = await IbTestClient.connect({ port: sim.port, clientId: 7 });
    expect(c.events(EventName.nextValidId)[0].args[0]).toBe(1010);
    await sim.faults.nightlyRestart({ downMs: 100, rollBackTo: 1001 });
    c = await IbTestClient.connect({ port: sim.port, clientId: 7 });
    expect(c.events(EventName.nextValidId)[0].args[0]).toBe(1001);
    await placeBatch(c, 5); // 1010 … 1014

    expect(used).toEqual(Array.from({ length: 15 }, (_, i) => 1000 + i));
    expect(new Set(used).size).toBe(used.length);
    // The only 103 ever seen was the naive placement.
    expect(c.ledger.errors.filter((e) => e.code === 103)).toEqual([]);
  });
});
