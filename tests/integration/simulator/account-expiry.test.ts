// Option expiry at the replay clock's session change, with the real IBApi over TCP: an in-the-money
// short put is assigned (long 100 shares per contract at the strike, cash down strike × 100), an
// out-of-the-money one expires worthless (position gone, premium kept); a long ITM call is exercised
// and an ITM short call is called away. The client sees the position, portfolio and account updates.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName } from '@stoqey/ib';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { ACCOUNT, mkt, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const EXPIRY = 20120106; // the first weekly listed on 2012-01-03
const SPY_CONID = 756733;

async function setup() {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  const cat = sim.state.catalogue;
  const spy = cat.underlying('SPY')!;
  const expiry = cat.chain(spy, sim.clock.now())!.expiry(EXPIRY)!;
  // The underlying at the expiry's close decides (the simulator's own path; 2012-01-06 closed near 127.7).
  const closeSpot = sim.state.quotes.price(spy, easternToUtc(EXPIRY, 16 * 60) - 1);
  const option = (k: number, right: 'C' | 'P') => cat.option(spy, EXPIRY, k, right)!;
  const itmPut = expiry.strikes.find((k) => k >= closeSpot + 1)!;
  const otmPut = [...expiry.strikes].reverse().find((k) => k <= closeSpot - 1)!;
  const itmCalls = expiry.strikes.filter((k) => k <= closeSpot - 1);
  return { sim, c, closeSpot, option, itmPut, otmPut, itmCalls };
}

async function toNextWeek(sim: Awaited<ReturnType<typeof setup>>['sim'], c: IbTestClient): Promise<void> {
  sim.clock.advanceTo(easternToUtc(20120109, 10 * 60)); // crosses 01-03 … 01-06 → 01-09
  await c.sync();
}

describe('option expiry', () => {
  it('a short put in the money is assigned: long stock at the strike, cash down by strike × 100; out of the money it just expires', async () => {
    const { sim, c, option, itmPut, otmPut } = await setup();
    const itm = option(itmPut, 'P');
    const otm = option(otmPut, 'P');
    c.api.placeOrder(1, { conId: itm.conId, exchange: 'SMART' }, mkt('SELL', 1));
    c.api.placeOrder(2, { conId: otm.conId, exchange: 'SMART' }, mkt('SELL', 2));
    await waitStatus(c, 2, 'Filled', 0);
    const ledger = sim.broker.ledger(ACCOUNT);
    expect(sim.broker.positionByConId(ACCOUNT, itm.conId)?.qty).toBe(-1);
    expect(sim.broker.positionByConId(ACCOUNT, otm.conId)?.qty).toBe(-2);
    const cashBefore = ledger.cash; // premiums received, commissions paid

    c.api.reqPositions();
    c.api.reqAccountUpdates(true, ACCOUNT);
    await c.waitFor(EventName.accountDownloadEnd, () => true, { after: 0 });
    const at = c.mark();
    await toNextWeek(sim, c);

    // Positions: the puts are gone, 100 SPY were put to the account at the strike.
    expect(sim.broker.positionByConId(ACCOUNT, itm.conId)).toBeUndefined();
    expect(sim.broker.positionByConId(ACCOUNT, otm.conId)).toBeUndefined();
    expect(sim.broker.positionByConId(ACCOUNT, SPY_CONID)).toMatchObject({ qty: 100, avgCost: itmPut });
    expect(ledger.cash).toBeCloseTo(cashBefore - itmPut * 100, 6);
    // What the client saw: position rows (0 for each put, +100 SPY at the strike) and portfolio/account updates.
    const rows = c.events(EventName.position, () => true, at).map((e) => [(e.args[1] as { conId: number }).conId, e.args[2], e.args[3]]);
    expect(rows).toEqual(expect.arrayContaining([[itm.conId, 0, 0], [otm.conId, 0, 0], [SPY_CONID, 100, itmPut]]));
    const portfolio = c.events(EventName.updatePortfolio, (contract: { conId: number }) => contract.conId === SPY_CONID, at);
    expect(portfolio.length).toBeGreaterThan(0);
    expect(portfolio[0].args[1]).toBe(100);
    const cash = c.events(EventName.updateAccountValue, (key: string) => key === 'TotalCashValue', at).at(-1)!;
    expect(cash.args[1]).toBe((Math.round((cashBefore - itmPut * 100) * 100) / 100).toFixed(2));
  });

  it('a long call in the money is exercised (buys 100) and a short call in the money is called away (sells 100)', async () => {
    const { sim, c, option, itmCalls } = await setup();
    const [low, high] = [itmCalls[itmCalls.length - 3], itmCalls[itmCalls.length - 1]];
    const long = option(low, 'C');
    const short = option(high, 'C');
    c.api.placeOrder(1, { conId: long.conId, exchange: 'SMART' }, mkt('BUY', 1));
    c.api.placeOrder(2, { conId: short.conId, exchange: 'SMART' }, mkt('SELL', 1));
    await waitStatus(c, 2, 'Filled', 0);
    const ledger = sim.broker.ledger(ACCOUNT);
    const cashBefore = ledger.cash;
    await toNextWeek(sim, c);
    expect(ledger.open()).toEqual([]); // +100 and −100 SPY: flat
    expect(ledger.cash).toBeCloseTo(cashBefore - low * 100 + high * 100, 6);
  });
});
