// The roll policy (docs/wheel-rules.md §2.6.1): keep_strike (thetagang's S8/S9 bounds) or retarget_delta (the
// target delta, like a new write) when the buying power covers what the higher strike adds — the precedence of
// its keys, the buying power a roll adds and the pass's queued orders commit, the check's sentence, the strike
// bounds of a retargeted roll, and the pass choosing, falling back and saying why.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../shared/config/index.ts';
import { wheelDefaults, type SymbolConfig, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { wheelConfigOf } from '../../../../shared/strategies/wheel/from-config.ts';
import { wheelPass, type WheelOrder } from '../../../../shared/strategies/wheel/pass.ts';
import { committedBuyingPower, retargetCheck, rollBuyingPowerNeed, symbolRollPolicy, type CommittingOrder } from '../../../../shared/strategies/wheel/roll-policy.ts';
import { callRetargetFloor, putRetargetCap } from '../../../../shared/strategies/wheel/roll-strikes.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';
import { spyChain } from './spy-chain.ts';

const config = (spy: SymbolConfig = { weight: 1 }): WheelConfig =>
  wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map([['SPY', spy]]) });
const withPolicy = (c: WheelConfig, right: 'puts' | 'calls', policy: 'keep_strike' | 'retarget_delta'): WheelConfig => ({
  ...c,
  rollWhen: { ...c.rollWhen, [right]: { ...c.rollWhen[right], policy } },
});

/** Two short SPY 370 puts 10 days out, sold at $3.00, worth $0.20: due for a roll (DTE 10 ≤ 15, P&L 93 %). SPY 400, a red day. */
const PUT_370 = {
  ...{ symbol: 'SPY', secType: 'OPT', right: 'P', strike: 370, expiry: '20250131', multiplier: 100 },
  ...{ position: -2, avgCost: 300, marketPrice: 0.2, unrealizedPnl: 560 },
};

const snapshot = (account: Record<string, unknown>, positions: unknown[] = [PUT_370]) =>
  readSnapshot({
    time: '2025-01-21T15:00:00Z',
    account: { netLiquidation: 400_000, totalCashValue: 400_000, ...account },
    quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 402 } },
    positions,
    chains: spyChain(['20250307', '20250321']),
  });

const rollOf = (orders: readonly WheelOrder[]) => orders.find((o) => o.stage === 'roll');
const soldStrike = (o: WheelOrder | undefined) => o?.legs?.[1].contract.strike;

describe('which policy a roll uses', () => {
  it('keep_strike by default; roll_when.<right>.policy per right; [symbols.<SYM>.<right>] roll_policy over it', () => {
    const c = config({ weight: 1, calls: { rollPolicy: 'keep_strike' } });
    expect(symbolRollPolicy(c, 'SPY', 'P')).toEqual({ policy: 'keep_strike', setBy: 'the default' });
    const wheel = withPolicy(withPolicy(c, 'puts', 'retarget_delta'), 'calls', 'retarget_delta');
    expect(symbolRollPolicy(wheel, 'SPY', 'P')).toEqual({ policy: 'retarget_delta', setBy: 'roll_when.puts.policy' });
    expect(symbolRollPolicy(wheel, 'SPY', 'C')).toEqual({ policy: 'keep_strike', setBy: 'symbols.SPY.calls.roll_policy' });
    expect(symbolRollPolicy(wheel, 'QQQ', 'C')).toEqual({ policy: 'retarget_delta', setBy: 'roll_when.calls.policy' });
  });

  it('reads roll_when.puts.policy and [symbols.SPY.puts] roll_policy from the file, and refuses an unknown policy with a did-you-mean', () => {
    const text = (policy: string) =>
      [
        '[account]',
        'margin_usage = 0.5',
        '[symbols.SPY]',
        'weight = 1.0',
        '[symbols.SPY.calls]',
        `roll_policy = "keep_strike"`,
        '[strategies.wheel.target]',
        'dte = 45',
        '[strategies.wheel.roll_when]',
        'dte = 15',
        '[strategies.wheel.roll_when.puts]',
        `policy = "${policy}"`,
      ].join('\n');
    const wheel = wheelConfigOf(parseConfig(text('retarget_delta'), 'moneytrailz.toml'));
    expect(wheel.rollWhen.puts.policy).toBe('retarget_delta');
    expect(wheel.rollWhen.calls.policy).toBeUndefined();
    expect(wheel.symbols.get('SPY')?.calls?.rollPolicy).toBe('keep_strike');
    expect(() => parseConfig(text('retarget-delta'), 'moneytrailz.toml')).toThrow(
      'moneytrailz.toml:12: strategies.wheel.roll_when.puts.policy: must be one of "keep_strike", "retarget_delta", got the string "retarget-delta" (did you mean "retarget_delta"?)',
    );
  });
});

