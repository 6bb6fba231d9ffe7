// Money in one currency (docs/wheel-rules.md §2.12): the account's base currency and TWS's ExchangeRate per
// currency in the snapshot (old snapshots stay USD, bad values are named by their JSON path), conversions and
// amounts in sentences, and the pass computing buying power, targets, the hedge and the cash sweep in the
// symbol's currency — a JPY account gives the orders of the same account in USD; a currency without a rate
// skips its symbol with a reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonPathError } from '../../../../shared/data/json-fields.ts';
import { wheelDefaults, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { baseCurrency, exchangeRate, fromBase, money, rateText, symbolCurrency, toBase } from '../../../../shared/strategies/wheel/currency.ts';
import { wheelPass } from '../../../../shared/strategies/wheel/pass.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';
import { spyChain } from './spy-chain.ts';
import { ROOT } from '../../../support/source-rules.ts';

/** A snapshot document, edited in place. */
interface Doc {
  account: Record<string, unknown>;
  quotes: Record<string, Record<string, unknown>>;
  positions: Record<string, unknown>[];
  chains: Record<string, unknown>[];
}

const example = () => JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/wheel/spy-assigned-short-put.json'), 'utf8')) as Doc;

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

const JPY = new Map([['USD', 151.2]]);

describe('exchange rates and amounts', () => {
  it('the base currency has rate 1; another currency the account ExchangeRate of it; none says why', () => {
    expect(baseCurrency({})).toBe('USD');
    expect(exchangeRate({}, 'USD')).toEqual({ currency: 'USD', base: 'USD', rate: 1 });
    expect(exchangeRate({ currency: 'JPY', exchangeRates: JPY }, 'USD')).toEqual({ currency: 'USD', base: 'JPY', rate: 151.2 });
    expect(exchangeRate({ currency: 'JPY', exchangeRates: JPY }, 'JPY').rate).toBe(1);
    expect(exchangeRate({ currency: 'JPY', exchangeRates: JPY }, 'EUR')).toEqual({
      currency: 'EUR',
      base: 'JPY',
      rate: undefined,
      reason: { code: 'NO_EXCHANGE_RATE', message: 'skipped: it trades in EUR, and the account (base JPY) has no ExchangeRate for EUR (rates given: USD)' },
    });
    expect(exchangeRate({ currency: 'JPY' }, 'USD').reason?.message).toContain('(rates given: none)');
  });

  it('converts between base and contract currency, exactly at rate 1', () => {
    expect(fromBase(75_600, 151.2)).toBeCloseTo(500, 9);
    expect(toBase(500, 151.2)).toBeCloseTo(75_600, 9);
    for (const x of [0.1 + 0.2, 1_234_567.89, 200_000]) expect([fromBase(x, 1), toBase(x, 1)]).toEqual([x, x]);
    expect(symbolCurrency(new Map([['7203', 'JPY']]), '7203')).toBe('JPY');
    expect(symbolCurrency(undefined, 'SPY')).toBe('USD');
  });

  it('amounts in sentences carry their currency, grouped, at most two decimals', () => {
    expect(money(12_000, 'USD')).toBe('12,000 USD');
    expect(money(1_512.456, 'JPY')).toBe('1,512.46 JPY');
    expect(money(-2_000, 'USD')).toBe('−2,000 USD');
    expect(money(-0.001, 'USD')).toBe('0 USD');
    expect(rateText({ currency: 'USD', base: 'JPY', rate: 151.2 })).toBe('1 USD = 151.2 JPY');
    expect(rateText({ currency: 'USD', base: 'USD', rate: 1 })).toBe('');
  });
});

describe('the snapshot: account currency, exchange rates and contract currencies', () => {
  it('an old snapshot reads as before: USD, no rates, no currencies', () => {
    const s = readSnapshot(example());
    expect(s.account).toEqual({ netLiquidation: 100000, totalCashValue: 50000, buyingPower: 200000, excessLiquidity: 60000 });
    expect(s.account.currency).toBeUndefined();
    expect(s.currencies?.size).toBe(0);
  });

  it("reads account.currency and account.exchangeRates (TWS's ExchangeRate per currency; its BASE row of 1 is accepted)", () => {
    const doc = example();
    doc.account.currency = 'JPY';
    doc.account.exchangeRates = { USD: 151.2, JPY: 1, BASE: 1 };
    doc.quotes.SPY.currency = 'USD';
    doc.positions[0].currency = 'USD';
    const s = readSnapshot(doc);
    expect(s.account.currency).toBe('JPY');
    expect(s.account.exchangeRates).toEqual(new Map([['USD', 151.2], ['JPY', 1]]));
    expect(s.currencies).toEqual(new Map([['SPY', 'USD']]));
  });

  it.each([
    ['a lowercase currency', (d: Doc) => (d.account.currency = 'jpy'), 'account.currency: expected a currency code (three capital letters, e.g. USD), got "jpy"'],
    ['a rate that is not a number', (d: Doc) => (d.account.exchangeRates = { USD: '151.2' }), 'account.exchangeRates.USD: expected a number, got "151.2"'],
    ['a rate of 0', (d: Doc) => (d.account.exchangeRates = { USD: 0 }), 'account.exchangeRates.USD: expected a number > 0, got 0'],
    ['a key that is no currency', (d: Doc) => (d.account.exchangeRates = { dollars: 1 }), 'account.exchangeRates.dollars: expected a currency code (three capital letters, e.g. USD) (or BASE) as the key, got "dollars"'],
    ['exchangeRates not an object', (d: Doc) => (d.account.exchangeRates = [151.2]), 'account.exchangeRates: expected an object, got [151.2]'],
    [
      'a base rate other than 1',
      (d: Doc) => ((d.account.currency = 'JPY'), (d.account.exchangeRates = { USD: 151.2, JPY: 0.0066 })),
      "account.exchangeRates.JPY: expected 1: JPY is the base currency (TWS's ExchangeRate of the base is 1), got 0.0066",
    ],
    ['a USD base rate other than 1', (d: Doc) => (d.account.exchangeRates = { USD: 2 }), "account.exchangeRates.USD: expected 1: USD is the base currency (TWS's ExchangeRate of the base is 1), got 2"],
    ['a currency that is not a string', (d: Doc) => (d.chains[0].currency = 1), 'chains[0].currency: expected a string, got 1'],
    [
      'two currencies for one symbol',
      (d: Doc) => ((d.quotes.SPY.currency = 'USD'), (d.chains[0].currency = 'EUR')),
      'chains[0].currency: expected "USD" as quotes.SPY.currency says (a symbol trades in one currency), got "EUR"',
    ],
    [
      'a position in another currency than the chain',
      (d: Doc) => ((d.positions[0].currency = 'CAD'), (d.chains[0].currency = 'USD')),
      'chains[0].currency: expected "CAD" as positions[0].currency says (a symbol trades in one currency), got "USD"',
    ],
  ])('refuses %s with its JSON path', (_name, edit, message) => {
    const doc = example();
    edit(doc);
    expect(refusal(doc)).toBe(message);
  });
});

describe('the pass in a non-USD account', () => {
  const base = wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map([['SPY', { weight: 1 }]]) });
  /** A $400k account (BP 200k → 500 SPY → 5 puts needed, at most 2 new at 50 %) with the VIX hedge and cash management on. */
  const config: WheelConfig = {
    ...base,
    target: { ...base.target, maximumNewContractsPercent: 0.5 },
    stages: [...base.stages, 'vix_hedge', 'cash_management'],
    vixCallHedge: { ...base.vixCallHedge, enabled: true, allocation: [{ lowerBound: 15, upperBound: 30, weight: 0.01 }] },
    cashManagement: { ...base.cashManagement, enabled: true, targetCashBalance: 1_512_000, buyThreshold: 1_512_000 },
  };
  const vixChain = [20, 21, 22].map((strike) => ({ symbol: 'VIX', right: 'C', strike, expiry: '20250319', multiplier: 100, bid: 0.95, ask: 1.05, last: 1, modelPrice: 1, delta: 0.3 - (strike - 20) * 0.05, openInterest: 900 }));
  const quotes = { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 402 }, VIX: { last: 16 }, VIXMO: { last: 18 }, SGOV: { bid: 100.44, ask: 100.46, last: 100.45 } };
  const doc = (account: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
    time: '2025-01-21T15:00:00Z',
    account,
    quotes,
    positions: [],
    chains: [...spyChain(['20250307', '20250321']), ...vixChain],
    ...over,
  });
  const USD_ACCOUNT = { netLiquidation: 400_000, totalCashValue: 400_000, buyingPower: 800_000 };
  const JPY_ACCOUNT = { netLiquidation: 60_480_000, totalCashValue: 60_480_000, buyingPower: 120_960_000, currency: 'JPY', exchangeRates: { USD: 151.2 } };

  it('a JPY account worth $400k at 151.2 queues the orders of the same USD account: targets, hedge and sweep in USD', () => {
    // The USD account's cash management: target $10,000 + buy threshold $10,000 (the JPY amounts at 151.2).
    const usdConfig = { ...config, cashManagement: { ...config.cashManagement, targetCashBalance: 10_000, buyThreshold: 10_000 } };
    const usd = wheelPass(usdConfig, readSnapshot(doc(USD_ACCOUNT)));
    const jpy = wheelPass(config, readSnapshot(doc(JPY_ACCOUNT)));
    expect(usd.orders.map((o) => o.stage)).toEqual(['write_puts', 'vix_hedge', 'cash_management']);
    expect(jpy.orders.length).toBe(usd.orders.length);
    for (const [i, o] of jpy.orders.entries()) {
      expect(o).toMatchObject({ ...usd.orders[i], quantity: expect.any(Number) });
      expect(Math.abs(o.quantity - usd.orders[i].quantity)).toBeLessThanOrEqual(o.stage === 'cash_management' ? 1 : 0); // float rounding of the converted cash
    }
    // 5 puts needed, capped at max(1, floor(0.5 × $200,000 / 400 / 100)) = 2 new contracts.
    expect(jpy.orders[0]).toMatchObject({ quantity: 2, contract: { strike: 385 } });
    expect(jpy.decisions.find((d) => d.stage === 'write_puts')!.message).toContain('target 500 sh, held 0, short puts 0 → 5 puts needed');
    const sweep = jpy.decisions.find((d) => d.stage === 'cash_management')!;
    expect(sweep.message).toMatch(/^in USD at 1 USD = 151\.2 JPY: effective cash \$\d+/);
  });

  it('contracts quoted in the base currency need no rate; a symbol in a currency without one is skipped in every stage', () => {
    const eur = { ...JPY_ACCOUNT, exchangeRates: { EUR: 162.5 } };
    const shortPut = { symbol: 'SPY', secType: 'OPT', right: 'P', strike: 370, expiry: '20250131', multiplier: 100, position: -1, avgCost: 300, marketPrice: 0.2, unrealizedPnl: 280 };
    const r = wheelPass(config, readSnapshot(doc(eur, { positions: [shortPut] })));
    expect(r.orders).toEqual([]);
    const skip = 'skipped: it trades in USD, and the account (base JPY) has no ExchangeRate for USD (rates given: EUR)';
    for (const stage of ['write_puts', 'write_calls', 'roll', 'vix_hedge', 'cash_management']) {
      const d = r.decisions.find((x) => x.stage === stage)!;
      expect(d, stage).toMatchObject({ verdict: expect.stringMatching(/skip|hold/), code: 'NO_EXCHANGE_RATE' });
      expect(d.message, stage).toContain(skip);
    }
    // The same account trading SPY in JPY (its chain and quote say so) needs no rate: rate 1.
    const inYen = readSnapshot(doc(eur, { quotes: { ...quotes, SPY: { ...quotes.SPY, currency: 'JPY' } }, chains: spyChain(['20250307'], 'JPY') }));
    const yen = wheelPass({ ...config, stages: ['write_puts'] }, inYen);
    // 30,240,000 JPY of buying power / price 400 → 75,600 target shares.
    expect(yen.decisions[0].message).toContain('target 75600 sh');
  });
});
