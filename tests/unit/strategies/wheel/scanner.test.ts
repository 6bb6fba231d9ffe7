// The option-chain scanner (wheel-rules §2.4, S14) on a small SPY chain: price 400, strikes 380–420
// by 5, expirations at 38, 45 and 59 DTE; |delta| 0.5 at the money, ±0.1 per $5 at 45 DTE.
import { describe, expect, it } from 'vitest';
import { putRollStrikeCap } from '../../../../shared/strategies/wheel/roll-strikes.ts';
import { scanChain, type ScanOptions } from '../../../../shared/strategies/wheel/scanner.ts';
import type { ChainContract, Right } from '../../../../shared/strategies/wheel/types.ts';

const EXPIRIES: readonly (readonly [string, number])[] = [
  ['20250228', 38],
  ['20250307', 45],
  ['20250321', 59],
];

/** A contract of the synthetic chain: moneyness m (> 0 in the money) sets |delta| and the premium. */
function contract(right: Right, strike: number, expiry: string, dte: number): ChainContract {
  const m = right === 'P' ? strike - 400 : 400 - strike;
  const absDelta = Math.min(0.99, Math.max(0.01, Number((0.5 + m / 50 + (dte - 45) / 1000).toFixed(3))));
  const mid = Number((Math.max(0, m) + Math.max(0.5, 6 - Math.abs(m) * 0.2) + (dte - 45) * 0.05).toFixed(2));
  return {
    symbol: 'SPY',
    right,
    strike,
    expiry,
    multiplier: 100,
    dte,
    bid: Number((mid - 0.05).toFixed(2)),
    ask: Number((mid + 0.05).toFixed(2)),
    last: mid,
    modelPrice: mid,
    delta: right === 'P' ? -absDelta : absDelta,
    openInterest: 1000,
  };
}

/** The chain of one right, strikes `from`–`to` by 5, all three expirations. */
function chain(right: Right, from = 380, to = 420): ChainContract[] {
  const out: ChainContract[] = [];
  for (const [expiry, dte] of EXPIRIES) for (let k = from; k <= to; k += 5) out.push(contract(right, k, expiry, dte));
  return out;
}

/** The chain with the contracts at (strike, dte) changed by `patch` (or removed with null). */
function patched(list: readonly ChainContract[], changes: readonly [number, number, Partial<ChainContract> | null][]): ChainContract[] {
  const out: ChainContract[] = [];
  for (const c of list) {
    const hit = changes.find(([k, d]) => k === c.strike && d === c.dte);
    if (hit === undefined) out.push(c);
    else if (hit[2] !== null) out.push({ ...c, ...hit[2] });
  }
  return out;
}

function opts(over: Partial<ScanOptions> = {}): ScanOptions {
  return {
    contracts: chain('P'),
    right: 'P',
    underlyingPrice: 400,
    targetDelta: 0.3,
    targetDte: 45,
    maxDte: 180,
    strikes: 15,
    expirations: 4,
    minimumOpenInterest: 10,
    minimumPrice: 0.05,
    ...over,
  };
}

/** The chosen contract as "strike@dte". */
function pick(o: ScanOptions): string {
  const r = scanChain(o);
  return r.contract === undefined ? r.reason.code : `${r.contract.strike}@${r.contract.dte}`;
}

