// The weighted aggregator: hand-computed agreement, conflict, weights and thresholds, the at-bar
// form, and a real combination on SPY_1d checked against a recomputation.
import { beforeAll, describe, expect, it } from 'vitest';
import { bbands, ready, rsi, sma } from '../../../shared/indicators/index.ts';
import {
  aggregate,
  aggregateAt,
  bandTouch,
  crossover,
  firedAt,
  signalAt,
  thresholdCross,
  type SignalSeries,
} from '../../../shared/signals/index.ts';
import { sample } from './sample-bars.ts';

beforeAll(async () => {
  await ready();
});

/** A rule output given by hand. */
function fixed(name: string, signal: number[], confidence: number[]): SignalSeries {
  return {
    name,
    length: signal.length,
    signal: Int8Array.from(signal),
    confidence: Float64Array.from(confidence),
    reason: (i) => `${name} at ${i}`,
  };
}

// Three rules over 6 bars (weights 2, 1, 1 -> Σw = 4):
//   bar:         0     1      2      3     4      5
//   A (w 2):  HOLD  BUY .8  BUY .5  BUY .6 SELL 1  HOLD
//   B (w 1):  HOLD  BUY .4  SELL .5 SELL .9 HOLD   HOLD
//   C (w 1):  HOLD  HOLD    SELL .5 HOLD   SELL 1  HOLD
// score = Σ w·s·c / 4:
//   0: 0                               -> HOLD (all HOLD)
//   1: (2·.8 + 1·.4) / 4 = 2.0/4 = 0.5 -> BUY 0.5 (agreement)
//   2: (2·.5 - .5 - .5) / 4 = 0        -> HOLD (conflict cancels exactly)
//   3: (2·.6 - .9) / 4 = 0.3/4 = 0.075 -> HOLD at threshold 0.25 (weights: A outweighs B but barely)
//   4: (-2·1 - 1) / 4 = -0.75          -> SELL 0.75
//   5: 0                               -> HOLD
const A = fixed('A', [0, 1, 1, 1, -1, 0], [0, 0.8, 0.5, 0.6, 1, 0]);
const B = fixed('B', [0, 1, -1, -1, 0, 0], [0, 0.4, 0.5, 0.9, 0, 0]);
const C = fixed('C', [0, 0, -1, 0, -1, 0], [0, 0, 0.5, 0, 1, 0]);
const rules = [
  { signals: A, weight: 2 },
  { signals: B, weight: 1 },
  { signals: C, weight: 1 },
];

