// Reading a wheel snapshot (docs/wheel-rules.md §6.2): the example reads with DTE from the New York
// date; every malformed field is named by its JSON path; a symbol without a usable quote is data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonPathError } from '../../../../shared/data/json-fields.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';
import { ROOT } from '../../../support/source-rules.ts';

const example = () => JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/wheel/spy-assigned-short-put.json'), 'utf8')) as Record<string, any>;

/** The path and problem a malformed document is refused with. */
function refusal(doc: unknown): string {
  try {
    readSnapshot(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonPathError);
    return (e as Error).message;
  }
  throw new Error('the snapshot was accepted');
}

describe('reading a wheel snapshot', () => {
  it('reads the specification example: account, quotes, stock and option positions, chains, history', () => {
    const s = readSnapshot(example());
    expect(s.time).toBe(Date.UTC(2025, 0, 21, 15));
    expect(s.date).toBe(20250121);
    expect(s.account).toEqual({ netLiquidation: 100000, totalCashValue: 50000, buyingPower: 200000, excessLiquidity: 60000 });
    expect(s.quotes.get('SPY')).toEqual({ bid: 399.9, ask: 400.1, last: 400, close: 398 });
    expect(s.quotes.get('VIXMO')).toEqual({ bid: undefined, ask: undefined, last: 18.5, close: undefined });
    expect(s.stocks).toEqual([{ symbol: 'SPY', position: 100, avgCost: 368.42, marketPrice: 365.496, unrealizedPnl: -292.4 }]);
    expect(s.options).toEqual([{ symbol: 'SPY', right: 'P', strike: 390, expiry: '20250214', multiplier: 100, position: -1, avgCost: 222.4293, marketPrice: 4.1193, unrealizedPnl: -189.51, dte: 24 }]);
    expect(s.chains[0]).toMatchObject({ symbol: 'SPY', right: 'P', strike: 385, expiry: '20250307', bid: 3.1, ask: 3.3, last: 3.2, modelPrice: 3.22, delta: -0.28, openInterest: 1200, dte: 45 });
    expect(s.history.get('SPY')).toEqual([590.1, 591.6, 597.6, 598]);
  });

  it('counts DTE from the date in New York: 01:00 UTC on Jan 22 is still Jan 21 there', () => {
    const doc = example();
    doc.time = '2025-01-22T01:00:00Z';
    expect(readSnapshot(doc).options[0].dte).toBe(24);
    doc.time = '2025-01-22T05:00:00Z';
    expect(readSnapshot(doc).options[0].dte).toBe(23);
  });

  it('a symbol with no quote, a null or missing last, or TWS −1 for a missing bid is data, not an error', () => {
    const doc = example();
    doc.quotes.QQQ = {};
    doc.quotes.SPY = { bid: -1, ask: 400.1, last: null, close: 398 };
    const s = readSnapshot(doc);
    expect(s.quotes.get('QQQ')).toEqual({ bid: undefined, ask: undefined, last: undefined, close: undefined });
    expect(s.quotes.get('SPY')).toEqual({ bid: undefined, ask: 400.1, last: undefined, close: 398 });
  });

  it('a chain contract without a bid or an ask is read; without a model price it is malformed', () => {
    const doc = example();
    delete doc.chains[0].bid;
    expect(readSnapshot(doc).chains[0].bid).toBeUndefined();
    delete doc.chains[0].modelPrice;
    expect(refusal(doc)).toBe('chains[0].modelPrice: expected a number, got nothing');
  });

  it('names the path of a missing, non-finite or mistyped field', () => {
    const missing = example();
    delete missing.positions[1].marketPrice;
    expect(refusal(missing)).toBe('positions[1].marketPrice: expected a number, got nothing');
    const text = example();
    text.positions[0].avgCost = 'abc';
    expect(refusal(text)).toBe('positions[0].avgCost: expected a number, got "abc"');
    // JSON has no NaN; 1e999 reads as Infinity
    expect(refusal(JSON.parse(JSON.stringify(example()).replace('"netLiquidation":100000', '"netLiquidation":1e999')))).toBe('account.netLiquidation: expected a number, got Infinity');
    const quote = example();
    quote.quotes.SPY.last = '400';
    expect(refusal(quote)).toBe('quotes.SPY.last: expected a number or null, got "400"');
  });

  it('refuses an unknown secType, a bad right, expiry or delta, and a time without its zone', () => {
    const sec = example();
    sec.positions[0].secType = 'FUT';
    expect(refusal(sec)).toBe('positions[0].secType: expected one of "STK", "OPT", got "FUT"');
    const right = example();
    right.chains[0].right = 'X';
    expect(refusal(right)).toBe('chains[0].right: expected one of "P", "C", got "X"');
    const expiry = example();
    expiry.positions[1].expiry = '20250231';
    expect(refusal(expiry)).toBe('positions[1].expiry: day 31 does not exist in 2025-02 (20250231)');
    const delta = example();
    delta.chains[0].delta = -1.5;
    expect(refusal(delta)).toBe('chains[0].delta: expected at least -1, got -1.5');
    const time = example();
    time.time = '2025-01-21';
    expect(refusal(time)).toBe('time: expected a date and time with its UTC offset, e.g. 2025-01-21T15:00:00Z');
  });

  it('refuses history whose closes and dates do not pair up, and a document that is not an object', () => {
    const h = example();
    h.history.SPY.close.pop();
    expect(refusal(h)).toBe('history.SPY.close: expected as many closes as dates (4), got 3');
    expect(refusal([])).toBe('$: expected a JSON object, got []');
  });
});