describe('the buying power a roll adds and the pass has committed', () => {
  it('a put adds (new − old) × multiplier × quantity (negative when rolled down); a covered call adds nothing', () => {
    expect(rollBuyingPowerNeed('P', 400, 405, 100, 1)).toBe(500);
    expect(rollBuyingPowerNeed('P', 370, 385, 100, 2)).toBe(3000);
    expect(rollBuyingPowerNeed('P', 405, 400, 100, 1)).toBe(-500);
    expect(rollBuyingPowerNeed('C', 400, 420, 100, 3)).toBe(0);
  });

  it('queued orders commit puts sold, put rolls moved up and shares bought, in the base currency; sells commit nothing', () => {
    const opt = (right: 'P' | 'C', strike: number) => ({ secType: 'OPT', right, strike, multiplier: 100 });
    const leg = (action: 'BUY' | 'SELL', strike: number) => ({ action, contract: { right: 'P' as const, strike, multiplier: 100 } });
    const orders: CommittingOrder[] = [
      { symbol: 'SPY', action: 'SELL', quantity: 2, limit: 3.1, contract: opt('P', 400) }, // 80,000
      { symbol: 'SPY', action: 'SELL', quantity: 1, limit: 2.5, contract: opt('C', 420) }, // 0
      { symbol: 'TLT', action: 'BUY', quantity: 10, limit: 87.5, contract: { secType: 'STK' } }, // 875
      { symbol: 'TLT', action: 'SELL', quantity: 10, limit: 87.5, contract: { secType: 'STK' } }, // 0
      { symbol: 'SPY', action: 'BUY', quantity: 2, limit: -1, contract: { secType: 'BAG' }, legs: [leg('BUY', 400), leg('SELL', 405)] }, // 1,000
      { symbol: 'SPY', action: 'BUY', quantity: 2, limit: -1, contract: { secType: 'BAG' }, legs: [leg('BUY', 405), leg('SELL', 395)] }, // rolled down: 0
    ];
    expect(committedBuyingPower(orders, () => 1)).toBe(81_875);
    expect(committedBuyingPower(orders, () => 151.2)).toBeCloseTo(81_875 * 151.2, 6);
  });
});

describe('the retarget_delta check', () => {
  const input = { right: 'P' as const, delta: -0.3, strike: 405, need: 500, currency: 'USD', base: 'USD', rate: 1, available: 12_000 };

  it('allowed when the added need fits the available buying power, with both numbers', () => {
    expect(retargetCheck(input)).toEqual({
      allowed: true,
      reason: { code: 'RETARGET_DELTA', message: 'rolled to 0.3 delta (strike 405) per retarget_delta; needs 500 USD more buying power, 12,000 USD available' },
    });
    expect(retargetCheck({ ...input, available: 500 }).allowed).toBe(true);
  });

  it('refused when it needs more than is available, or when the snapshot has no buying power', () => {
    expect(retargetCheck({ ...input, available: 499.5 })).toEqual({
      allowed: false,
      reason: { code: 'RETARGET_SHORT_OF_BUYING_POWER', message: 'retarget_delta would roll to 0.3 delta (strike 405), needing 500 USD more buying power, but only 499.5 USD is available' },
    });
    expect(retargetCheck({ ...input, available: -2_000 }).reason.message).toContain('but only −2,000 USD is available');
    expect(retargetCheck({ ...input, available: undefined })).toEqual({
      allowed: false,
      reason: { code: 'RETARGET_NO_BUYING_POWER', message: 'retarget_delta would roll to 0.3 delta (strike 405), needing 500 USD more buying power, but the snapshot has no buyingPower to check it against' },
    });
  });

  it('a roll that adds nothing goes ahead whatever is available: a covered call, a put rolled down or sideways', () => {
    expect(retargetCheck({ ...input, right: 'C', delta: 0.3, need: 0, available: undefined })).toEqual({
      allowed: true,
      reason: { code: 'RETARGET_DELTA', message: 'rolled to 0.3 delta (strike 405) per retarget_delta; the call is covered by the shares held: no buying power needed' },
    });
    expect(retargetCheck({ ...input, strike: 395, need: -1_000, available: -5 }).reason.message).toBe('rolled to 0.3 delta (strike 395) per retarget_delta; frees 1,000 USD of buying power');
    expect(retargetCheck({ ...input, need: 0, available: undefined }).reason.message).toContain('same strike: no more buying power needed');
  });

  it('in a JPY account the need is converted to the base currency and says so', () => {
    const r = retargetCheck({ ...input, base: 'JPY', rate: 151.2, available: 1_000_000 });
    expect(r.reason.message).toBe('rolled to 0.3 delta (strike 405) per retarget_delta; needs 75,600 JPY more buying power (500 USD at 1 USD = 151.2 JPY), 1,000,000 JPY available');
    expect(retargetCheck({ ...input, base: 'JPY', rate: 151.2, available: 75_599 }).allowed).toBe(false);
  });
});

