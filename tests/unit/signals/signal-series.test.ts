// The shared pieces: the confidence rule, the columnar series helpers.
import { describe, expect, it } from 'vitest';
import { directionOf, firedAt, kindOf, overshootConfidence, signalAt, type SignalSeries } from '../../../shared/signals/index.ts';

describe('overshootConfidence = min(1, overshoot / unit)', () => {
  it('hand values', () => {
    expect(overshootConfidence(0.5, 2)).toBe(0.25);
    expect(overshootConfidence(2, 2)).toBe(1);
    expect(overshootConfidence(3, 2)).toBe(1); // saturates
    expect(overshootConfidence(0, 2)).toBe(0); // exact touch
    expect(overshootConfidence(-1, 2)).toBe(0);
    expect(overshootConfidence(1e-9, 0)).toBe(1); // any overshoot over a zero unit
    expect(overshootConfidence(0, 0)).toBe(0);
    expect(overshootConfidence(1, NaN)).toBeNaN(); // undefined unit: the rule HOLDs
    expect(overshootConfidence(1, -1)).toBeNaN();
    expect(overshootConfidence(NaN, 1)).toBe(0);
  });
  it('is monotone in the overshoot and bounded in [0, 1]', () => {
    let prev = 0;
    for (let d = 0; d <= 5; d += 0.01) {
      const c = overshootConfidence(d, 1.7);
      expect(c).toBeGreaterThanOrEqual(prev);
      expect(c).toBeLessThanOrEqual(1);
      prev = c;
    }
  });
});

describe('SignalSeries helpers', () => {
  const s: SignalSeries = {
    name: 'demo',
    length: 4,
    signal: Int8Array.from([0, 1, 0, -1]),
    confidence: Float64Array.from([0, 0.3, 0, 0.9]),
    reason: (i) => `r${i}`,
  };
  it('signalAt builds the StrategySignal object; firedAt lists the BUY/SELL bars', () => {
    expect(signalAt(s, 1)).toEqual({ signal: 'BUY', confidence: 0.3, reason: 'r1' });
    expect(signalAt(s, 3)).toEqual({ signal: 'SELL', confidence: 0.9, reason: 'r3' });
    expect(signalAt(s, 0)).toEqual({ signal: 'HOLD', confidence: 0, reason: 'r0' });
    expect(Array.from(firedAt(s))).toEqual([1, 3]);
    expect(() => signalAt(s, 4)).toThrow(/demo: parameter 'i' is 4 \(expected an integer bar index in \[0, 3\]\)/);
    expect(() => signalAt(s, 1.5)).toThrow(/parameter 'i'/);
  });
  it('kindOf / directionOf', () => {
    expect([kindOf(1), kindOf(0), kindOf(-1)]).toEqual(['BUY', 'HOLD', 'SELL']);
    expect([directionOf('BUY'), directionOf('HOLD'), directionOf('SELL')]).toEqual([1, 0, -1]);
  });
});
