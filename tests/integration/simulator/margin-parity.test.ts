// One model of margin and buying power (docs/trading-model.md §4): positions opened in the TWS
// simulator with the real IBApi client over TCP — a cash-secured put, 100 shares with a covered call,
// and a naked call — are valued by the backtest's pricing (the synthetic option chain of SPY's daily
// bars, shared/options/synthetic-chain.ts, and the shared margin rules) and by the simulator's own
// account values, at the same instant: the numbers agree to the cent.
import { describe, expect, it, onTestFinished } from 'vitest';
import { readFileSync } from 'node:fs';
import type { HoldableInstrument } from '../../../shared/domain/instrument.ts';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { SyntheticOptionQuotes } from '../../../shared/options/synthetic-chain.ts';
import { accountValues, type Marks } from '../../../shared/portfolio/account-values.ts';
import { Ledger } from '../../../shared/portfolio/ledger.ts';
import { REG_T } from '../../../shared/portfolio/margin.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { ACCOUNT, mkt, waitStatus } from '../../support/ib-orders.ts';
import { SPY, startTestSimulator } from '../../support/ib-simulator.ts';

const EXPIRY = 20120120;
const spyDaily = readBarsCsv(readFileSync(new URL('../../../data/samples/SPY_1d.csv', import.meta.url), 'utf8'), 'SPY_1d.csv', { symbol: 'SPY' });

describe('margin parity: simulator and backtest value the same positions alike', () => {
  it('cash-secured put, covered call and naked call: initial and maintenance margin, available funds, buying power, net liquidation', async () => {
    const sim = await startTestSimulator({ start: '2012-01-04T10:30' });
    onTestFinished(() => sim.close());
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    onTestFinished(() => c.disconnect());
    const cat = sim.state.catalogue;
    const spy = cat.underlying('SPY')!;
    const chain = cat.chain(spy, sim.clock.now())!.expiry(EXPIRY)!;
    const spot = sim.state.quotes.price(spy, sim.clock.now());
    const below = [...chain.strikes].reverse().find((k) => k <= spot - 3)!;
    const above = chain.strikes.find((k) => k >= spot + 3)!;
    const farAbove = chain.strikes.find((k) => k >= spot + 8)!;
    const put = cat.option(spy, EXPIRY, below, 'P')!;
    const covered = cat.option(spy, EXPIRY, above, 'C')!;
    const naked = cat.option(spy, EXPIRY, farAbove, 'C')!;
    c.api.placeOrder(1, { conId: put.conId, exchange: 'SMART' }, mkt('SELL', 2));
    c.api.placeOrder(2, SPY, mkt('BUY', 100));
    c.api.placeOrder(3, { conId: covered.conId, exchange: 'SMART' }, mkt('SELL', 1));
    c.api.placeOrder(4, { conId: naked.conId, exchange: 'SMART' }, mkt('SELL', 1));
    for (const id of [1, 2, 3, 4]) await waitStatus(c, id, 'Filled', 0);

    // Later the same morning: the simulator's account values against the backtest's valuation.
    const t = easternToUtc(20120104, 13 * 60);
    sim.clock.advanceTo(t);
    await c.sync();
    const simulator = sim.broker.values(ACCOUNT, t);

    const books = sim.broker.ledger(ACCOUNT);
    const ledger = new Ledger(books.toJSON()); // the same cash and positions, as plain data
    const quotes = new SyntheticOptionQuotes([spyDaily]);
    const underlying = cat.underlying('SPY')!;
    // The same market: the underlying's path price drives the option model, the stock is marked at its
    // last trade (the path price to the cent), as TWS marks stock.
    const path = sim.state.quotes.price(underlying, t);
    const spotNow = Math.round(path * 100) / 100;
    const marks: Marks = {
      price: (i: HoldableInstrument) => (i.secType === 'STK' ? spotNow : i.secType === 'OPT' ? quotes.quote(i, path, t).mid : NaN),
    };
    const backtest = accountValues(ledger, marks, REG_T);

    expect(ledger.open().map((p) => p.qty).sort((a, b) => a - b)).toEqual([-2, -1, -1, 100]);
    for (const key of ['initMargin', 'maintMargin', 'availableFunds', 'buyingPower', 'netLiquidation', 'equityWithLoan', 'excessLiquidity'] as const) {
      expect(backtest[key], key).toBeCloseTo(simulator[key], 2);
    }
    // And the requirement is what the rules say: 2 puts × strike × 100, the covered call 0, the naked
    // call its value plus max(20 % − OTM, 10 %) of spot, × 100, the stock 50 %.
    const nakedReq = (marks.price(naked as HoldableInstrument, '') + Math.max(0.2 * spotNow - (farAbove - spotNow), 0.1 * spotNow)) * 100;
    expect(simulator.initMargin).toBeCloseTo(2 * below * 100 + nakedReq + 0.5 * 100 * spotNow, 6);
  });
});
