// How much the wheel wants: target delta precedence (T2), the new-contract cap (S11), target calls
// (S12) and puts needed (S13), with the numbers of wheel-rules §3.
import { describe, expect, it } from 'vitest';
import { maxNewContracts, putsNeeded, targetCalls, targetDelta, targetShares, wheelBuyingPower } from '../../../../shared/strategies/wheel/targets.ts';

describe('target delta (T2)', () => {
  it('T2: target 0.5 alone gives puts and calls 0.5', () => {
    expect(targetDelta({ target: 0.5 })).toBe(0.5);
  });
  it('T2: target.puts 0.4 gives puts 0.4; target.calls 0.4 leaves puts at 0.5', () => {
    expect(targetDelta({ target: 0.5, targetRight: 0.4 })).toBe(0.4);
    // puts read target.puts (unset) → target
    expect(targetDelta({ target: 0.5 })).toBe(0.5);
  });
  it('T2: a symbol delta 0.3 beats target.calls 0.4; symbol.puts 0.2 gives puts 0.2 while calls stay 0.3', () => {
    expect(targetDelta({ target: 0.5, targetRight: 0.4, symbol: 0.3 })).toBe(0.3);
    expect(targetDelta({ target: 0.5, symbol: 0.3, symbolRight: 0.2 })).toBe(0.2);
    expect(targetDelta({ target: 0.5, targetRight: 0.4, symbol: 0.3 })).toBe(0.3);
  });
});

describe('new contracts per run (S11)', () => {
  it('S11: 5% of $100k buying power at $400 → 12.5 shares-worth → floor 0 → at least 1', () => {
    expect(maxNewContracts(0.05, 100_000, 400)).toBe(1);
  });
  it('S11: $1M → 125 → 1 contract; $10M → 1250 → 12 contracts', () => {
    expect(maxNewContracts(0.05, 1_000_000, 400)).toBe(1);
    expect(maxNewContracts(0.05, 10_000_000, 400)).toBe(12);
  });
  it('S11: without an underlying price the cap is the floor of 1', () => {
    expect(maxNewContracts(0.05, 10_000_000, NaN)).toBe(1);
  });
});

describe('target calls (S12)', () => {
  const caps = { capFactor: 1, capTargetFloor: 0, excessOnly: false };
  it('S12: held 500, target 600, cap_factor 0.5 → 2 calls', () => {
    expect(targetCalls(500, 600, { ...caps, capFactor: 0.5 })).toBe(2);
  });
  it('S12: cap_target_floor 0.5 → min(5, 5 − 3) = 2 calls', () => {
    expect(targetCalls(500, 600, { ...caps, capTargetFloor: 0.5 })).toBe(2);
  });
  it('S12: excess_only with held 800, target 600 → 2 calls; held 99 → 0', () => {
    expect(targetCalls(800, 600, { ...caps, excessOnly: true })).toBe(2);
    expect(targetCalls(99, 600, caps)).toBe(0);
    expect(targetCalls(99, 0, { ...caps, excessOnly: true })).toBe(0);
  });
  it('S12: never negative, whatever the floor', () => {
    expect(targetCalls(100, 10_000, { ...caps, capTargetFloor: 1 })).toBe(0);
  });
});

describe('puts needed (S13)', () => {
  it('S13: BP 50k, weight 0.4, $400 → 50 target shares; 1 short put covers 100 → none, flagged excess puts', () => {
    const target = targetShares(0.4, 50_000, 400);
    expect(target).toBe(50);
    const r = putsNeeded(target, 0, 1);
    expect(r).toMatchObject({ needed: 0, excess: true, code: 'EXCESS_PUTS' });
    expect(r.message).toContain('target 50 sh, held 0, short puts 1');
  });
  it('S13: BP 200k, no shorts → 200 shares → 2 puts', () => {
    const target = targetShares(0.4, 200_000, 400);
    expect(target).toBe(200);
    expect(putsNeeded(target, 0, 0)).toMatchObject({ needed: 2, code: 'PUTS_NEEDED' });
  });
  it('S13: shares held count towards the target; a buy-only symbol needs none (T19)', () => {
    expect(putsNeeded(500, 100, 1).needed).toBe(3);
    expect(putsNeeded(500, 0, 0, true)).toMatchObject({ needed: 0, code: 'BUY_ONLY' });
  });
  it('§1.2: buying power is floor(NLV × margin_usage); no price → 0 target shares', () => {
    expect(wheelBuyingPower(100_000.7, 0.5)).toBe(50_000);
    expect(targetShares(0.5, 50_000, 0)).toBe(0);
    expect(targetShares(0.5, 50_000, NaN)).toBe(0);
  });
});
