// Synthetic option quotes for backtests (shared/options/synthetic-chain.ts): the same numbers as the
// TWS simulator's QuoteModel on the same daily data, and no look-ahead.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../../bridge/simulator/market/catalogue.ts';
import { QuoteModel, newQuote } from '../../../bridge/simulator/market/quotes.ts';
import { ReplaySessions } from '../../../bridge/simulator/market/replay-sessions.ts';
import { loadSampleData, type DailyBars } from '../../../bridge/simulator/market/sample-data.ts';
import { realisedVol } from '../../../bridge/simulator/market/volatility.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { MS_PER_DAY, daysFromYyyymmdd } from '../../../shared/data/iso-time.ts';
import { option, osiSymbol, stock } from '../../../shared/domain/instrument.ts';
import { DEFAULT_VOL, SyntheticOptionQuotes, listedExpiries, underlyingParams } from '../../../shared/options/index.ts';
import type { ChainQuote } from '../../../shared/strategies/strategy.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';

const data = loadSampleData(fileURLToPath(new URL('../../../data/samples/', import.meta.url)));
const dates: number[] = [];
for (const s of data.symbols.values()) for (const d of s.daily.date) dates.push(d);
const catalogue = new Catalogue(data, new ReplaySessions(dates));

/** A symbol's daily bars as a BarSeries (time = UTC midnight of each date), optionally edited. */
function series(symbol: string, edit?: (i: number, d: DailyBars) => number): BarSeries {
  const d = data.symbols.get(symbol)!.daily;
  const time = Float64Array.from(d.date, (x) => daysFromYyyymmdd(x) * MS_PER_DAY);
  const scale = (col: Float64Array) => (edit ? col.map((v, i) => v * edit(i, d)) : col);
  return {
    symbol,
    timeframe: '1d',
    length: d.length,
    time,
    end: time.map((t) => t + MS_PER_DAY),
    open: scale(d.open),
    high: scale(d.high),
    low: scale(d.low),
    close: scale(d.close),
    volume: d.volume,
  };
}

const SYMBOLS = ['SPY', 'QQQ', 'TLT', 'AAPL', 'GOOG'];
const synthetic = new SyntheticOptionQuotes(SYMBOLS.map((s) => series(s)));
const et = (date: number, hh: number, mm: number) => easternToUtc(date, hh * 60 + mm);
const key = (c: ChainQuote) => osiSymbol(c.option);

describe('agrees with the simulator’s QuoteModel (one model)', () => {
  const model = new QuoteModel();
  const q = newQuote();

  const cases: [symbol: string, when: string, t: number][] = [
    ['SPY', '2014-06-10 10:47', et(20140610, 10, 47)],
    ['SPY', '2012-11-23 12:15', et(20121123, 12, 15)], // early close: expiries that day stop at 13:00
    ['SPY', '2008-03-20 15:30', et(20080320, 15, 30)], // the March 2008 monthly, moved off Good Friday
    ['QQQ', '2017-07-05 09:31', et(20170705, 9, 31)],
    ['TLT', '2016-03-02 14:00', et(20160302, 14, 0)],
    ['AAPL', '2015-01-16 11:20', et(20150116, 11, 20)],
    ['GOOG', '2012-05-15 13:05', et(20120515, 13, 5)], // nickel class
  ];

  it.each(cases)('%s at %s ET: the same chain, bid and ask for every listed option', (symbol, _, t) => {
    const stk = catalogue.underlying(symbol)!;
    const spot = model.price(stk, t);
    expect(spot).toBeGreaterThan(0);
    const simChain = catalogue.chain(stk, t)!;
    const chain = synthetic.chain(symbol, spot, t, undefined);
    const bySymbol = new Map(chain.map((c) => [key(c), c]));
    let n = 0;
    for (const e of simChain.expiries) {
      for (const k of e.strikes) {
        for (const right of ['C', 'P'] as const) {
          const inst = catalogue.option(stk, e.date, k, right)!;
          if (t >= inst.expiryMs) continue;
          model.quote(inst, t, q);
          const c = bySymbol.get(osiSymbol({ symbol, expiry: e.date, right, strike: k }))!;
          expect(c, `${inst.localSymbol}`).toBeDefined();
          expect([c.bid, c.ask], inst.localSymbol).toEqual([q.bid, q.ask]);
          expect(c.iv).toBe(q.modelVol);
          expect(c.delta).toBe(q.model.delta);
          const mh = synthetic.quote(c.option, spot, t);
          expect(mh.mid).toBeCloseTo((q.bid + q.ask) / 2, 12);
          expect(mh.halfSpread).toBeCloseTo((q.ask - q.bid) / 2, 12);
          n++;
        }
      }
    }
    expect(n).toBe(chain.length);
    expect(n).toBeGreaterThan(100);
  });

  it('the same realised volatility from the daily files (the simulator’s minute fallback aside)', () => {
    for (const symbol of SYMBOLS) {
      const tape = catalogue.underlying(symbol)!.tape;
      const d = tape.daily;
      for (let i = 30; i < d.length && d.date[i] < 20240101; i += 37) {
        expect(synthetic.realisedVol(symbol, et(d.date[i], 10, 0)), `${symbol} ${d.date[i]}`).toBe(realisedVol(tape, i));
      }
    }
  });
});

