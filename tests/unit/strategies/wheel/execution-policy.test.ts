// The execution policy of the wheel's option orders (docs/wheel-rules.md §2.5.1): first limits at the model
// price, mid, bid or ask (writes, closes, roll combos), the policy's levels and keys in moneytrailz.toml with
// `file:line: key: problem` errors, and the repricing steps the live order loop takes (T5: never wider;
// never across credit ↔ debit; on the tick; a reason when there is no step).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../bridge/config-file.ts';
import { wheelDefaults, type SymbolConfig } from '../../../../shared/strategies/wheel/config.ts';
import {
  DEFAULT_EXECUTION_POLICY,
  orderMidpoint,
  repriceFraction,
  repriceOrder,
  resolveExecutionPolicy,
  symbolExecutionPolicy,
  type WorkingOrder,
} from '../../../../shared/strategies/wheel/execution-policy.ts';
import { wheelConfigOf } from '../../../../shared/strategies/wheel/from-config.ts';
import { wheelPass, type WheelOrder } from '../../../../shared/strategies/wheel/pass.ts';
import { closeLimit, repriceLimit, rollLimit, writeLimit } from '../../../../shared/strategies/wheel/pricing.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';
import { ROOT } from '../../../support/source-rules.ts';
import { MINIMAL, toml, wheelError, wheelOf } from './wheel-config-text.ts';

