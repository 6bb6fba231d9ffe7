// One option quote model for the backtest and the simulator (docs/trading-model.md §8): the quotes a
// backtest's venue walks through a session (shared/engine/option-path.ts, on SPY's daily bars) are
// the quotes the TWS simulator publishes at the same instants — the underlying's price, bid, ask,
// last and the sizes shown — on a full session and on an early close (210 minutes). And the
// simulator keeps a strike listed until its expiry: a put written when the strike was near the money
// can be bought back after a rally has moved the day's chain away from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../bridge/simulator/index.ts';
import { newQuote } from '../../bridge/simulator/market/quotes.ts';
import type { ContractQuery } from '../../bridge/simulator/wire/requests.ts';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { option, stock } from '../../shared/domain/instrument.ts';
import { OptionPath, SessionMinutes } from '../../shared/engine/option-path.ts';
import { SyntheticOptionQuotes } from '../../shared/options/synthetic-chain.ts';
import { equitySessionHours } from '../../shared/time/exchange-calendar.ts';
import { ROOT } from '../support/source-rules.ts';

const bars = readBarsCsv(readFileSync(join(ROOT, 'data/samples/SPY_1d.csv'), 'utf8'), 'SPY_1d.csv', { symbol: 'SPY' });
const indexOf = (iso: string) => Array.from(bars.time).indexOf(Date.parse(`${iso}T00:00:00Z`));

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'step', speed: 1, start: '2012-01-03' });
});
afterAll(async () => {
  await sim.close();
});

describe('option quotes along a session: the backtest path equals the simulator', () => {
  for (const [day, expiry, minutes] of [
    ['2012-02-21', 20120302, 390],
    ['2012-11-23', 20121130, 210], // the day after Thanksgiving: closes at 13:00
  ] as const) {
    it(`${day}: every minute, puts and calls around the money (${minutes} minutes)`, () => {
      const i = indexOf(day);
      expect(i).toBeGreaterThan(0);
      const path = new OptionPath(new SyntheticOptionQuotes([bars]), new SessionMinutes());
      const spy = sim.state.catalogue.stocks.find((s) => s.symbol === 'SPY')!;
      const q = newQuote();
      const date = Number(day.replaceAll('-', ''));
      expect((equitySessionHours(date).close - equitySessionHours(date).open) / 60_000).toBe(minutes);
      const atm = Math.round(bars.open[i]);
      let compared = 0;
      for (const strike of [atm - 5, atm, atm + 3]) {
        for (const right of ['P', 'C'] as const) {
          const listed = sim.state.catalogue.option(spy, expiry, strike, right)!;
          expect(path.point(option(stock('SPY'), right, strike, expiry, { pennyTicks: true }), bars, i)).toBe(true);
          expect(path.length).toBe(minutes);
          for (let m = 0; m < minutes; m += 7) {
            const p = path.at(m);
            sim.state.quotes.quote(listed, p.time, q);
            expect([p.bid, p.ask, p.last, p.bidSize, p.askSize]).toEqual([q.bid, q.ask, q.last, q.bidSize, q.askSize]);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(150);
    });
  }
});

describe('a strike stays listed until its expiry', () => {
  it('the put written at 128 on 2012-01-31 trades on 2012-02-21, after the rally moved the chain; a strike never listed does not', () => {
    const cat = sim.state.catalogue;
    const spy = cat.stocks.find((s) => s.symbol === 'SPY')!;
    const t = equitySessionHours(20120221).open + 60_000;
    const today = cat.chain(spy, t)!.expiry(20120302)!;
    expect(today.strikes).not.toContain(128); // SPY near 137: the day's grid starts above it
    const query = (strike: number): ContractQuery => ({
      conId: 0, symbol: 'SPY', secType: 'OPT', lastTradeDateOrContractMonth: '20120302', strike, right: 'P', multiplier: '100',
      exchange: 'SMART', primaryExch: '', currency: 'USD', localSymbol: '', tradingClass: '', includeExpired: false,
    });
    const held = cat.match(query(128), t);
    expect(held.map((x) => x.secType === 'OPT' && x.localSymbol)).toEqual(['SPY   120302P00128000']);
    expect(cat.byId(held[0].conId, t)).toBeDefined();
    expect(cat.match(query(60), t)).toEqual([]);
    // Before its expiry was listed, the strike was not listed either.
    expect(cat.match(query(128), equitySessionHours(20120103).open + 60_000)).toEqual([]);
  });
});
