// The live run's pure parts (docs/wheel-rules.md §6.3): what it asks the bridge for (live-plan.ts),
// how the bridge's topics and chains become the §6.2 snapshot (live-snapshot.ts), the onboarding
// check, and thetagang's T35 field waits (onboarding.ts).
import { describe, expect, it } from 'vitest';
import type { OptionChainResponse } from '../../../../shared/protocol/messages.ts';
import { wheelDefaults, type SymbolConfig, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { chooseExpiries, historyDuration, livePlan } from '../../../../shared/strategies/wheel/live-plan.ts';
import { baseCurrency, liveSnapshot, MissingLiveField, type LiveData } from '../../../../shared/strategies/wheel/live-snapshot.ts';
import { fieldWait, onboardingProblems, type OnboardingInput } from '../../../../shared/strategies/wheel/onboarding.ts';
import { wheelPass } from '../../../../shared/strategies/wheel/pass.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';

function config(symbols: [string, SymbolConfig][], patch: Partial<WheelConfig> = {}): WheelConfig {
  return { ...wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map(symbols) }), ...patch };
}

// 2025-01-21 (a Tuesday), 15:00 UTC = 10:00 in New York.
const TIME = Date.UTC(2025, 0, 21, 15, 0, 0);

function chain(expiry: string, extra: Partial<OptionChainResponse['rows'][number]> = {}): OptionChainResponse {
  const rows = [];
  for (let k = 380; k <= 420; k += 5) {
    for (const right of ['P', 'C'] as const) {
      const callDelta = Math.max(0.02, Math.min(0.98, 0.5 - ((k - 400) / 400) * 6));
      const delta = right === 'C' ? callDelta : callDelta - 1;
      const mid = Math.max(0.05, Math.abs(delta) * 12);
      rows.push({ strike: k, right, instrument: `SPY${expiry.slice(2)}${right}00${k}000`, bid: +(mid - 0.05).toFixed(2), ask: +(mid + 0.05).toFixed(2), close: +mid.toFixed(2), modelPrice: +mid.toFixed(2), delta: +delta.toFixed(3), impliedVol: 0.2, openInterest: 800, ...extra });
    }
  }
  return { type: 'optionChain', id: 'c', symbol: 'SPY', expiry, underlyingPrice: 400, expiries: [], multiplier: 100, rows };
}

function data(extra: Partial<LiveData> = {}): LiveData {
  return {
    time: TIME,
    account: {
      account: 'DU1',
      'NetLiquidation:USD': '400000.00',
      'TotalCashValue:USD': '400000.00',
      'BuyingPower:USD': '1600000.00',
      'ExcessLiquidity:USD': '400000.00',
      'Currency:USD': 'USD',
    },
    quotes: new Map([['SPY', { bid: 399.9, ask: 400.1, last: 400, close: 402, marketDataType: 1 }]]),
    chains: [chain('20250307')],
    bars: new Map([['SPY', [{ time: '20250116', open: 1, high: 1, low: 1, close: 398, volume: 1 }, { time: '20250117', open: 1, high: 1, low: 1, close: 402, volume: 1 }, { time: '20250121', open: 1, high: 1, low: 1, close: 400, volume: 1 }]]]),
    ...extra,
  };
}

describe('the live plan (what a live pass asks the bridge for)', () => {
  it('quotes the wheel symbols, plus VIX and VIXMO for the hedge and the cash fund when those stages run', () => {
    const c = config([['SPY', { weight: 0.6 }], ['QQQ', { weight: 0.4 }]]);
    expect(livePlan(c, []).quotes).toEqual(['SPY', 'QQQ']);
    const more = config([['SPY', { weight: 1 }]], {
      stages: [...c.stages, 'vix_hedge', 'cash_management'],
      vixCallHedge: { ...c.vixCallHedge, enabled: true },
      cashManagement: { ...c.cashManagement, enabled: true, cashFund: 'SGOV' },
    });
    const plan = livePlan(more, []);
    expect(plan.quotes).toEqual(['SPY', 'VIX', 'VIXMO', 'SGOV']);
    expect(plan.chains.get('VIX')).toEqual([{ minDte: 30 }]);
  });

  it('scans each option symbol from its target DTE, and from each held position DTE on (a roll never moves earlier)', () => {
    const c = config([['SPY', { weight: 0.5, maxDte: 90 }], ['TLT', { weight: 0.5, noTrading: true }]]);
    const plan = livePlan(c, [{ symbol: 'SPY', right: 'P', strike: 390, expiry: '20250321', multiplier: 100, dte: 59 }]);
    expect(plan.chains.get('SPY')).toEqual([{ minDte: 45, maxDte: 90 }, { minDte: 59, maxDte: 90 }]);
    expect(plan.chains.has('TLT')).toBe(false);
    expect(plan.strikes).toBe(30);
    expect(plan.expirations).toBe(4);
    expect(plan.historyDays).toBe(31);
  });

  it('chooses the first `expirations` listed expiries in each window, their union ascending', () => {
    const listed = ['20250124', '20250131', '20250221', '20250307', '20250314', '20250321', '20250417', 'bad', '20250620'];
    // 2025-01-21: 20250307 is 45 days out, 20250321 59.
    expect(chooseExpiries(listed, 20250121, [{ minDte: 45 }], 2)).toEqual(['20250307', '20250314']);
    expect(chooseExpiries(listed, 20250121, [{ minDte: 45, maxDte: 50 }], 4)).toEqual(['20250307']);
    expect(chooseExpiries(listed, 20250121, [{ minDte: 45 }, { minDte: 59 }], 2)).toEqual(['20250307', '20250314', '20250321', '20250417']);
    expect(chooseExpiries(listed, 20250121, [{ minDte: 200 }], 4)).toEqual([]);
  });

  it('asks TWS for enough calendar days of daily bars, in years past 365 days', () => {
    expect(historyDuration(31)).toBe('58 D');
    expect(historyDuration(200)).toBe('294 D');
    expect(historyDuration(300)).toBe('2 Y');
  });
});