describe('aggregate (hand-computed)', () => {
  it('agreement, conflict, weights, all-HOLD', () => {
    const s = aggregate(rules);
    expect(s.threshold).toBe(0.25);
    expect(Array.from(s.score)).toEqual([0, 0.5, 0, expect.closeTo(0.075, 15), -0.75, 0]);
    expect(Array.from(s.signal)).toEqual([0, 1, 0, 0, -1, 0]);
    expect(Array.from(s.confidence)).toEqual([0, 0.5, 0, 0, 0.75, 0]);
    expect(s.reason(0)).toBe('HOLD: no rule fired (all 3 rules HOLD or weight 0)');
    expect(s.reason(1)).toBe('BUY: weighted score +0.50 >= 0.25 from A BUY 0.80 × w 2 (+0.40), B BUY 0.40 × w 1 (+0.10); 1 of 3 rules HOLD or weight 0');
    expect(s.reason(2)).toBe('HOLD: weighted score 0.00 within ±0.25 from A BUY 0.50 × w 2 (+0.25), B SELL 0.50 × w 1 (-0.13), C SELL 0.50 × w 1 (-0.13)');
    expect(s.reason(4)).toBe('SELL: weighted score -0.75 <= -0.25 from A SELL 1.00 × w 2 (-0.50), C SELL 1.00 × w 1 (-0.25); 1 of 3 rules HOLD or weight 0');
    expect(signalAt(s, 4)).toMatchObject({ signal: 'SELL', confidence: 0.75 });
  });

  it('thresholds: a lower threshold lets bar 3 through; a score exactly at the threshold counts', () => {
    const low = aggregate(rules, { threshold: 0.05 });
    expect(Array.from(low.signal)).toEqual([0, 1, 0, 1, -1, 0]);
    expect(low.confidence[3]).toBeCloseTo(0.075, 15);
    expect(Array.from(aggregate(rules, { threshold: 0.5 }).signal)).toEqual([0, 1, 0, 0, -1, 0]); // 0.5 >= 0.5
    expect(Array.from(aggregate(rules, { threshold: 0.76 }).signal)).toEqual([0, 0, 0, 0, 0, 0]);
    // 0.1 + 0.2 = 0.30000000000000004 and 0.3 / 1: rounding must not flip a score that equals the threshold
    const x = fixed('X', [1], [0.1]);
    const y = fixed('Y', [1], [0.2]);
    const s = aggregate([{ signals: x, weight: 1 }, { signals: y, weight: 1 }], { threshold: 0.15 });
    expect(s.signal[0]).toBe(1); // (0.1 + 0.2) / 2 = 0.15000000000000002 >= 0.15
    const t = aggregate([{ signals: fixed('X', [1], [0.7]), weight: 1 }, { signals: fixed('Y', [1], [0.2]), weight: 2 }], { threshold: 0.7 / 3 + 0.4 / 3 });
    expect(t.signal[0]).toBe(1);
  });

  it('weights: doubling B flips bar 3 from BUY to SELL; weight 0 disables a rule but keeps the total', () => {
    const w = aggregate(
      [
        { signals: A, weight: 2 },
        { signals: B, weight: 3 },
        { signals: C, weight: 1 },
      ],
      { threshold: 0.05 },
    );
    // bar 3: (2·.6 - 3·.9) / 6 = -1.5/6 = -0.25 -> SELL 0.25
    expect(w.score[3]).toBeCloseTo(-0.25, 15);
    expect(w.signal[3]).toBe(-1);
    const off = aggregate([
      { signals: A, weight: 2 },
      { signals: B, weight: 0 },
    ]);
    // bar 2: only A counts: 2·.5 / 2 = 0.5 -> BUY
    expect(off.signal[2]).toBe(1);
    expect(off.score[2]).toBe(0.5);
    expect(off.reason(2)).toBe('BUY: weighted score +0.50 >= 0.25 from A BUY 0.50 × w 2 (+0.50); 1 of 2 rules HOLD or weight 0');
  });

  it('a single rule is passed through above the threshold; one rule among many is diluted', () => {
    const one = aggregate([{ signals: A, weight: 1 }], { threshold: 0.5 });
    expect(Array.from(one.signal)).toEqual([0, 1, 1, 1, -1, 0]);
    expect(Array.from(one.confidence)).toEqual([0, 0.8, 0.5, 0.6, 1, 0]);
    const diluted = aggregate([
      { signals: A, weight: 1 },
      { signals: fixed('idle', [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]), weight: 3 },
    ]);
    expect(Array.from(diluted.signal)).toEqual([0, 0, 0, 0, -1, 0]); // 0.8/4 = 0.2 < 0.25; 1/4 = 0.25 -> SELL
  });

  it('rejects bad thresholds, weights and lengths', () => {
    expect(() => aggregate(rules, { threshold: 0 })).toThrow(/aggregate: parameter 'threshold' is 0 \(expected a number in \(0, 1\]\)/);
    expect(() => aggregate(rules, { threshold: 1.5 })).toThrow(/'threshold'/);
    expect(() => aggregate([])).toThrow(/'rules' is empty/);
    expect(() => aggregate([{ signals: A, weight: -1 }])).toThrow(/'weight\[0\]' is -1/);
    expect(() => aggregate([{ signals: A, weight: 0 }])).toThrow(/sum is 0/);
    expect(() => aggregate([{ signals: A, weight: 1 }, { signals: fixed('short', [0], [0]), weight: 1 }])).toThrow(/'rules\[1\]' has 1 bars/);
  });

  it('at-bar form equals the batch form', () => {
    for (const threshold of [0.05, 0.25, 0.5]) {
      const s = aggregate(rules, { threshold });
      for (let i = 0; i < 6; i++) {
        const at = aggregateAt(
          rules.map((r) => ({ name: r.signals.name, weight: r.weight, signal: signalAt(r.signals, i) })),
          { threshold },
        );
        expect(at).toEqual(signalAt(s, i));
      }
    }
  });
});

describe('aggregate on SPY_1d: SMA(10)×SMA(30) (w 2) + RSI(14) up 30 / down 70 (w 1 each) + BBANDS touch (w 1)', () => {
  it('score, signal and confidence equal a recomputation from the rule columns', () => {
    const spy = sample('SPY_1d.csv');
    const r = rsi(spy, { period: 14 });
    const bb = bbands(spy, {});
    const parts = [
      { signals: crossover(sma(spy, { period: 10 }), sma(spy, { period: 30 }), { names: ['SMA(10)', 'SMA(30)'] }), weight: 2 },
      { signals: thresholdCross(r, 30, 'up', { name: 'RSI(14)' }), weight: 1 },
      { signals: thresholdCross(r, 70, 'down', { name: 'RSI(14)' }), weight: 1 },
      { signals: bandTouch(spy.close, bb.upper, bb.lower, { name: 'BBANDS(20, 2)' }), weight: 1 },
    ];
    const s = aggregate(parts, { threshold: 0.1 });
    let conflicts = 0;
    for (let i = 0; i < spy.length; i++) {
      let sum = 0;
      let pos = false;
      let neg = false;
      for (const p of parts) {
        sum += p.weight * p.signals.signal[i] * p.signals.confidence[i];
        if (p.signals.signal[i] > 0) pos = true;
        if (p.signals.signal[i] < 0) neg = true;
      }
      if (pos && neg) conflicts++;
      const score = sum / 5;
      expect(s.score[i]).toBeCloseTo(score, 14);
      const dir = score >= 0.1 ? 1 : score <= -0.1 ? -1 : 0;
      expect(s.signal[i]).toBe(dir);
      expect(s.confidence[i]).toBeCloseTo(dir === 0 ? 0 : Math.abs(score), 14);
      expect(s.confidence[i]).toBeGreaterThanOrEqual(0);
      expect(s.confidence[i]).toBeLessThanOrEqual(1);
    }
    expect(conflicts).toBeGreaterThan(0); // the real data has bars where rules disagree
    expect(firedAt(s).length).toBeGreaterThan(100);
    const i = firedAt(s)[0];
    expect(s.reason(i)).toMatch(/^(BUY|SELL): weighted score [+-]\d\.\d\d (>=|<=) -?0\.10 from /);
  });
});