describe('first limits by sell_price / buy_price — §2.5.1', () => {
  const q = { bid: 1.0, ask: 1.2, last: 1.15, modelPrice: 1.25 };

  it('§2.5.1: a write sells at the model rule (default), the price, the bid or the ask', () => {
    expect(writeLimit('SPY', q).limit).toBe(1.25);
    expect(writeLimit('SPY', q, 'model')).toEqual(writeLimit('SPY', q));
    expect(writeLimit('SPY', q, 'mid')).toEqual({ limit: 1.1, reason: { code: 'WRITE_LIMIT', message: 'SELL limit 1.1: price 1.1 (sell_price = mid), on the 0.01 tick' } });
    expect(writeLimit('SPY', q, 'bid')).toEqual({ limit: 1, reason: { code: 'WRITE_LIMIT', message: 'SELL limit 1: the bid 1 (sell_price = bid), on the 0.01 tick' } });
    expect(writeLimit('SPY', q, 'ask').limit).toBe(1.2);
    // mid without a two-sided quote is the contract's price: last, else model.
    expect(writeLimit('SPY', { last: 0.87, modelPrice: 0.9 }, 'mid').limit).toBe(0.87);
  });

  it('§2.5.1: nothing is sold at a missing side or a side of 0', () => {
    for (const quote of [{ ask: 0.05, modelPrice: 0.04 }, { bid: 0, ask: 0.05 }]) {
      expect(writeLimit('SPY', quote, 'bid')).toEqual({ limit: undefined, reason: { code: 'NO_PRICE', message: 'not written: sell_price = bid and the contract has no bid above 0' } });
    }
    expect(writeLimit('SPY', { bid: 1 }, 'ask').reason.code).toBe('NO_PRICE');
  });

  it('§2.5.1, T25: a side lands on the contract’s tick (VIX 0.05 from $3)', () => {
    expect(writeLimit('VIX', { bid: 3.12, ask: 3.43 }, 'bid').limit).toBe(3.1);
    expect(writeLimit('VIX', { bid: 2.12, ask: 2.43 }, 'bid').limit).toBe(2.12);
  });

  it('§2.5.1: a close buys at the model rule (default), the price, the bid or the ask', () => {
    const c = { bid: 0.5, ask: 0.6, modelPrice: 0.52 };
    expect(closeLimit('SPY', c).limit).toBe(0.52);
    expect(closeLimit('SPY', c, 'mid').limit).toBe(0.55);
    expect(closeLimit('SPY', c, 'bid').limit).toBe(0.5);
    expect(closeLimit('SPY', c, 'ask')).toEqual({ limit: 0.6, reason: { code: 'CLOSE_LIMIT', message: 'BUY-to-close limit 0.6: the ask 0.6 (buy_price = ask), on the 0.01 tick' } });
    // A bid of 0 buys at the minimum tick; no price at all with mid: the minimum tick, as the model rule.
    expect(closeLimit('SPY', { bid: 0, ask: 0.03 }, 'bid').limit).toBe(0.01);
    expect(closeLimit('SPY', {}, 'mid').reason.code).toBe('CLOSE_AT_MIN_TICK');
    expect(closeLimit('SPY', { bid: 0.5 }, 'ask')).toEqual({ limit: undefined, reason: { code: 'NO_PRICE', message: 'not closed: buy_price = ask and the contract has no ask' } });
  });

  it('§2.5.1: a number f sets the limit f of the way from the midpoint to the touch (a write toward the bid, a close toward the ask)', () => {
    expect(writeLimit('SPY', q, 0.25)).toEqual({ limit: 1.08, reason: { code: 'WRITE_LIMIT', message: 'SELL limit 1.08: 25 % of the way from the midpoint 1.1 to the bid 1 (sell_price = 0.25), on the 0.01 tick' } });
    expect(writeLimit('SPY', q, 0).limit).toBe(1.1); // the midpoint
    expect(writeLimit('SPY', q, 1).limit).toBe(1); // the touch
    const c = { bid: 0.5, ask: 0.6, modelPrice: 0.52 };
    expect(closeLimit('SPY', c, 0.5)).toEqual({ limit: 0.57, reason: { code: 'CLOSE_LIMIT', message: 'BUY-to-close limit 0.57: 50 % of the way from the midpoint 0.55 to the ask 0.6 (buy_price = 0.5), on the 0.01 tick' } });
    expect(closeLimit('SPY', c, 1).limit).toBe(0.6);
    // A BUY takes a bid of 0; a SELL needs both sides above 0; neither prices a one-sided quote.
    expect(closeLimit('SPY', { bid: 0, ask: 0.04 }, 1).limit).toBe(0.04);
    expect(writeLimit('SPY', { bid: 0, ask: 0.04 }, 0.5)).toEqual({ limit: undefined, reason: { code: 'NO_PRICE', message: 'not written: sell_price = 0.5 needs a bid and an ask above 0' } });
    expect(closeLimit('SPY', { last: 0.5 }, 0.5)).toEqual({ limit: undefined, reason: { code: 'NO_PRICE', message: 'not closed: buy_price = 0.5 needs a bid and an ask' } });
    // VIX options land on their own tick.
    expect(writeLimit('VIX', { bid: 3.1, ask: 3.5 }, 0.5).limit).toBe(3.2);
  });

  it('§2.5.1: a roll at f: each leg f of the way toward its touch, from mid(old) − mid(new) to ask(old) − bid(new)', () => {
    const legs = { symbol: 'SPY', old: { bid: 0.4, ask: 0.5 }, new: { bid: 1.1, ask: 1.3 }, creditOnly: false, minimumCredit: 0 };
    expect(rollLimit({ ...legs, buyPrice: 0 }).limit).toBe(-0.75);
    expect(rollLimit({ ...legs, buyPrice: 1 }).limit).toBe(rollLimit({ ...legs, buyPrice: 'ask' }).limit);
    expect(rollLimit({ ...legs, buyPrice: 0.5 })).toEqual({
      limit: -0.68,
      reason: { code: 'ROLL_CREDIT', message: 'combo limit -0.68 (credit): 0.475 (buy back 50 % of the way to its ask) − 1.15 (sell 50 % of the way to its bid)' },
    });
    expect(rollLimit({ ...legs, new: { last: 1.2 }, buyPrice: 0.5 }).reason).toEqual({ code: 'NO_PRICE', message: 'not rolled: the contract to sell has no bid and ask (buy_price = 0.5)' });
  });

  it('§2.5.1, S10: a roll combo at its bid, bid(old) − ask(new), or its ask, ask(old) − bid(new); the credit floor after', () => {
    const legs = { symbol: 'SPY', old: { bid: 0.4, ask: 0.5 }, new: { bid: 1.1, ask: 1.3 }, creditOnly: false, minimumCredit: 0 };
    expect(rollLimit(legs).limit).toBe(-0.75);
    expect(rollLimit({ ...legs, buyPrice: 'mid' }).limit).toBe(-0.75);
    expect(rollLimit({ ...legs, buyPrice: 'bid' })).toEqual({ limit: -0.9, reason: { code: 'ROLL_CREDIT', message: 'combo limit -0.9 (credit): 0.4 (buy back at its bid) − 1.3 (sell at its ask)' } });
    expect(rollLimit({ ...legs, buyPrice: 'ask' }).limit).toBe(-0.6);
    expect(rollLimit({ ...legs, buyPrice: 'ask', creditOnly: true, minimumCredit: 0.8 })).toMatchObject({ limit: -0.8, reason: { code: 'CREDIT_FLOOR' } });
    expect(rollLimit({ ...legs, old: { last: 0.45 }, buyPrice: 'bid' }).reason).toEqual({ code: 'NO_PRICE', message: 'not rolled: the contract to buy back has no bid (buy_price = bid)' });
    expect(rollLimit({ ...legs, new: { bid: 0, ask: 0.02 }, buyPrice: 'ask' }).reason.message).toBe('not rolled: the contract to sell has no bid (buy_price = ask)');
  });
});

