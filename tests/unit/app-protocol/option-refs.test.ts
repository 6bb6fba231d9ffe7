// Minor 1 of the app protocol (docs/app-protocol.md §1, §2, §4): options named by their OSI symbol
// (shared/domain/instrument.ts parseOsiSymbol, shared/protocol/topics.ts parseInstrumentRef), their
// TWS contracts (bridge/app-protocol/contracts.ts), the new request fields' validation, and the
// account topic's portfolio rows read from TWS's untrusted updatePortfolio values.
import { OptionType, SecType } from '@stoqey/ib';
import { describe, expect, it } from 'vitest';
import { portfolioRow } from '../../../bridge/app-protocol/account-feeds.ts';
import { contractOf, describeRef } from '../../../bridge/app-protocol/contracts.ts';
import { osiSymbol, parseOsiSymbol } from '../../../shared/domain/instrument.ts';
import { decodeClientMessage, formatTopic, MessageError, parseInstrumentRef, parseTopic } from '../../../shared/protocol/index.ts';

const PUT = { symbol: 'SPY', expiry: 20250307, right: 'P', strike: 385 } as const;

describe('parseOsiSymbol', () => {
  it('reads unpadded (osiSymbol) and padded (IBKR localSymbol) forms to the same parts', () => {
    expect(parseOsiSymbol('SPY250307P00385000')).toEqual(PUT);
    expect(parseOsiSymbol('SPY   250307P00385000')).toEqual(PUT);
    expect(parseOsiSymbol(osiSymbol(PUT))).toEqual(PUT);
    expect(parseOsiSymbol('SPXW  120106C01277500')).toEqual({ symbol: 'SPXW', expiry: 20120106, right: 'C', strike: 1277.5 });
    expect(parseOsiSymbol('BRK.B 250117C00450000')).toMatchObject({ symbol: 'BRK.B', strike: 450 });
    expect(parseOsiSymbol('AAPL240119C00000500')).toMatchObject({ strike: 0.5 });
  });

  it('refuses dates that are not calendar dates, a zero strike and texts that are not OSI', () => {
    expect(parseOsiSymbol('SPY250230P00385000')).toMatch(/250230 is not a date/);
    expect(parseOsiSymbol('SPY251301P00385000')).toMatch(/251301 is not a date/);
    expect(parseOsiSymbol('SPY250300P00385000')).toMatch(/not a date/);
    expect(parseOsiSymbol('SPY250229P00385000')).toMatch(/not a date/); // 2025 is no leap year
    expect(parseOsiSymbol('SPY240229P00385000')).toMatchObject({ expiry: 20240229 });
    expect(parseOsiSymbol('SPY000229P00385000')).toMatchObject({ expiry: 20000229 }); // 2000 is one
    expect(parseOsiSymbol('SPY250307P00000000')).toMatch(/strike is zero/);
    for (const bad of ['spy250307p00385000', 'SPY250307X00385000', 'SPY250307P0038500', 'ABCDEFG250307P00385000', 'SPY', '']) {
      expect(parseOsiSymbol(bad), bad).toMatch(/expected an OSI option symbol/);
    }
  });
});

describe('parseInstrumentRef and quote topics', () => {
  it('an OSI symbol is an option; a symbol of up to 12 characters is still a stock; a conId a conId', () => {
    expect(parseInstrumentRef('SPY250307P00385000')).toEqual({ option: PUT });
    expect(parseInstrumentRef('SPY   250307P00385000')).toEqual({ option: PUT });
    expect(parseInstrumentRef('ABCDEFGHIJKL')).toEqual({ symbol: 'ABCDEFGHIJKL' });
    expect(parseInstrumentRef('SPY250307P00')).toEqual({ symbol: 'SPY250307P00' }); // 12 characters: a symbol
    expect(parseInstrumentRef('BRK.B')).toEqual({ symbol: 'BRK.B' });
    expect(parseInstrumentRef('756733')).toEqual({ conId: 756733 });
  });

  it('an OSI-looking text with a bad date or strike is refused with that reason, not taken for something else', () => {
    expect(parseInstrumentRef('SPY250230P00385000')).toMatch(/250230 is not a date/);
    expect(parseInstrumentRef('SPY250307P00000000')).toMatch(/strike is zero/);
    expect(parseInstrumentRef('spy250307p00385000')).toMatch(/OSI symbol \(e\.g\. SPY250307P00385000\)/);
    expect(parseInstrumentRef('ABCDEFGHIJKLM')).toMatch(/^expected an upper-case symbol/);
  });

  it('quotes:<OSI> parses, and the padded form has the unpadded one as its canonical topic', () => {
    const padded = parseTopic('quotes:SPY   250307P00385000');
    expect(padded).toEqual({ kind: 'quotes', instrument: { option: PUT } });
    expect(formatTopic(padded as never)).toBe('quotes:SPY250307P00385000');
    expect(parseTopic('quotes:SPY250230P00385000')).toMatch(/^quotes:<SYMBOL\|conId\|OSI>: .*not a date/);
  });
});