describe('the live snapshot (the bridge data as the §6.2 document)', () => {
  it('reads account values, quotes, chains and history into a snapshot the pass accepts', () => {
    const { doc, warnings } = liveSnapshot(data());
    expect(warnings).toEqual([]);
    expect(doc.account).toEqual({ netLiquidation: 400_000, totalCashValue: 400_000, buyingPower: 1_600_000, excessLiquidity: 400_000 });
    expect(doc.quotes).toEqual({ SPY: { bid: 399.9, ask: 400.1, last: 400, close: 402 } });
    // Today's bar (still forming) is not history.
    expect(doc.history).toEqual({ SPY: { date: ['2025-01-16', '2025-01-17'], close: [398, 402] } });
    const snap = readSnapshot(doc);
    expect(snap.chains).toHaveLength(18);
    expect(snap.chains[0]).toMatchObject({ symbol: 'SPY', expiry: '20250307', multiplier: 100, dte: 45, openInterest: 800 });
    const result = wheelPass(config([['SPY', { weight: 1 }]]), snap);
    expect(result.orders.some((o) => o.stage === 'write_puts' && o.contract.secType === 'OPT' && o.contract.expiry === '20250307')).toBe(true);
  });

  it('turns portfolio rows into positions with TWS market price and P&L; a flat or unknown-type row is left out', () => {
    const account = {
      ...data().account,
      'portfolio:756733': { conId: 756733, symbol: 'SPY', secType: 'STK', currency: 'USD', position: 100, marketPrice: 400, marketValue: 40000, avgCost: 368.42, unrealizedPnl: 3158, realizedPnl: 0 },
      'portfolio:9001': { conId: 9001, symbol: 'SPY', secType: 'OPT', right: 'P', strike: 390, expiry: '20250214', multiplier: 100, position: -1, marketPrice: 4.12, marketValue: -412, avgCost: 222.43, unrealizedPnl: -189.57, realizedPnl: 0 },
      'portfolio:1': { conId: 1, symbol: 'ES', secType: 'FUT', position: 1, marketPrice: 1, marketValue: 1, avgCost: 1, unrealizedPnl: 0, realizedPnl: 0 },
      'portfolio:2': { conId: 2, symbol: 'QQQ', secType: 'STK', position: 0, marketPrice: 1, marketValue: 0, avgCost: 1, unrealizedPnl: 0, realizedPnl: 0 },
    };
    const { doc, warnings } = liveSnapshot(data({ account }));
    expect(doc.positions).toEqual([
      { symbol: 'SPY', secType: 'STK', position: 100, avgCost: 368.42, marketPrice: 400, unrealizedPnl: 3158, currency: 'USD' },
      { symbol: 'SPY', secType: 'OPT', position: -1, avgCost: 222.43, marketPrice: 4.12, unrealizedPnl: -189.57, right: 'P', strike: 390, expiry: '20250214', multiplier: 100 },
    ]);
    expect(warnings).toEqual(['position 1 (ES FUT) left out: the wheel reads stocks and options only']);
    expect(readSnapshot(doc).options[0].dte).toBe(24);
  });

  it('T35: a missing required account value is an error naming the field', () => {
    const account = { ...data().account };
    delete account['TotalCashValue:USD'];
    expect(() => liveSnapshot(data({ account }))).toThrow(MissingLiveField);
    expect(() => liveSnapshot(data({ account }))).toThrow('required field account.totalCashValue is missing: the account topic has no finite TotalCashValue:USD');
  });

  it('leaves out chain rows without model greeks, open interest or a price, or that TWS refused (a strike not listed in the expiry), and says which', () => {
    const c = chain('20250307');
    const rows = c.rows.map((r, i) => (i === 0 ? { ...r, delta: undefined } : i === 1 ? { ...r, openInterest: undefined } : i === 2 ? { ...r, close: undefined, last: undefined } : i === 3 ? { strike: r.strike, right: r.right, error: 'TWS error 200: No security definition has been found' } : i === 4 ? { strike: r.strike, right: r.right, error: 'TWS error 10090: Part of requested market data is not subscribed' } : r));
    const { doc, warnings } = liveSnapshot(data({ chains: [{ ...c, rows }] }));
    expect((doc.chains as unknown[]).length).toBe(13);
    expect(warnings).toEqual([
      'SPY 20250307: 5 of 18 contracts left out (no model delta: 380P; no open interest: 380C; no last or close price: 385P; not listed in this expiry: 385C; TWS answered with an error: 390P)',
    ]);
  });

  it('a non-USD account: the base currency and exchange rates come along (§2.12)', () => {
    const account = { account: 'U1', 'NetLiquidation:JPY': '60480000', 'TotalCashValue:JPY': '60480000', 'Currency:BASE': 'JPY', 'ExchangeRate:USD': '151.2', 'ExchangeRate:JPY': '1' };
    expect(baseCurrency(account)).toBe('JPY');
    const { doc } = liveSnapshot(data({ account }));
    expect(doc.account).toEqual({ netLiquidation: 60_480_000, totalCashValue: 60_480_000, currency: 'JPY', exchangeRates: { USD: 151.2, JPY: 1 } });
    expect(readSnapshot(doc).account.exchangeRates?.get('USD')).toBe(151.2);
  });
});

