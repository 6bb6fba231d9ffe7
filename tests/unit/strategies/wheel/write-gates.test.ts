// The gates a new write passes (wheel-rules §1.9, §1.10; T6–T11, S16), with upstream's numbers.
import { describe, expect, it } from 'vitest';
import {
  callThresholdGate,
  dailyLogReturnStdev,
  gateClose,
  moveAndThreshold,
  moveGate,
  redGreenGate,
  resolveCallThresholds,
  resolveWriteThreshold,
} from '../../../../shared/strategies/wheel/write-gates.ts';

describe('the close and the daily move (T6, T7)', () => {
  it('T6: the gates use the ticker close, or the market price when the close is NaN', () => {
    expect(gateClose(100, 102)).toBe(100);
    expect(gateClose(NaN, 102)).toBe(102);
    expect(gateClose(undefined, 102)).toBe(102);
  });
  it('T7: close 100, price 102, 5% → threshold 5.0, move 2.0 (skipped: move below threshold)', () => {
    const c = moveAndThreshold(102, 100, { kind: 'percent', value: 0.05 });
    expect(c.threshold).toBeCloseTo(5, 12);
    expect(c.move).toBeCloseTo(2, 12);
    expect(moveGate('P', c)?.code).toBe('MOVE_BELOW_THRESHOLD');
  });
  it('T7: NaN close, price 102 → threshold 5.1, move 0.0', () => {
    const c = moveAndThreshold(102, NaN, { kind: 'percent', value: 0.05 });
    expect(c.threshold).toBeCloseTo(5.1, 12);
    expect(c.move).toBe(0);
  });
  it('§1.10: with σ the threshold is close × (e^σ − 1) × N over the daily log returns', () => {
    const closes = [100, 101, 99.5, 100.5, 102, 101];
    const sigma = dailyLogReturnStdev(closes);
    // sample stdev (n − 1) of ln(101/100), ln(99.5/101), …
    const r = closes.slice(1).map((c, i) => Math.log(c / closes[i]));
    const mean = r.reduce((a, b) => a + b) / r.length;
    expect(sigma).toBeCloseTo(Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1)), 15);
    const c = moveAndThreshold(103.5, 101, { kind: 'sigma', value: 1.5 }, closes);
    expect(c.threshold).toBeCloseTo(101 * (Math.exp(sigma) - 1) * 1.5, 12);
    expect(c.threshold).toBeCloseTo(2.0458, 4);
    expect(moveGate('C', c)).toBeUndefined(); // a 2.5 move clears it
    expect(moveGate('C', moveAndThreshold(103, 101, { kind: 'sigma', value: 1.5 }, closes))?.code).toBe('MOVE_BELOW_THRESHOLD'); // 2.0 does not
  });
  it('§1.10: a σ threshold without enough history is a reason, not a crash', () => {
    const c = moveAndThreshold(103, 101, { kind: 'sigma', value: 1 }, [100, 101]);
    expect(moveGate('P', c)?.code).toBe('NO_HISTORY');
  });
  it('§1.10: precedence symbol.right > symbol > constants.right > constants; a more specific % disables a σ below it', () => {
    expect(resolveWriteThreshold([undefined, { percent: 0.02 }, undefined, { sigma: 1 }])).toEqual({ kind: 'percent', value: 0.02 });
    expect(resolveWriteThreshold([{ sigma: 2 }, { percent: 0.02 }, undefined, undefined])).toEqual({ kind: 'sigma', value: 2 });
    expect(resolveWriteThreshold([undefined, undefined, { percent: 0.01 }, { sigma: 1 }])).toEqual({ kind: 'percent', value: 0.01 });
    expect(resolveWriteThreshold([undefined, undefined, undefined, { sigma: 1, percent: 0.03 }])).toEqual({ kind: 'sigma', value: 1 });
    expect(resolveWriteThreshold([undefined, undefined, undefined, undefined])).toEqual({ kind: 'none' });
  });
});

describe('red and green days (S16)', () => {
  const puts = { green: false, red: true };
  const calls = { green: true, red: false };
  it('S16: puts are skipped on a green day (price above the previous close) by default', () => {
    const r = redGreenGate('P', 401, 400, puts);
    expect(r?.code).toBe('GREEN_DAY');
    expect(r?.message).toBe('no puts on a green day: price 401 > previous close 400 and write_when.puts.green = false');
    expect(redGreenGate('P', 399, 400, puts)).toBeUndefined();
  });
  it('S16: calls are skipped on a red day by default', () => {
    expect(redGreenGate('C', 399, 400, calls)?.code).toBe('RED_DAY');
    expect(redGreenGate('C', 401, 400, calls)).toBeUndefined();
  });
  it('S16: a price equal to the close, or no close at all, never blocks', () => {
    expect(redGreenGate('P', 400, 400, puts)).toBeUndefined();
    expect(redGreenGate('C', 400, NaN, calls)).toBeUndefined();
    expect(redGreenGate('C', 400, undefined, { green: false, red: false })).toBeUndefined();
  });
});

describe('call-writing size thresholds (T8–T11, NLV $100k)', () => {
  const NLV = 100_000;
  it('T8: min 5% of NLV: 100 sh × $30 = 3% → no calls; 200 sh × $30 = 6% → allowed', () => {
    expect(callThresholdGate(100, 30, NLV, 0, { minPercent: 0.05 })?.code).toBe('POSITION_BELOW_NLV_THRESHOLD');
    expect(callThresholdGate(200, 30, NLV, 0, { minPercent: 0.05 })).toBeUndefined();
  });
  it('T9: min 20% relative excess over target 1000 sh @ $10: 1100 sh (+10%) → none; 1300 sh (+30%) → allowed', () => {
    expect(callThresholdGate(1100, 10, NLV, 1000, { minPercentRelative: 0.2 })?.code).toBe('EXCESS_BELOW_THRESHOLD');
    expect(callThresholdGate(1300, 10, NLV, 1000, { minPercentRelative: 0.2 })).toBeUndefined();
  });
  it('T10: both thresholds (5% NLV, 10% relative), 450 sh @ $10 vs target 400 → none (the NLV one fails)', () => {
    expect(callThresholdGate(450, 10, NLV, 400, { minPercent: 0.05, minPercentRelative: 0.1 })?.code).toBe('POSITION_BELOW_NLV_THRESHOLD');
  });
  it('T11: no thresholds → allowed; a global 5% blocks 400 sh @ $10 (4%); a symbol 5% overrides a global 10% for 600 sh @ $10', () => {
    expect(callThresholdGate(100, 10, NLV, 0, {})).toBeUndefined();
    expect(callThresholdGate(400, 10, NLV, 0, resolveCallThresholds(undefined, { minPercent: 0.05 }))?.code).toBe('POSITION_BELOW_NLV_THRESHOLD');
    expect(callThresholdGate(600, 10, NLV, 0, resolveCallThresholds({ minPercent: 0.05 }, { minPercent: 0.1 }))).toBeUndefined();
    expect(callThresholdGate(600, 10, NLV, 0, resolveCallThresholds(undefined, { minPercent: 0.1 }))?.code).toBe('POSITION_BELOW_NLV_THRESHOLD');
  });
});