describe('scanChain — S14', () => {
  it('S14: puts only consider strikes ≤ 1.05 × price without a strike limit', () => {
    const o = opts({ contracts: chain('P', 380, 430), targetDelta: 1 });
    // 425 and 430 (|delta| 0.99) would outrank 420 (0.9) if the window did not cut them off.
    expect(pick(o)).toBe('420@45');
    const r = scanChain({ ...o, contracts: chain('P', 425, 430) });
    expect(r.reason.code).toBe('NO_STRIKE');
    expect(r.reason.message).toContain('no put strike ≤ 420 (1.05 × price 400)');
  });

  it('S14: calls only consider strikes ≥ 0.95 × price without a strike limit', () => {
    const o = opts({ contracts: chain('C', 370, 420), right: 'C', targetDelta: 1 });
    expect(pick(o)).toBe('380@45');
    const r = scanChain({ ...o, contracts: chain('C', 370, 375) });
    expect(r.reason).toMatchObject({ code: 'NO_STRIKE' });
    expect(r.reason.message).toContain('no call strike ≥ 380 (0.95 × price 400)');
  });

  it('S14: a contract with |delta| 0.31 > target 0.30 is excluded', () => {
    const o = opts({ contracts: patched(chain('P'), [[390, 45, { delta: -0.31 }]]) });
    expect(pick(o)).toBe('385@45');
  });

  it('S14: the |delta| 0.31 contract is taken when nothing passes and a minimum price is set', () => {
    const only = [{ ...contract('P', 390, '20250307', 45), delta: -0.31 }];
    const r = scanChain(opts({ contracts: only, minimumPrice: 0.05 }));
    expect(r.contract?.strike).toBe(390);
    expect(r.reason.code).toBe('CREDIT_FALLBACK');
    expect(r.reason.message).toContain('|delta| 0.31');
    const none = scanChain(opts({ contracts: only, minimumPrice: 0 }));
    expect(none.contract).toBeUndefined();
    expect(none.reason.code).toBe('DELTA_TOO_HIGH');
    expect(none.reason.message).toBe('no contract: no put with |delta| ≤ 0.3 (lowest |delta| 0.31) and no minimum price to fall back on');
  });

  it('S14: open interest 9 < minimum 10 is excluded', () => {
    expect(pick(opts({ contracts: patched(chain('P'), [[390, 45, { openInterest: 9 }]]) }))).toBe('385@45');
    const all9 = chain('P').map((c) => ({ ...c, openInterest: 9 }));
    const r = scanChain(opts({ contracts: all9 }));
    expect(r.reason.code).toBe('OPEN_INTEREST_TOO_LOW');
    expect(r.reason.message).toContain('open interest ≥ 10 (highest 9)');
    expect(pick(opts({ contracts: all9, minimumOpenInterest: 0 }))).toBe('390@45');
  });

  it('S14: ties → nearest expiration first, then highest |delta| ≤ target', () => {
    const r = scanChain(opts());
    expect(r.contract).toMatchObject({ strike: 390, expiry: '20250307', delta: -0.3 });
    expect(r.price).toBe(4);
    expect(r.reason.code).toBe('CONTRACT_FOUND');
    // Without the 45-DTE 390, the 45-DTE 385 (0.2) still beats the 59-DTE 385 (0.214).
    expect(pick(opts({ contracts: patched(chain('P'), [[390, 45, null]]) }))).toBe('385@45');
  });
});

