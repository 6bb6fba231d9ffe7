// Extended-hours prices of the simulator (bridge/simulator/market/extended-hours.ts) on the sample
// data: deterministic, joined to the real data at both ends (previous close → open before the
// session, close → next open after it), inside a small band, undefined when even extended trading
// is closed and for instruments without an extended session.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSampleData } from '../../../bridge/simulator/market/sample-data.ts';
import { SymbolTape } from '../../../bridge/simulator/market/symbol-tape.ts';
import { listedStock, listedVix, underlyingSpec } from '../../../bridge/simulator/market/listed.ts';
import { extendedHoursPrice, extendedHoursQuote, extendedMinutes } from '../../../bridge/simulator/market/extended-hours.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';

const data = loadSampleData(new URL('../../../data/samples', import.meta.url).pathname);
const tape = new SymbolTape(data.symbols.get('SPY')!);
const spy = listedStock(underlyingSpec('SPY', 0), tape, 0);
const at = (date: number, hh: number, mm: number) => easternToUtc(date, hh * 60 + mm);
const daily = (date: number) => {
  const i = tape.indexOfDate(date);
  return { open: tape.daily.open[i], close: tape.daily.close[i], high: tape.daily.high[i], low: tape.daily.low[i] };
};

describe('extendedHoursPrice', () => {
  it('starts the pre-market at the previous close and ends the after-hours at the next open', () => {
    expect(extendedHoursPrice(spy, at(20120113, 4, 0))).toBeCloseTo(daily(20120112).close, 2);
    expect(extendedHoursPrice(spy, at(20120113, 9, 29) + 59_999)).toBeCloseTo(daily(20120113).open, 1);
    expect(extendedHoursPrice(spy, at(20120113, 16, 0))).toBeCloseTo(daily(20120113).close, 2);
    expect(extendedHoursPrice(spy, at(20120113, 19, 59) + 59_999)).toBeCloseTo(daily(20120117).open, 1); // across the 16 January holiday
  });

  it('is the regular path inside the session and undefined at night, on holidays and for an index', () => {
    expect(extendedHoursPrice(spy, at(20120113, 9, 30))).toBeCloseTo(daily(20120113).open, 2);
    expect(extendedHoursPrice(spy, at(20120113, 3, 59))).toBeUndefined();
    expect(extendedHoursPrice(spy, at(20120113, 20, 0))).toBeUndefined();
    expect(extendedHoursPrice(spy, at(20120116, 10, 0))).toBeUndefined(); // Martin Luther King Jr. Day
    expect(extendedHoursPrice(listedVix(spy), at(20120113, 7, 0))).toBeUndefined();
  });

  it('is deterministic and stays within a small band around its two ends', () => {
    const seg = extendedMinutes(tape, tape.indexOfDate(20120113), 'pre');
    expect(seg.real).toBe(false);
    expect(seg.length).toBe(330);
    const { open, high, low } = daily(20120113);
    const prev = daily(20120112).close;
    const pad = Math.max(prev * 0.0005, 0.08 * (high - low)) + 1e-9;
    for (let m = 0; m < seg.length; m++) {
      expect(seg.high[m]).toBeLessThanOrEqual(Math.max(prev, open) + pad);
      expect(seg.low[m]).toBeGreaterThanOrEqual(Math.min(prev, open) - pad);
    }
    const prices = [5, 6, 7, 8].map((h) => extendedHoursPrice(spy, at(20120113, h, 17)));
    expect([5, 6, 7, 8].map((h) => extendedHoursPrice(spy, at(20120113, h, 17)))).toEqual(prices);
  });

  it('quotes a wider spread outside the regular session', () => {
    const aapl = listedStock(underlyingSpec('AAPL', 0), new SymbolTape(data.symbols.get('AAPL')!), 3);
    const pre = extendedHoursQuote(aapl, at(20120113, 8, 0))!;
    const rth = extendedHoursQuote(aapl, at(20120113, 11, 0))!;
    expect(pre.phase).toBe('pre');
    expect(rth.phase).toBe('regular');
    expect(pre.bid).toBeLessThanOrEqual(pre.last);
    expect(pre.ask).toBeGreaterThan(pre.last);
    expect(pre.ask - pre.bid).toBeGreaterThan(rth.ask - rth.bid + 0.005);
  });
});

describe('extended-hours minutes from a minute file that has them', () => {
  // A 1-minute file holding two pre-market rows, the first regular minutes and one after-hours row.
  const dir = mkdtempSync(join(tmpdir(), 'mt-ext-'));
  writeFileSync(
    join(dir, 'SPY_1m.csv'),
    [
      'date,open,high,low,close,volume',
      '2024-02-20T08:00:00-05:00,496.10,496.30,496.00,496.20,1200',
      '2024-02-20T08:02:00-05:00,496.25,496.40,496.20,496.35,800',
      '2024-02-20T09:30:00-05:00,497.72,497.92,497.60,497.89,562464',
      '2024-02-20T09:31:00-05:00,497.90,498.13,497.88,498.04,315890',
      '2024-02-20T16:03:00-05:00,498.50,498.60,498.40,498.55,3000',
    ].join('\n') + '\n',
  );
  const realTape = new SymbolTape(loadSampleData(dir).symbols.get('SPY')!);
  const i = realTape.indexOfDate(20240220);

  it('places the real rows in their minute slots; a minute without a row repeats the previous close with no volume', () => {
    const pre = extendedMinutes(realTape, i, 'pre');
    expect(pre.real).toBe(true);
    const slot = (hh: number, mm: number) => (at(20240220, hh, mm) - at(20240220, 4, 0)) / 60_000;
    expect(pre.open[slot(4, 0)]).toBe(496.1); // before the first row: its open
    expect(pre.volume[slot(4, 0)]).toBe(0);
    expect([pre.open[slot(8, 0)], pre.high[slot(8, 0)], pre.low[slot(8, 0)], pre.close[slot(8, 0)], pre.volume[slot(8, 0)]]).toEqual([496.1, 496.3, 496.0, 496.2, 1200]);
    expect([pre.open[slot(8, 1)], pre.close[slot(8, 1)], pre.volume[slot(8, 1)]]).toEqual([496.2, 496.2, 0]);
    expect([pre.close[slot(8, 2)], pre.volume[slot(8, 2)]]).toEqual([496.35, 800]);
    expect(pre.close[slot(9, 29)]).toBe(496.35);
    const post = extendedMinutes(realTape, i, 'post');
    expect(post.real).toBe(true);
    expect([post.close[3], post.volume[3]]).toEqual([498.55, 3000]); // 16:03
  });
});
