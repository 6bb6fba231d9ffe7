// The IBKR broker with options and combos (docs/bridge.md §2–§3), against the embedded simulator
// over real TCP: an option bought by its fields (no conId), and a two-leg call spread whose legs'
// conIds the broker resolves with reqContractDetails before anything is sent; one fill per leg with
// its own commission, the order's net average price, and the contract mapping both ways.
import { describe, expect, it, onTestFinished } from 'vitest';
import { OptionType, SecType } from '@stoqey/ib';
import { ContractMappingError, contractOf, instrumentOf } from '../../bridge/ib/contract-mapping.ts';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { combo, indexOf, instrumentKey, option, stock } from '../../shared/domain/instrument.ts';
import { quoteOf } from '../support/ib-orders.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { accepted, brokerRig, ticket } from '../support/ibkr-broker.ts';

async function startSim(): Promise<RunningSimulator> {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  return sim;
}

function strikes(sim: RunningSimulator) {
  const spy = sim.state.catalogue.underlying('SPY')!;
  const chain = sim.state.catalogue.chain(spy, sim.clock.now())!;
  const expiry = chain.expiries.find((e) => e.kind === 'monthly')!;
  const k1 = expiry.strikes.find((k) => k >= chain.reference)!;
  const k2 = expiry.strikes.find((k) => k >= k1 + 3)!;
  const listed = (k: number) => sim.state.catalogue.option(spy, expiry.date, k, 'C')!;
  return { date: expiry.date, k1, k2, long: listed(k1), short: listed(k2) };
}

describe('contract mapping', () => {
  it('maps instruments to contracts and back; a combo leg without a conId cannot be sent', () => {
    const spy = stock('SPY', { conId: 756733, primaryExchange: 'ARCA' });
    expect(contractOf(spy)).toEqual({ symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD', conId: 756733, primaryExch: 'ARCA' });
    const call = option(stock('SPY'), 'C', 130, 20120121);
    expect(contractOf(call)).toMatchObject({ secType: SecType.OPT, lastTradeDateOrContractMonth: '20120121', strike: 130, right: OptionType.Call, multiplier: 100 });
    const back = instrumentOf(contractOf({ ...call, conId: 5 }));
    expect(back.ok && instrumentKey(back.instrument)).toBe(instrumentKey(call));
    const spx = instrumentOf({ secType: SecType.OPT, symbol: 'SPX', lastTradeDateOrContractMonth: '20120121', strike: 1300, right: OptionType.Put, multiplier: 100, tradingClass: 'SPX' }, { underlyingSecType: () => 'IND' });
    expect(spx.ok && spx.instrument).toMatchObject({ underlying: indexOf('SPX'), style: 'european', settlement: 'cash', tradingClass: 'SPX' });
    expect(() => contractOf(combo([{ instrument: call, ratio: 1, action: 'BUY' }]))).toThrow(ContractMappingError);
    for (const bad of [null, {}, { secType: 'FUT', symbol: 'ES' }, { secType: 'OPT', symbol: 'SPY', lastTradeDateOrContractMonth: 'soon' }, { secType: 'BAG', symbol: 'SPY', comboLegs: [{ conId: 9, ratio: 1, action: 'BUY' }] }]) {
      expect(instrumentOf(bad as never)).toMatchObject({ ok: false, reason: expect.any(String) });
    }
  });
});

describe('IbkrBroker: options and combos', () => {
  it('an option bought at market by its fields: filled with the option contract, learned conId, per-contract commission', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const { date, k1, long } = strikes(sim);
    const call = option(stock('SPY'), 'C', k1, date);
    const o = accepted(rig.broker.submit(ticket('BUY', 2, 'intent-opt-1', { instrument: call, openClose: 'O' })));
    await rig.until(() => o.status === 'Filled', 'the option fill');
    expect(rig.fills).toHaveLength(1);
    expect(rig.fills[0]).toMatchObject({ qty: 2, price: quoteOf(sim, long.conId).ask, commission: expect.any(Number) });
    expect(rig.fills[0].instrument).toMatchObject({ secType: 'OPT', strike: k1, expiry: date, right: 'C', conId: long.conId });
    expect(rig.fills[0].commission).toBeGreaterThan(0);
    expect(sim.broker.positionByConId('DU1234567', long.conId)?.qty).toBe(2);
  });

  it('a two-leg call spread: leg conIds resolved first, one fill per leg with its commission, the net average price', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const { date, k1, k2, long, short } = strikes(sim);
    const spread = combo([
      { instrument: option(stock('SPY'), 'C', k1, date), ratio: 1, action: 'BUY' },
      { instrument: option(stock('SPY'), 'C', k2, date), ratio: 1, action: 'SELL' },
    ]);
    const ql = quoteOf(sim, long.conId);
    const qs = quoteOf(sim, short.conId);
    const o = accepted(rig.broker.submit(ticket('BUY', 1, 'intent-bag-1', { instrument: spread })));
    await rig.until(() => o.status === 'Filled', 'the combo fill');
    expect(rig.fills.map((f) => [f.instrument.conId, f.qty, f.price])).toEqual([
      [long.conId, 1, ql.ask],
      [short.conId, -1, qs.bid],
    ]);
    for (const f of rig.fills) expect(f.commission).toBeGreaterThan(0);
    expect(o.filled).toBe(1);
    expect(o.avgFillPrice).toBeCloseTo(ql.ask - qs.bid, 6);
    expect(o.commission).toBeCloseTo(rig.fills[0].commission + rig.fills[1].commission, 9);
    // The journal holds the order with its legs' conIds, and each leg's execution once.
    const submitted = rig.journal.entries.filter((e) => e.kind === 'order-submitted');
    expect(submitted).toHaveLength(1);
    expect((submitted[0] as unknown as { ticket: { instrument: { legs: { instrument: { conId?: number } }[] } } }).ticket.instrument.legs.map((l) => l.instrument.conId)).toEqual([long.conId, short.conId]);
    expect(rig.journal.entries.filter((e) => e.kind === 'execution')).toHaveLength(2);
    expect(rig.problems).toEqual([]);
  });

  it('a combo whose leg does not exist is ended Inactive with the reason, and nothing reaches the simulator', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const { date } = strikes(sim);
    const bad = combo([
      { instrument: option(stock('SPY'), 'C', 9999, date), ratio: 1, action: 'BUY' },
      { instrument: stock('SPY'), ratio: 100, action: 'SELL' },
    ]);
    const o = accepted(rig.broker.submit(ticket('BUY', 1, 'intent-bag-bad', { instrument: bad })));
    await rig.until(() => o.status === 'Inactive', 'Inactive');
    expect(o.reason).toMatch(/could not be resolved/);
    expect(sim.broker.book.all()).toHaveLength(0);
    expect(rig.journal.entries.filter((e) => e.kind === 'order-submitted')).toHaveLength(0);
  });
});