describe('the policy’s levels — §2.5.1', () => {
  /** MINIMAL with QQQ repriced once, thetagang's way (11 lines). */
  const ADJUST = MINIMAL.flatMap((l) => (l === 'weight = 0.4' ? [l, 'adjust_price_after_delay = true'] : [l]));

  it('§2.5.1: per key the most specific level wins; nothing set is thetagang’s prices without repricing', () => {
    expect(resolveExecutionPolicy([])).toEqual(DEFAULT_EXECUTION_POLICY);
    expect(DEFAULT_EXECUTION_POLICY).toEqual({ buyPrice: 'model', sellPrice: 'model', repriceSteps: 0, priceUpdateDelay: [30, 60] });
    expect(resolveExecutionPolicy([{ sellPrice: 'bid' }, { sellPrice: 'mid', buyPrice: 'ask', fillTimeout: 300 }])).toEqual({
      buyPrice: 'ask',
      sellPrice: 'bid',
      fillTimeout: 300,
      repriceSteps: 0,
      priceUpdateDelay: [30, 60],
    });
  });

  it('§2.5.1: a point between the midpoint and the touch is a number in [0, 1], at any level', () => {
    const wheel = wheelOf(toml(...MINIMAL, '[orders]', 'sell_price = 0.25', 'buy_price = 0', '[orders.symbol_overrides.SPY]', 'sell_price = 1'));
    expect(symbolExecutionPolicy(wheel, 'SPY')).toMatchObject({ buyPrice: 0, sellPrice: 1 });
    expect(symbolExecutionPolicy(wheel, 'QQQ')).toMatchObject({ buyPrice: 0, sellPrice: 0.25 });
  });

  it('§2.5.1: [orders], [orders.symbol_overrides.<SYM>] and adjust_price_after_delay = true (one step) in moneytrailz.toml', () => {
    const wheel = wheelOf(
      toml(...ADJUST, '[orders]', 'buy_price = "ask"', 'sell_price = "mid"', 'fill_timeout = 600', 'reprice_steps = 3', '[orders.symbol_overrides.SPY]', 'sell_price = "bid"', 'price_update_delay = [10, 20]'),
    );
    expect(symbolExecutionPolicy(wheel, 'SPY')).toEqual({ buyPrice: 'ask', sellPrice: 'bid', fillTimeout: 600, repriceSteps: 3, priceUpdateDelay: [10, 20] });
    expect(symbolExecutionPolicy(wheel, 'QQQ')).toEqual({ buyPrice: 'ask', sellPrice: 'mid', fillTimeout: 600, repriceSteps: 1, priceUpdateDelay: [30, 60] });
  });

  it('§2.5.1: thetagang’s defaults written out (adjust_price_after_delay = false, price_update_delay) set no policy', async () => {
    const wheel = wheelConfigOf((await loadConfig(join(ROOT, 'tests/fixtures/wheel/moneytrailz.toml'))).config);
    expect(wheel.execution).toBeUndefined();
    expect(symbolExecutionPolicy(wheel, 'SPY')).toEqual(DEFAULT_EXECUTION_POLICY);
    // price_update_delay alone changes nothing; with a step it is the step's delay.
    expect(wheelOf(toml(...MINIMAL, '[orders]', 'price_update_delay = [5, 9]')).execution).toBeUndefined();
    expect(symbolExecutionPolicy(wheelOf(toml(...MINIMAL, '[orders]', 'price_update_delay = [5, 9]', 'reprice_steps = 2')), 'SPY').priceUpdateDelay).toEqual([5, 9]);
  });

  it('§2.5.1: bad values and contradictions name their line and key', () => {
    expect(wheelError(toml(...MINIMAL, '[orders]', 'sell_price = "last"'))).toBe('moneytrailz.toml:12: orders.sell_price: must be one of "model", "mid", "bid", "ask" or a number in [0, 1], got the string "last"');
    expect(wheelError(toml(...MINIMAL, '[orders]', 'buy_price = 1.5'))).toBe('moneytrailz.toml:12: orders.buy_price: must be one of "model", "mid", "bid", "ask" or a number in [0, 1], got 1.5');
    expect(wheelError(toml(...MINIMAL, '[orders.symbol_overrides.TLT]', 'buy_price = "bid"'))).toBe('moneytrailz.toml:11: orders.symbol_overrides.TLT: is not a symbol of the wheel (strategies.wheel trades SPY, QQQ)');
    expect(wheelError(toml(...ADJUST, '[orders.symbol_overrides.QQQ]', 'reprice_steps = 2'))).toBe(
      "moneytrailz.toml:13: orders.symbol_overrides.QQQ.reprice_steps: is set as well as [symbols.QQQ] adjust_price_after_delay = true is thetagang's one half-way step (reprice_steps = 1): keep one of them",
    );
    expect(wheelError(toml(...MINIMAL, '[orders]', 'reprice_steps = 2', 'fill_timeout = 100'))).toBe(
      "moneytrailz.toml:13: orders.fill_timeout: 100 s ends before SPY's 2 repricing steps of up to 60 s each (price_update_delay) are taken: make it at least 120, or lower reprice_steps",
    );
    expect(wheelError(toml(...MINIMAL, '[orders]', 'reprice_steps = 11'))).toMatch(/^moneytrailz\.toml:12: orders\.reprice_steps: must be an integer in \[0, 10\]/);
    expect(wheelOf(toml(...MINIMAL, '[orders]', 'reprice_steps = 2', 'fill_timeout = 120')).execution?.defaults).toEqual({ repriceSteps: 2, fillTimeout: 120 });
  });
});