describe('no look-ahead', () => {
  const d = data.symbols.get('SPY')!.daily;
  const day = 20140610;
  const i0 = d.date.indexOf(day);
  // Every bar from the quote's day on is moved (by up to ±30 %, differently each day).
  const future = new SyntheticOptionQuotes([series('SPY', (i) => (i >= i0 ? 1 + 0.3 * Math.sin(i) : 1))]);
  const past = new SyntheticOptionQuotes([series('SPY', (i) => (i === i0 - 3 ? 1.05 : 1))]);
  const base = new SyntheticOptionQuotes([series('SPY')]);
  const spot = 194.5;
  const call = option(stock('SPY'), 'C', 195, 20140718, { pennyTicks: true });
  const put = option(stock('SPY'), 'P', 180, 20141219, { pennyTicks: true });

  it.each([
    ['the open', et(day, 9, 30)],
    ['a daily bar stamp', daysFromYyyymmdd(day) * MS_PER_DAY],
    ['mid-session', et(day, 13, 45)],
  ])('a quote and a chain made at %s do not change when bars from that day on change', (_, t) => {
    expect(future.quote(call, spot, t)).toEqual(base.quote(call, spot, t));
    expect(future.quote(put, spot, t)).toEqual(base.quote(put, spot, t));
    expect(future.chain('SPY', spot, t, undefined)).toEqual(base.chain('SPY', spot, t, undefined));
    expect(future.realisedVol('SPY', t)).toBe(base.realisedVol('SPY', t));
  });

  it('… while a change to an earlier close does change them', () => {
    const t = et(day, 9, 30);
    expect(past.realisedVol('SPY', t)).not.toBe(base.realisedVol('SPY', t));
    expect(past.quote(call, spot, t)).not.toEqual(base.quote(call, spot, t));
  });
});

describe('sessions, expiries and chains', () => {
  const day = 20140620; // a monthly expiry Friday
  const spot = 195.3;

  it('a daily bar stamp is its date’s session, valued at the open', () => {
    const stamp = daysFromYyyymmdd(day) * MS_PER_DAY;
    expect(synthetic.sessionDate(stamp)).toBe(day);
    expect(synthetic.sessionDate(et(day, 9, 30))).toBe(day);
    expect(synthetic.chain('SPY', spot, stamp, undefined)).toEqual(synthetic.chain('SPY', spot, et(day, 9, 30), undefined));
    const o = option(stock('SPY'), 'C', 196, day, { pennyTicks: true });
    expect(synthetic.quote(o, spot, stamp)).toEqual(synthetic.quote(o, spot, et(day, 9, 30)));
  });

  it('lists the day’s expiries and strikes around the previous close; expired ones drop out after the close', () => {
    const morning = synthetic.chain('SPY', spot, et(day, 10, 0), undefined);
    const expiries = [...new Set(morning.map((c) => c.option.expiry))];
    expect(expiries).toEqual(listedExpiries(underlyingParams('SPY'), day, exchangeCalendar('XCBO')).map((e) => e.date));
    expect(expiries[0]).toBe(day);
    const evening = synthetic.chain('SPY', spot, et(day, 16, 30), undefined);
    expect(evening.some((c) => c.option.expiry === day)).toBe(false);
    expect(evening.length).toBeLessThan(morning.length);
    // At expiry a quote is the intrinsic value's.
    const itm = option(stock('SPY'), 'C', 190, day, { pennyTicks: true });
    expect(synthetic.quote(itm, spot, et(day, 16, 30)).mid).toBeCloseTo(5.3, 10);
  });

  it('one expiry on request; option instruments carry the class’s tick rule; every quote is sane', () => {
    const t = et(day, 11, 0);
    const monthly = 20140718;
    const only = synthetic.chain('SPY', spot, t, monthly);
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((c) => c.option.expiry === monthly)).toBe(true);
    expect(only).toEqual(synthetic.chain('SPY', spot, t, undefined).filter((c) => c.option.expiry === monthly));
    for (const c of only) {
      expect(c.option.pennyTicks).toBe(true);
      expect(c.option.underlying).toEqual(stock('SPY'));
      expect(c.bid).toBeGreaterThanOrEqual(0);
      expect(c.ask).toBeGreaterThan(c.bid);
      expect(c.mid).toBe((c.bid + c.ask) / 2);
      expect(c.iv).toBeGreaterThan(0);
      expect(Math.abs(c.delta)).toBeLessThanOrEqual(1);
    }
    expect(synthetic.chain('GOOG', 570, et(20120515, 11, 0), undefined).every((c) => c.option.pennyTicks === false)).toBe(true);
  });

  it('no chain for a symbol without bars; quotes for it use the generic parameters and the default volatility', () => {
    expect(synthetic.chain('XYZ', 50, et(day, 11, 0), undefined)).toEqual([]);
    expect(synthetic.realisedVol('XYZ', et(day, 11, 0))).toBe(DEFAULT_VOL);
    const q = synthetic.quote(option(stock('XYZ'), 'P', 50, 20140718), 50, et(day, 11, 0));
    expect(q.mid).toBeGreaterThan(0);
    expect(q.halfSpread).toBeGreaterThan(0);
  });

  it('rejects bars it cannot use', () => {
    expect(() => new SyntheticOptionQuotes([{ ...series('SPY'), symbol: '' }])).toThrow(/symbol/);
    expect(() => new SyntheticOptionQuotes([{ ...series('SPY'), timeframe: '1h' }])).toThrow(/daily/);
    expect(() => new SyntheticOptionQuotes([series('SPY'), series('SPY')])).toThrow(/twice/);
  });
});
