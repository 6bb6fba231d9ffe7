// The paper broker through IBApiNext over TCP: placeNewOrder (reqIds then placeOrder), modifyOrder,
// cancelOrder, getOpenOrders, getAllOpenOrders, getExecutionDetails, getCommissionReport,
// getPositions, getAccountSummary, getPnL and getPnLSingle.
import { describe, expect, it, onTestFinished } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { filter, take } from 'rxjs/operators';
import { EventName } from '@stoqey/ib';
import { IbNextTestClient } from '../../support/ib-client.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { ACCOUNT, cents, lmt, mkt, quoteOf, stock } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');

async function setup() {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  const n = await IbNextTestClient.connect({ port: sim.port, clientId: 3 });
  return { sim, n };
}

describe('IBApiNext and the paper broker', () => {
  it('placeNewOrder fills; the executions, commissions, positions, summary and P&L agree', async () => {
    const { sim, n } = await setup();
    const q = quoteOf(sim, 'SPY');
    const id = await n.next.placeNewOrder(SPY, mkt('BUY', 200, { orderRef: 'next-1' }));
    expect(id).toBe(1);
    await n.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === id && s === 'Filled', { after: 0 });

    const details = await n.next.getExecutionDetails({});
    expect(details).toHaveLength(1);
    expect(details[0].contract).toMatchObject({ symbol: 'SPY', conId: 756733 });
    expect(details[0].execution).toMatchObject({ orderId: id, shares: 200, price: q.ask, side: 'BOT', orderRef: 'next-1' });
    const reports = await n.next.getCommissionReport({});
    expect(reports.map((r) => r.commission)).toEqual([0.7]);

    const positions = await firstValueFrom(n.next.getPositions().pipe(filter((u) => (u.all.get(ACCOUNT)?.length ?? 0) > 0)));
    const [pos] = positions.all.get(ACCOUNT)!;
    expect(pos.contract.symbol).toBe('SPY');
    expect(pos.pos).toBe(200);
    expect(pos.avgCost).toBeCloseTo((200 * q.ask + 0.7) / 200, 4);

    const summary = await firstValueFrom(n.next.getAccountSummary('All', 'TotalCashValue,NetLiquidation'));
    const tags = summary.all.get(ACCOUNT)!;
    expect(tags.get('TotalCashValue')?.get('USD')?.value).toBe((Math.round((1_000_000 - 200 * q.ask - 0.7) * 100) / 100).toFixed(2));
    expect(Number(tags.get('NetLiquidation')?.get('USD')?.value)).toBeCloseTo(1_000_000 - 200 * q.ask - 0.7 + 200 * q.last, 2);

    const pnl = await firstValueFrom(n.next.getPnL(ACCOUNT));
    expect(pnl.unrealizedPnL).toBeCloseTo(200 * q.last - (200 * q.ask + 0.7), 2);
    expect(pnl.realizedPnL).toBe(0);
    const single = await firstValueFrom(n.next.getPnLSingle(ACCOUNT, '', 756733));
    expect(single.position).toBe(200);
    expect(single.marketValue).toBeCloseTo(200 * q.last, 2);
  });

  it('getOpenOrders / getAllOpenOrders list working orders; modifyOrder and cancelOrder act on them', async () => {
    const { sim, n } = await setup();
    n.allow(202);
    const q = quoteOf(sim, 'SPY');
    const id = await n.next.placeNewOrder(SPY, lmt('BUY', 100, cents(q.bid - 1), { tif: 'GTC' }));
    await n.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === id && s === 'Submitted', { after: 0 });
    const open = await lastValueFrom(n.next.getOpenOrders());
    expect(open.all.map((o) => [o.orderId, o.order.lmtPrice, o.orderState.status])).toEqual([[id, cents(q.bid - 1), 'Submitted']]);
    const all = await n.next.getAllOpenOrders();
    expect(all.map((o) => o.orderId)).toEqual([id]);

    const at = n.mark();
    n.next.modifyOrder(id, SPY, lmt('BUY', 100, cents(q.bid - 0.5), { tif: 'GTC' }));
    await n.waitFor(EventName.openOrder, (oid: number, _c: unknown, o: { lmtPrice: number }) => oid === id && o.lmtPrice === cents(q.bid - 0.5), { after: at });
    n.next.cancelOrder(id);
    await n.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === id && s === 'Cancelled', { after: at });
    const none = await lastValueFrom(n.next.getOpenOrders().pipe(take(1)));
    expect(none.all).toEqual([]);
  });

  it('a rejection reaches next.error with the order id and code 201; the order shows Inactive', async () => {
    const { n } = await setup();
    n.allow(201);
    const errors: { code: number; reqId: number }[] = [];
    const sub = n.next.error.subscribe((e) => errors.push({ code: e.code, reqId: e.reqId }));
    onTestFinished(() => sub.unsubscribe());
    const id = await n.next.placeNewOrder(SPY, mkt('BUY', 1_000_000));
    await n.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === id && s === 'Inactive', { after: 0 });
    expect(errors).toContainEqual({ code: 201, reqId: id });
  });

  it('getPositions follows an option position through its assignment at expiry', async () => {
    const { sim, n } = await setup();
    const cat = sim.state.catalogue;
    const spy = cat.underlying('SPY')!;
    const expiry = cat.chain(spy, sim.clock.now())!.expiry(20120106)!;
    const closeSpot = sim.state.quotes.price(spy, easternToUtc(20120106, 16 * 60) - 1);
    const strike = expiry.strikes.find((k) => k >= closeSpot + 1)!;
    const put = cat.option(spy, 20120106, strike, 'P')!;
    const id = await n.next.placeNewOrder({ conId: put.conId, exchange: 'SMART' }, mkt('SELL', 1));
    await n.waitFor(EventName.orderStatus, (oid: number, s: string) => oid === id && s === 'Filled', { after: 0 });
    const seen: [number, number][][] = [];
    const sub = n.next.getPositions().subscribe((u) => seen.push((u.all.get(ACCOUNT) ?? []).map((p) => [p.contract.conId!, p.pos])));
    onTestFinished(() => sub.unsubscribe());
    await n.waitFor(EventName.positionEnd, () => true, { after: 0 });
    expect(seen.at(-1)).toEqual([[put.conId, -1]]);
    sim.clock.advanceTo(easternToUtc(20120109, 10 * 60));
    await n.next.getCurrentTime();
    expect(seen.at(-1)).toEqual([[756733, 100]]);
  });
});