describe('scanChain — §2.4', () => {
  it('§2.4 item 1: target DTE, delta and max DTE are the caller\'s (config, or the VIX hedge\'s own)', () => {
    const vix = (strike: number, expiry: string, dte: number, delta: number, mid: number): ChainContract => ({
      symbol: 'VIX', right: 'C', strike, expiry, multiplier: 100, dte, bid: mid - 0.05, ask: mid + 0.05, delta, openInterest: 5000,
    });
    const contracts = [
      vix(18, '20250219', 29, 0.45, 2.1),
      vix(20, '20250219', 29, 0.3, 1.4),
      vix(20, '20250319', 57, 0.38, 2.2),
      vix(22, '20250319', 57, 0.3, 1.7),
    ];
    const hedge = { contracts, right: 'C' as const, underlyingPrice: 17.2, strikes: 15, expirations: 4, minimumOpenInterest: 10, minimumPrice: 0 };
    expect(scanChain({ ...hedge, targetDelta: 0.3, targetDte: 28, maxDte: 40 }).contract).toMatchObject({ strike: 20, expiry: '20250219' });
    expect(scanChain({ ...hedge, targetDelta: 0.3, targetDte: 30 }).contract).toMatchObject({ strike: 22, expiry: '20250319' });
    expect(scanChain({ ...hedge, targetDelta: 0.5, targetDte: 28 }).contract).toMatchObject({ strike: 18 });
  });

  it('§2.4 item 2: a put strike bound is an upper bound; the `strikes` nearest the money are kept (highest for puts)', () => {
    expect(pick(opts({ strikeBound: 385 }))).toBe('385@45');
    // Only 385 and 390 are scanned, so the 0.1-delta 380 is never seen.
    const r = scanChain(opts({ strikeBound: 390, strikes: 2, targetDelta: 0.15, minimumPrice: 0 }));
    expect(r.reason.code).toBe('DELTA_TOO_HIGH');
    expect(r.reason.message).toContain('lowest |delta| 0.2');
    expect(pick(opts({ strikeBound: 390, strikes: 3, targetDelta: 0.15 }))).toBe('380@45');
  });

  it('§2.4 item 2: a call strike bound is a lower bound; the lowest `strikes` are kept for calls', () => {
    const calls = opts({ contracts: chain('C'), right: 'C' });
    expect(pick({ ...calls, strikeBound: 412 })).toBe('415@45');
    expect(pick({ ...calls, strikeBound: 410, strikes: 1, targetDelta: 0.35 })).toBe('410@45');
    expect(scanChain({ ...calls, strikeBound: 410, strikes: 1, targetDelta: 0.25, minimumPrice: 0 }).reason.code).toBe('DELTA_TOO_HIGH');
    expect(pick({ ...calls, strikeBound: 410, strikes: 2, targetDelta: 0.25 })).toBe('415@45');
  });

  it('§2.4 item 3: expirations between target DTE and max DTE, at or after the rolled position, the first `expirations`', () => {
    expect(pick(opts({ targetDte: 38 }))).toBe('390@38');
    expect(pick(opts({ targetDte: 30, maxDte: 40 }))).toBe('390@38');
    expect(pick(opts({ roll: { contract: { strike: 400, expiry: '20250307' }, dte: 50, costToClose: 1 } }))).toBe('385@59');
    // Only the first expiration (38 DTE) is scanned: its low open interest is not rescued by later ones.
    const thin38 = chain('P').map((c) => (c.dte === 38 ? { ...c, openInterest: 0 } : c));
    expect(scanChain(opts({ contracts: thin38, targetDte: 38, expirations: 1 })).reason.code).toBe('OPEN_INTEREST_TOO_LOW');
    expect(pick(opts({ contracts: thin38, targetDte: 38, expirations: 2 }))).toBe('390@45');
  });

  it('§2.4 item 3: no expiration in the window → NO_EXPIRATION with the numbers', () => {
    const r = scanChain(opts({ contracts: chain('P').filter((c) => c.dte === 38) }));
    expect(r.contract).toBeUndefined();
    expect(r.reason.code).toBe('NO_EXPIRATION');
    expect(r.reason.message).toBe('no contract: no expiration between 45 and 180 DTE; listed: 38 DTE');
    const roll = scanChain(opts({ maxDte: undefined, targetDte: 30, roll: { contract: { strike: 390, expiry: '20250321' }, dte: 60, costToClose: 1 } }));
    expect(roll.reason.message).toContain("no expiration at or after 60 DTE (no earlier than the rolled position's 60 DTE)");
  });

  it('§2.4 item 4: the contract being rolled is never chosen again', () => {
    const roll = { contract: { strike: 390, expiry: '20250307' }, dte: 45, costToClose: 1 };
    const r = scanChain(opts({ roll }));
    expect(r.contract).toMatchObject({ strike: 385, expiry: '20250307' });
    const only = scanChain(opts({ contracts: [contract('P', 390, '20250307', 45)], roll }));
    expect(only.reason.code).toBe('NO_CANDIDATE');
    expect(only.reason.message).toContain('other than the contract being rolled');
  });

  it('§2.4 item 5: the price must exceed the minimum price', () => {
    const cheap = patched(chain('P'), [[390, 45, { bid: 0.03, ask: 0.05 }]]);
    expect(pick(opts({ contracts: cheap }))).toBe('385@45');
    const r = scanChain(opts({ minimumPrice: 30 }));
    expect(r.reason.code).toBe('PRICE_TOO_LOW');
    expect(r.reason.message).toBe('no contract: no put priced above the minimum 30 (highest 22.7)');
  });

  it('§2.4 item 5: the price is the midpoint, else the last price, else the model price', () => {
    const base = contract('P', 390, '20250307', 45);
    expect(scanChain(opts({ contracts: [{ ...base, bid: 3.9, ask: 4.3, last: 4.5, modelPrice: 4.6 }] })).price).toBeCloseTo(4.1, 10);
    expect(scanChain(opts({ contracts: [{ ...base, bid: undefined, last: 4.5, modelPrice: 4.6 }] })).price).toBe(4.5);
    expect(scanChain(opts({ contracts: [{ ...base, bid: undefined, ask: undefined, last: undefined, modelPrice: 4.6 }] })).price).toBe(4.6);
    // A bid of 0 still has a midpoint; it must be above the minimum price, strictly.
    expect(scanChain(opts({ contracts: [{ ...base, bid: 0, ask: 0.1, last: undefined }], minimumPrice: 0.01 })).price).toBe(0.05);
    expect(scanChain(opts({ contracts: [{ ...base, bid: 0, ask: 0.1, last: undefined }], minimumPrice: 0.05 })).reason.code).toBe('PRICE_TOO_LOW');
  });

  it('§2.4 item 5: a put strike must not exceed the underlying price + the option price', () => {
    // A 420 put priced 15 would cost more than the stock: 420 > 400 + 15.
    const dear = { ...contract('P', 420, '20250307', 45), bid: 14.95, ask: 15.05, delta: -0.3 };
    const r = scanChain(opts({ contracts: [dear] }));
    expect(r.reason.code).toBe('PUT_STRIKE_ABOVE_COVER');
    expect(r.reason.message).toContain('strike 420 > 400 + 15');
    expect(pick(opts({ contracts: [dear, contract('P', 385, '20250307', 45)] }))).toBe('385@45');
    // Calls have no such check.
    const call = { ...contract('C', 380, '20250307', 45), bid: 0.95, ask: 1.05, delta: 0.3 };
    expect(pick(opts({ contracts: [call], right: 'C', underlyingPrice: 350, strikeBound: 370 }))).toBe('380@45');
  });

  it('§2.4 item 6: nearest expiration beats a better delta further out', () => {
    const o = opts({ contracts: patched(chain('P'), [[390, 45, { openInterest: 5 }], [385, 45, { delta: -0.05 }], [380, 45, { delta: -0.04 }]]) });
    expect(pick(o)).toBe('385@45');
  });

  it('§2.4 item 7: with nothing inside the delta target and a minimum price, the lowest |delta| is taken, nearest expiration first', () => {
    const r = scanChain(opts({ targetDelta: 0.05 }));
    expect(r.contract).toMatchObject({ strike: 380, expiry: '20250307' });
    expect(r.reason.code).toBe('CREDIT_FALLBACK');
    expect(r.reason.message).toContain('credit beats delta');
    expect(scanChain(opts({ targetDelta: 0.05, minimumPrice: 0 })).reason.code).toBe('DELTA_TOO_HIGH');
  });

  it('§2.4 item 7: the fallback also applies when the delta passers all fail open interest, and keeps the open-interest filter', () => {
    const thin = chain('P').map((c) => (Math.abs(c.delta) <= 0.3 ? { ...c, openInterest: 2 } : c));
    const r = scanChain(opts({ contracts: thin }));
    expect(r.contract).toMatchObject({ strike: 395, expiry: '20250307' });
    expect(r.reason.code).toBe('CREDIT_FALLBACK');
    const allThin = chain('P').map((c) => ({ ...c, openInterest: 2 }));
    const none = scanChain(opts({ contracts: allThin, targetDelta: 0.05 }));
    expect(none.reason.code).toBe('OPEN_INTEREST_TOO_LOW');
    expect(none.reason.message).toContain('all |delta| > 0.05');
  });

  it('§2.4 item 9: a put roll always has a cap (S8), so the 1.05 × price window never applies', () => {
    const strikes: ChainContract[] = [];
    for (let k = 95; k <= 106; k += 0.5) {
      const mid = Math.max(0, k - 100) + 1.5;
      const delta = -Number((0.2 + (k - 95) * 0.01).toFixed(3));
      const quote = { bid: mid - 0.1, ask: mid + 0.1, delta, openInterest: 100 };
      strikes.push({ symbol: 'XYZ', right: 'P', strike: k, expiry: '20250307', multiplier: 100, dte: 45, ...quote });
    }
    // Price 100 × 1.05 = 105 would admit 105; the cap 100 + 2.00 − 0.50 = 101.5 does not.
    const cap = putRollStrikeCap({ position: { strike: 100, avgCost: 200, multiplier: 100 }, costToClose: 0.5, itm: false });
    const roll = { contract: { strike: 100, expiry: '20250131' }, dte: 10, costToClose: 0.5 };
    const r = scanChain(opts({ contracts: strikes, underlyingPrice: 100, strikeBound: cap.bound, roll }));
    expect(r.contract?.strike).toBe(101.5);
    expect(scanChain(opts({ contracts: strikes, underlyingPrice: 100, roll })).contract?.strike).toBe(105);
  });

  it('§2.4 item 8: a roll takes the first ranked contract priced above the cost to close', () => {
    const contracts = patched(chain('P'), [[390, 45, null]]);
    const roll = { contract: { strike: 395, expiry: '20250214' }, dte: 10, costToClose: 3.5 };
    // Ranked: 385@45 (3.00), 380@45 (2.00), 385@59 (3.70), 380@59 (2.70).
    const r = scanChain(opts({ contracts, roll }));
    expect(r.contract).toMatchObject({ strike: 385, expiry: '20250321' });
    expect(r.reason.code).toBe('ROLL_COVERS_CLOSE');
    expect(r.reason.message).toContain('cost to close 3.5');
    expect(pick(opts({ contracts, roll: { ...roll, costToClose: 2.5 } }))).toBe('385@45');
  });

  it('§2.4 item 8: when no contract covers the cost to close, the most expensive is taken', () => {
    const contracts = patched(chain('P'), [[390, 45, null]]);
    const r = scanChain(opts({ contracts, roll: { contract: { strike: 395, expiry: '20250214' }, dte: 10, costToClose: 3.8 } }));
    expect(r.contract).toMatchObject({ strike: 385, expiry: '20250321' });
    expect(r.price).toBe(3.7);
    expect(r.reason.code).toBe('ROLL_MOST_EXPENSIVE');
  });

  it('§2.4 item 8: after the item-7 fallback the lowest-|delta| contract is taken even as a debit roll', () => {
    const r = scanChain(opts({ targetDelta: 0.05, roll: { contract: { strike: 395, expiry: '20250214' }, dte: 10, costToClose: 9 } }));
    expect(r.contract).toMatchObject({ strike: 380, expiry: '20250307' });
    expect(r.reason.code).toBe('CREDIT_FALLBACK');
  });
});