describe('T35: waiting for market data fields', () => {
  it('T35: a required field that timed out is an error naming the field', () => {
    expect(fieldWait('SPY quote', { bid: 1, ask: 2 }, ['last'], ['bid', 'ask'], 10_000)).toEqual({ error: 'SPY quote: required fields timed out after 10 s: last' });
  });

  it('T35: an optional field that timed out is a warning, and the data is used', () => {
    expect(fieldWait('SPY quote', { last: 400 }, ['last'], ['bid', 'ask'], 2_500)).toEqual({ warning: 'SPY quote: optional fields timed out after 2.5 s: bid, ask' });
    expect(fieldWait('SPY quote', { last: 400, bid: 399, ask: 401 }, ['last'], ['bid', 'ask'], 100)).toEqual({});
  });
});

describe('the onboarding check', () => {
  const input = (extra: Partial<OnboardingInput>): OnboardingInput => ({ broker: 'tws', wantedDataType: 1, quotes: new Map(), chains: new Map(), ...extra });

  it('no broker behind the bridge blocks, and says how to start one', () => {
    expect(onboardingProblems(input({ broker: 'none' }))).toEqual([expect.objectContaining({ code: 'NO_BROKER', blocking: true, message: expect.stringContaining('[tws] endpoint') })]);
  });

  it('no account values name the TWS API settings to check', () => {
    const [p] = onboardingProblems(input({ accountError: 'account: required fields timed out after 15 s: account values' }));
    expect(p).toMatchObject({ code: 'NO_ACCOUNT_DATA', blocking: true });
    expect(p.message).toContain("'Enable ActiveX and Socket Clients'");
  });

  it('delayed data blocks unless [account] market_data_type asks for it; a missing subscription names where to get it', () => {
    const quotes = new Map([
      ['SPY', { state: { last: 400, marketDataType: 3 } }],
      ['QQQ', { failure: { code: 'TWS_ERROR', message: 'TWS error 354: Requested market data is not subscribed.' } }],
      ['TLT', { state: { bid: 90 }, error: 'TLT quote: required fields timed out after 15 s: last' }],
    ]);
    const problems = onboardingProblems(input({ quotes }));
    expect(problems.map((p) => [p.code, p.symbol, p.blocking])).toEqual([
      ['DELAYED_DATA', 'SPY', true],
      ['NOT_SUBSCRIBED', 'QQQ', false],
      ['NO_QUOTE', 'TLT', false],
    ]);
    expect(problems[0].message).toContain('set [account] market_data_type = 3');
    expect(problems[1].message).toContain('Market Data Subscriptions');
    expect(onboardingProblems(input({ quotes: new Map([['SPY', { state: { last: 400, marketDataType: 3 } }]]), wantedDataType: 3 }))).toEqual([]);
  });

  it('chains without model greeks block: the options data subscription is missing', () => {
    const c = chain('20250307', { delta: undefined, modelPrice: undefined });
    const [p] = onboardingProblems(input({ chains: new Map([['SPY', { responses: [c] }]]) }));
    expect(p).toMatchObject({ code: 'NO_OPTION_GREEKS', symbol: 'SPY', blocking: true });
    expect(p.message).toContain('OPRA');
    expect(onboardingProblems(input({ chains: new Map([['SPY', { responses: [chain('20250307')] }]]) }))).toEqual([]);
  });
});