describe('strike bounds of a retargeted roll', () => {
  it('S8 as a new put: no bound (the 1.05 × price window) or puts.strike_limit; never above the old strike while ITM', () => {
    expect(putRetargetCap({ oldStrike: 370, itm: false })).toMatchObject({ bound: undefined, reason: { code: 'PRICE_WINDOW' } });
    expect(putRetargetCap({ oldStrike: 370, itm: false, strikeLimit: 390 }).bound).toBe(390);
    expect(putRetargetCap({ oldStrike: 410, itm: true })).toMatchObject({ bound: 410, reason: { code: 'PUT_ITM_OLD_STRIKE' } });
    expect(putRetargetCap({ oldStrike: 410, itm: true, strikeLimit: 395 }).bound).toBe(395);
  });

  it('S9/S15 as a new call: ceil(max(average cost, price, strike_limit)), at least the old strike (not rounded) with the high-water mark', () => {
    expect(callRetargetFloor({ averageCost: 380.4, price: 400, oldStrike: 390, maintainHighWaterMark: false })).toMatchObject({ bound: 400, reason: { code: 'CALL_MARKET_PRICE' } });
    expect(callRetargetFloor({ averageCost: 409.2, price: 400, oldStrike: 390, maintainHighWaterMark: true }).bound).toBe(410);
    const hwm = callRetargetFloor({ averageCost: 380, price: 400, oldStrike: 412.5, maintainHighWaterMark: true });
    expect(hwm).toMatchObject({ bound: 412.5, reason: { code: 'CALL_HIGH_WATER_MARK' } });
    expect(hwm.reason.message).toBe('call roll strike ≥ 412.5: old strike 412.5 (maintain_high_water_mark), above call roll strike (as a new call) ≥ 400: the market price (highest of share average cost 380, market price 400)');
  });
});