describe('scanChain — edge cases', () => {
  it('an empty chain, or one of the other right only, gives EMPTY_CHAIN', () => {
    expect(scanChain(opts({ contracts: [] })).reason).toEqual({ code: 'EMPTY_CHAIN', message: 'no contract: the option chain has no puts' });
    expect(scanChain(opts({ contracts: chain('C') })).reason.code).toBe('EMPTY_CHAIN');
  });

  it('contracts of the other right are ignored', () => {
    expect(scanChain(opts({ contracts: [...chain('C'), ...chain('P')] })).contract).toMatchObject({ right: 'P', strike: 390 });
  });

  it('a missing, zero or NaN underlying price gives NO_UNDERLYING_PRICE', () => {
    for (const p of [NaN, 0, -1, Infinity]) expect(scanChain(opts({ underlyingPrice: p })).reason.code).toBe('NO_UNDERLYING_PRICE');
  });

  it('a chain without any quote gives NO_PRICE', () => {
    const blank = chain('P').map((c) => ({ ...c, bid: undefined, ask: undefined, last: undefined, modelPrice: undefined }));
    const r = scanChain(opts({ contracts: blank }));
    expect(r.reason.code).toBe('NO_PRICE');
    expect(r.reason.message).toContain('none of 18 put(s)');
  });

  it('NaN quote fields fall back to the next price source; NaN everywhere is no price', () => {
    const base = contract('P', 390, '20250307', 45);
    expect(scanChain(opts({ contracts: [{ ...base, bid: NaN, ask: 4.2, last: NaN, modelPrice: 3.9 }] })).price).toBe(3.9);
    expect(scanChain(opts({ contracts: [{ ...base, bid: NaN, ask: NaN, last: NaN, modelPrice: NaN }] })).reason.code).toBe('NO_PRICE');
  });

  it('a NaN delta never passes the delta filter; the fallback ranks it last', () => {
    expect(pick(opts({ contracts: patched(chain('P'), [[390, 45, { delta: NaN }]]) }))).toBe('385@45');
    const two = [{ ...contract('P', 390, '20250307', 45), delta: NaN }, { ...contract('P', 395, '20250307', 45) }];
    expect(pick(opts({ contracts: two }))).toBe('395@45');
  });

  it('zero strikes or expirations to scan, a NaN bound or a NaN minimum price give a reason', () => {
    expect(scanChain(opts({ strikes: 0 })).reason.message).toContain('option_chains.strikes is 0');
    expect(scanChain(opts({ expirations: 0 })).reason.message).toContain('option_chains.expirations is 0');
    expect(scanChain(opts({ strikeBound: NaN })).reason.code).toBe('INVALID_INPUT');
    expect(scanChain(opts({ minimumPrice: NaN })).reason.code).toBe('INVALID_INPUT');
    expect(scanChain(opts({ targetDelta: 0 })).reason.code).toBe('INVALID_INPUT');
  });

  it('a sparse grid: only listed contracts are scanned', () => {
    // 390 is listed only at 59 DTE (|delta| 0.314 > 0.3), so the 45-DTE scan takes 385.
    const sparse = patched(chain('P'), [[390, 45, null], [390, 38, null]]);
    expect(pick(opts({ contracts: sparse }))).toBe('385@45');
  });
});