const sell = (limit: number, symbol = 'SPY'): WorkingOrder => ({ symbol, action: 'SELL', limit, contract: { secType: 'OPT', right: 'P', strike: 100, expiry: '20250307', multiplier: 100 } });
const buy = (limit: number): WorkingOrder => ({ ...sell(limit), action: 'BUY' });
const leg = (action: 'BUY' | 'SELL', expiry: string) => ({ action, ratio: 1, contract: { secType: 'OPT' as const, right: 'P' as const, strike: 100, expiry, multiplier: 100 } });
const roll = (limit: number): WorkingOrder => ({ symbol: 'SPY', action: 'BUY', limit, contract: { secType: 'BAG' }, legs: [leg('BUY', '20250131'), leg('SELL', '20250307')] });

describe('repriceOrder — §2.5.1, T5', () => {
  it('§2.5.1: N steps from the ask reach k/(N + 1) of the way to a still midpoint; a step past N is NO_STEP_LEFT', () => {
    const quote = { bid: 1.8, ask: 2.2 };
    let order = sell(2.4);
    const limits: (number | undefined)[] = [];
    for (let k = 1; k <= 3; k++) {
      const r = repriceOrder(order, quote, k, { repriceSteps: 3 }, 0);
      expect(r.reason.code).toBe('REPRICED');
      limits.push(r.limit);
      order = { ...order, limit: r.limit! };
    }
    expect(limits).toEqual([2.3, 2.2, 2.1]);
    expect(repriceOrder(order, quote, 4, { repriceSteps: 3 }, 0)).toEqual({ limit: undefined, reason: { code: 'NO_STEP_LEFT', message: 'not repriced: step 4 is past reprice_steps 3 (limit stays 2.1)' } });
    expect([1, 2, 3].map((k) => repriceFraction(k, 3))).toEqual([1 / 4, 1 / 3, 1 / 2]);
  });

  it('§2.5.1: one step is thetagang’s half-way (pricing.ts repriceLimit)', () => {
    const r = repriceOrder(sell(2.4), { bid: 1.9, ask: 2.1 }, 1, { repriceSteps: 1 }, 0.05);
    expect(r).toEqual(repriceLimit({ symbol: 'SPY', action: 'SELL', oldLimit: 2.4, midpoint: 2, minimumCredit: 0.05, combo: false }));
    expect(r.limit).toBe(2.2);
  });

  it('T5: an order priced through the midpoint (a SELL at the bid, a BUY at the ask) or a midpoint that moved away is not repriced', () => {
    expect(repriceOrder(sell(1), { bid: 1, ask: 1.2 }, 1, { repriceSteps: 2 }, 0).reason.code).toBe('WOULD_WIDEN_SPREAD');
    expect(repriceOrder(buy(1.2), { bid: 1, ask: 1.2 }, 1, { repriceSteps: 2 }, 0).reason.code).toBe('WOULD_WIDEN_SPREAD');
    expect(repriceOrder(sell(1.2), { bid: 1.25, ask: 1.35 }, 1, { repriceSteps: 1 }, 0).reason.message).toBe('not repriced: SELL limit 1.2 → 1.25 (half-way to midpoint 1.3) would widen the spread');
    expect(repriceOrder(buy(1), { bid: 1.1, ask: 1.3 }, 1, { repriceSteps: 1 }, 0).limit).toBe(1.1);
  });

  it('§2.5.1: at the midpoint, without a two-sided quote, or for shares there is no step, with the reason', () => {
    expect(repriceOrder(sell(1.1), { bid: 1, ask: 1.2 }, 1, { repriceSteps: 1 }, 0).reason).toEqual({ code: 'AT_MIDPOINT', message: 'not repriced: SELL limit 1.1 already is the midpoint 1.1 on the tick' });
    expect(repriceOrder(sell(1.2), { last: 1.1, modelPrice: 1.1 }, 1, { repriceSteps: 1 }, 0).reason.code).toBe('NO_MIDPOINT');
    expect(repriceOrder({ symbol: 'SPY', action: 'BUY', limit: 400, contract: { secType: 'STK' } }, { bid: 399, ask: 401 }, 1, { repriceSteps: 1 }, 0).reason.code).toBe('NOT_AN_OPTION');
  });

  it('§2.5.1, T25: a step lands on the contract’s tick (VIX $0.05 from $3)', () => {
    // Half-way from 3.75 to the midpoint 3.22 is 3.485: 3.50 on the VIX ladder (3.49 in cents).
    expect(repriceOrder(sell(3.75, 'VIX'), { bid: 3.1, ask: 3.34 }, 1, { repriceSteps: 1 }, 0).limit).toBe(3.5);
  });

  it('§2.5.1: a roll combo steps toward mid(old) − mid(new), never flips credit ↔ debit, keeps the minimum credit', () => {
    const quotes = [
      { bid: 0.4, ask: 0.52 },
      { bid: 1.1, ask: 1.3 },
    ];
    expect(orderMidpoint(roll(-0.9), quotes)).toBeCloseTo(-0.74, 12);
    expect(repriceOrder(roll(-0.9), quotes, 1, { repriceSteps: 1 }, 0).limit).toBe(-0.82);
    const flipped = [
      { bid: 0.95, ask: 1.05 },
      { bid: 0.65, ask: 0.75 },
    ];
    expect(repriceOrder(roll(-0.1), flipped, 1, { repriceSteps: 1 }, 0).reason.code).toBe('WOULD_FLIP_SIGN');
    const thin = [
      { bid: 1.0, ask: 1.04 },
      { bid: 1.02, ask: 1.06 },
    ];
    const r = repriceOrder(roll(-0.2), thin, 1, { repriceSteps: 1 }, 0.15);
    expect(r.limit).toBe(-0.15);
    expect(r.reason.message).toContain('held at the minimum credit 0.15');
  });

  it('§2.5.1: a bad step or combo quotes that do not match its legs are the caller’s bug (thrown)', () => {
    expect(() => repriceOrder(sell(2), { bid: 1, ask: 2 }, 0, { repriceSteps: 1 }, 0)).toThrow(RangeError);
    expect(() => repriceOrder(sell(2), { bid: 1, ask: 2 }, 1.5, { repriceSteps: 2 }, 0)).toThrow(RangeError);
    expect(() => repriceOrder(roll(-0.5), [{ bid: 1, ask: 2 }], 1, { repriceSteps: 1 }, 0)).toThrow(RangeError);
  });
});