describe('the pass with a roll policy', () => {
  it('S8 keep_strike (the default): the 370 put is rolled under its premium cap 372.8, far below the target delta', () => {
    const r = wheelPass(config(), snapshot({ buyingPower: 100_000 }));
    expect(soldStrike(rollOf(r.orders))).toBe(370);
    const d = r.decisions.find((x) => x.stage === 'roll')!;
    expect(d.message).toContain('— keep_strike (the default); put roll strike ≤ 372.8: old strike 370 + premium 3 − cost to close 0.2 = 372.8');
  });

  it('retarget_delta: rolled up to the 0.275-delta 385 put, as a new put would be written, when the buying power allows', () => {
    // The write stage sells one 385 put first (38,500 committed): 100,000 − 38,500 = 61,500 available; the roll needs (385 − 370) × 100 × 2.
    const r = wheelPass(withPolicy(config(), 'puts', 'retarget_delta'), snapshot({ buyingPower: 100_000 }));
    expect(r.orders.find((o) => o.stage === 'write_puts')?.contract).toMatchObject({ strike: 385 });
    const roll = rollOf(r.orders)!;
    expect(roll.quantity).toBe(2);
    expect(roll.legs![1].contract).toEqual({ secType: 'OPT', right: 'P', strike: 385, expiry: '20250307', multiplier: 100 });
    const d = r.decisions.find((x) => x.stage === 'roll')!;
    expect(d.message).toContain(
      'retarget_delta (roll_when.puts.policy): rolled to 0.275 delta (strike 385) per retarget_delta; needs 3,000 USD more buying power, 61,500 USD available; put roll strike (as a new put): no puts.strike_limit',
    );
  });

  it('retarget_delta short of buying power: says so with the numbers and rolls per keep_strike instead', () => {
    const r = wheelPass(withPolicy(config(), 'puts', 'retarget_delta'), snapshot({ buyingPower: 40_000 }));
    expect(soldStrike(rollOf(r.orders))).toBe(370);
    const d = r.decisions.find((x) => x.stage === 'roll')!;
    expect(d.code).toBe('DTE_AND_PNL');
    expect(d.message).toContain(
      'retarget_delta (roll_when.puts.policy): retarget_delta would roll to 0.275 delta (strike 385), needing 3,000 USD more buying power, but only 1,500 USD is available; keep_strike instead; put roll strike ≤ 372.8',
    );
  });

  it('retarget_delta without a buyingPower in the snapshot: keep_strike, fail closed', () => {
    const r = wheelPass(withPolicy(config(), 'puts', 'retarget_delta'), snapshot({}));
    expect(soldStrike(rollOf(r.orders))).toBe(370);
    expect(r.decisions.find((x) => x.stage === 'roll')!.message).toContain('but the snapshot has no buyingPower to check it against; keep_strike instead');
  });

  it('a second retargeted roll sees the buying power the first one took', () => {
    const other = { ...PUT_370, strike: 375, position: -1, unrealizedPnl: 280 };
    // 38,500 (write) + 3,000 (first roll) committed of 43,000: 1,500 left; the 375 put needs (385 − 375) × 100 = 1,000, then nothing is left for more.
    const r = wheelPass(withPolicy(config(), 'puts', 'retarget_delta'), snapshot({ buyingPower: 43_000 }, [PUT_370, other]));
    const rolls = r.orders.filter((o) => o.stage === 'roll').map((o) => [o.legs![0].contract.strike, o.legs![1].contract.strike]);
    expect(rolls).toEqual([
      [370, 385],
      [375, 385],
    ]);
    expect(r.decisions.filter((x) => x.stage === 'roll')[1].message).toContain('needs 1,000 USD more buying power, 1,500 USD available');
    const tight = wheelPass(withPolicy(config(), 'puts', 'retarget_delta'), snapshot({ buyingPower: 42_000 }, [PUT_370, other]));
    expect(tight.orders.filter((o) => o.stage === 'roll').map((o) => o.legs![1].contract.strike)).toEqual([385, 375]);
    expect(tight.decisions.filter((x) => x.stage === 'roll')[1].message).toContain('but only 500 USD is available; keep_strike instead');
  });

  it('retarget_delta for a covered call: the floor of a new call (above the market), no buying power needed', () => {
    // Target delta 0.7: keep_strike's floor is the 380 average cost (the 390 call, delta 0.65); a new call's is the 400 price (0.5).
    const shares = { symbol: 'SPY', secType: 'STK', position: 200, avgCost: 380, marketPrice: 400, unrealizedPnl: 4000 };
    const call = { symbol: 'SPY', secType: 'OPT', right: 'C', strike: 420, expiry: '20250131', multiplier: 100, position: -2, avgCost: 300, marketPrice: 0.1, unrealizedPnl: 580 };
    const c: WheelConfig = { ...config({ weight: 0.5, calls: { delta: 0.7 } }), stages: ['roll'] };
    const keep = wheelPass(c, snapshot({}, [shares, call]));
    expect(soldStrike(rollOf(keep.orders))).toBe(390);
    const retarget = wheelPass(withPolicy(c, 'calls', 'retarget_delta'), snapshot({}, [shares, call]));
    expect(soldStrike(rollOf(retarget.orders))).toBe(400);
    expect(retarget.decisions[0].message).toContain('rolled to 0.5 delta (strike 400) per retarget_delta; the call is covered by the shares held: no buying power needed');
  });

  it('a symbol override keeps keep_strike under a wheel-wide retarget_delta', () => {
    const c = withPolicy(config({ weight: 1, puts: { rollPolicy: 'keep_strike' } }), 'puts', 'retarget_delta');
    const r = wheelPass(c, snapshot({ buyingPower: 100_000 }));
    expect(soldStrike(rollOf(r.orders))).toBe(370);
    expect(r.decisions.find((x) => x.stage === 'roll')!.message).toContain('— keep_strike (symbols.SPY.puts.roll_policy); put roll strike ≤ 372.8');
  });
});