describe('contracts of option references', () => {
  it('an option is OPT, SMART, USD, 100 shares, expiry yyyymmdd, strike and right', () => {
    expect(contractOf({ option: PUT })).toEqual({
      symbol: 'SPY',
      secType: SecType.OPT,
      exchange: 'SMART',
      currency: 'USD',
      lastTradeDateOrContractMonth: '20250307',
      strike: 385,
      right: OptionType.Put,
      multiplier: 100,
    });
    expect(contractOf({ option: { ...PUT, right: 'C' } }).right).toBe(OptionType.Call);
    expect(describeRef({ option: PUT })).toBe('option SPY250307P00385000');
    expect(contractOf({ symbol: 'SPY' })).toEqual({ symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
  });
});

describe('minor 1 request fields', () => {
  const bad = (msg: unknown) => {
    try {
      decodeClientMessage(JSON.stringify(msg));
    } catch (err) {
      expect(err).toBeInstanceOf(MessageError);
      return (err as MessageError).path;
    }
    throw new Error(`accepted: ${JSON.stringify(msg)}`);
  };

  it('an intent leg and a historical request may name an option; optionChain takes openInterest: boolean', () => {
    const intent = { type: 'intent', intentId: 'i', createdAt: 1, legs: [{ instrument: 'SPY250307P00385000', side: 'SELL', quantity: 1, orderType: 'LMT', limitPrice: 1.2 }] };
    expect(decodeClientMessage(JSON.stringify(intent))).toEqual(intent);
    const bars = { type: 'historicalBars', id: 'h', instrument: 'SPY   250307P00385000', barSize: '1h', duration: '2 D' };
    expect(decodeClientMessage(JSON.stringify(bars))).toEqual(bars);
    const chain = { type: 'optionChain', id: 'o', symbol: 'SPY', openInterest: true };
    expect(decodeClientMessage(JSON.stringify(chain))).toEqual(chain);
    expect(bad({ ...chain, openInterest: 'yes' })).toBe('openInterest');
    expect(bad({ ...chain, symbol: 'SPY250307P00385000' })).toBe('symbol');
    expect(bad({ ...intent, legs: [{ ...intent.legs[0], instrument: 'SPY250230P00385000' }] })).toBe('legs[0].instrument');
  });
});

describe('portfolio rows from updatePortfolio', () => {
  const put = { conId: 91, symbol: 'SPY', secType: SecType.OPT, lastTradeDateOrContractMonth: '20120121', strike: 120, right: OptionType.Put, multiplier: 100, currency: 'USD' };

  it('an option row has right, strike, expiry and multiplier; a stock row has none of them', () => {
    expect(portfolioRow(put, -1, 1.25, -125, 131.2, 6.2, 0)).toEqual({
      conId: 91,
      symbol: 'SPY',
      secType: 'OPT',
      currency: 'USD',
      right: 'P',
      strike: 120,
      expiry: '20120121',
      multiplier: 100,
      position: -1,
      marketPrice: 1.25,
      marketValue: -125,
      avgCost: 131.2,
      unrealizedPnl: 6.2,
      realizedPnl: 0,
    });
    const stock = portfolioRow({ conId: 756733, symbol: 'SPY', secType: SecType.STK, currency: 'USD', multiplier: 0 }, 100, 127.5, 12750, 127.4, 10, 0);
    expect(stock).toEqual({ conId: 756733, symbol: 'SPY', secType: 'STK', currency: 'USD', position: 100, marketPrice: 127.5, marketValue: 12750, avgCost: 127.4, unrealizedPnl: 10, realizedPnl: 0 });
  });

  it('a flat position is deleted (null); a non-finite number, a missing conId or symbol leaves the row out', () => {
    expect(portfolioRow(put, 0, Number.NaN, 0, 0, 0, 12)).toBeNull();
    expect(portfolioRow(put, -1, Number.NaN, -125, 131.2, 6.2, 0)).toBeUndefined();
    expect(portfolioRow(put, -1, 1.25, -125, undefined, 6.2, 0)).toBeUndefined();
    expect(portfolioRow(put, -1, 1.25, -125, 131.2, Number.POSITIVE_INFINITY, 0)).toBeUndefined();
    expect(portfolioRow(put, -1, 1.25, -125, 131.2, 6.2, 1.7976931348623157e308)).toBeUndefined();
    expect(portfolioRow({ ...put, conId: 0 }, -1, 1.25, -125, 131.2, 6.2, 0)).toBeUndefined();
    expect(portfolioRow({ ...put, symbol: '' }, -1, 1.25, -125, 131.2, 6.2, 0)).toBeUndefined();
    expect(portfolioRow(undefined, -1, 1.25, -125, 131.2, 6.2, 0)).toBeUndefined();
    // Odd option fields are left out, the row stays.
    expect(portfolioRow({ ...put, right: undefined, lastTradeDateOrContractMonth: 'soon', strike: Number.NaN }, -1, 1.25, -125, 131.2, 6.2, 0)).not.toHaveProperty('expiry');
  });
});