describe('the execution policy in the pass — §2.5.1', () => {
  const dir = join(ROOT, 'tests/fixtures/wheel');
  const snap = readSnapshot(JSON.parse(readFileSync(join(dir, 'profitable-put-roll.json'), 'utf8')));
  const withOrders = (...lines: string[]) => {
    const text = readFileSync(join(dir, 'moneytrailz.toml'), 'utf8');
    const orders = '[orders]\nexchange = "SMART"\n';
    expect(text).toContain(orders);
    return wheelOf(text.replace(orders, `${orders}${lines.join('\n')}\n`));
  };
  const chainQuote = (c: { right: string; strike: number; expiry: string }, symbol: string) => snap.chains.find((x) => x.symbol === symbol && x.right === c.right && x.strike === c.strike && x.expiry === c.expiry)!;
  const optionOf = (o: WheelOrder) => o.contract as { right: string; strike: number; expiry: string };

  it('§2.5.1: sell_price = "bid" writes the same contract at its bid; buy_price = "ask" rolls at ask(old) − bid(new)', async () => {
    const plain = wheelPass(wheelConfigOf((await loadConfig(join(dir, 'moneytrailz.toml'))).config), snap);
    const policy = wheelPass(withOrders('sell_price = "bid"', 'buy_price = "ask"'), snap);
    const write = (r: typeof plain) => r.orders.find((o) => o.stage === 'write_puts')!;
    expect(write(policy).contract).toEqual(write(plain).contract);
    expect(write(policy).limit).toBe(chainQuote(optionOf(write(policy)), write(policy).symbol).bid);
    expect(write(policy).limit).toBeLessThan(write(plain).limit);
    const r = policy.orders.find((o) => o.stage === 'roll')!;
    expect(r.legs).toEqual(plain.orders.find((o) => o.stage === 'roll')!.legs);
    const [old, next] = r.legs!.map((l) => chainQuote(l.contract, r.symbol));
    expect(r.limit).toBeCloseTo(old.ask! - next.bid!, 9);
    expect(policy.decisions.find((d) => d.stage === 'roll')!.message).toContain('(buy back at its ask) −');
  });

  it('§2.5.1: a write whose contract has no bid is skipped with NO_PRICE under sell_price = "bid"', () => {
    const c = wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map<string, SymbolConfig>([['SPY', { weight: 1 }]]) });
    const chain = [30, 37].map((k) => ({ symbol: 'SPY', right: 'P', strike: 370 + k, expiry: '20250307', multiplier: 100, ask: 1.2, last: 1.1, modelPrice: 1.1, delta: -0.25, openInterest: 500 }));
    const s = readSnapshot({ time: '2025-01-21T15:00:00Z', account: { netLiquidation: 400_000, totalCashValue: 400_000 }, quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 402 } }, chains: chain });
    expect(wheelPass(c, s).orders.some((o) => o.stage === 'write_puts')).toBe(true);
    const r = wheelPass({ ...c, execution: { defaults: { sellPrice: 'bid' }, symbols: new Map() } }, s);
    expect(r.orders.some((o) => o.stage === 'write_puts')).toBe(false);
    expect(r.decisions.find((d) => d.stage === 'write_puts')).toMatchObject({ verdict: 'skip', code: 'NO_PRICE' });
    expect(r.decisions.find((d) => d.stage === 'write_puts')!.message).toContain('not written: sell_price = bid and the contract has no bid above 0');
  });

  it('§2.5.1: a close under buy_price = "ask" without an ask is held with the reason, not sent at a guess', () => {
    const c = wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map<string, SymbolConfig>([['SPY', { weight: 1 }]]) });
    const position = { symbol: 'SPY', secType: 'OPT', right: 'P', strike: 385, expiry: '20250307', multiplier: 100, position: -1, avgCost: 300, marketPrice: 0.1, unrealizedPnl: 290 };
    const s = readSnapshot({ time: '2025-01-21T15:00:00Z', account: { netLiquidation: 400_000, totalCashValue: 400_000 }, quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 398 } }, positions: [position] });
    const closing = { ...c, rollWhen: { ...c.rollWhen, pnl: 1, closeAtPnl: 0.9 } };
    expect(wheelPass(closing, s).orders.find((o) => o.stage === 'close')?.limit).toBe(0.1);
    const r = wheelPass({ ...closing, execution: { defaults: { buyPrice: 'ask' }, symbols: new Map() } }, s);
    expect(r.orders.some((o) => o.stage === 'close')).toBe(false);
    expect(r.decisions.find((d) => d.stage === 'close')).toMatchObject({ verdict: 'hold', code: 'NO_PRICE' });
  });
});
