// crossover(a, b): hand-made series (strictness, warm-up, confidence by hand), the at-bar form, and
// SMA(10) x SMA(30) on GOOG_1d against an independent recomputation.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, sma } from '../../../shared/indicators/index.ts';
import { crossAbove } from '../../../shared/strategies/strategy.ts';
import { crossover, crossoverAt, firedAt, signalAt } from '../../../shared/signals/index.ts';
import { ParameterError } from '../../../shared/errors.ts';
import { dates, refAt, sample, slowSma } from './sample-bars.ts';

beforeAll(async () => {
  await ready();
});

const f = (v: number[]) => Float64Array.from(v);

//          0    1  2  3  4  5  6  7  8
const A = [NaN, 1, 3, 3, 1, 2, 2, 4, 1];
const B = [2, 2, 2, 3, 3, 2, 2, 3, 2.5];
// i=1: a[0] NaN (warm-up)                     -> HOLD
// i=2: 1 < 2 and 3 > 2                        -> BUY, gap 3-2 = 1, scale 2: c = 1/2 = 0.5
// i=3: 3 == 3 now                             -> HOLD (equality on the current bar)
// i=4: 3 == 3 on the previous bar, 1 < 3 now  -> HOLD (equality on the previous bar)
// i=5: 1 < 3, then 2 == 2                     -> HOLD
// i=6: 2 == 2 before                          -> HOLD
// i=7: 2 == 2 before, 4 > 3 now               -> HOLD
// i=8: 4 > 3, then 1 < 2.5                    -> SELL, gap 2.5-1 = 1.5, scale 2: c = 0.75

describe('crossover on hand-made series', () => {
  it('fires only on strict crosses, with confidence = min(1, gap / scale)', () => {
    const s = crossover(f(A), f(B), { scale: 2, names: ['fast', 'slow'] });
    expect(Array.from(s.signal)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, -1]);
    expect(Array.from(s.confidence)).toEqual([0, 0, 0.5, 0, 0, 0, 0, 0, 0.75]);
    expect(Array.from(firedAt(s))).toEqual([2, 8]);
    expect(signalAt(s, 2)).toEqual({ signal: 'BUY', confidence: 0.5, reason: 'fast crossed above slow by 50.00 % (1.00): 3.00 > 2.00' });
    expect(signalAt(s, 8).signal).toBe('SELL');
    expect(s.reason(8)).toBe('fast crossed below slow by 60.00 % (1.50): 1.00 < 2.50');
    expect(s.reason(1)).toBe('HOLD: fast or slow not yet defined (warm-up)');
    expect(s.reason(3)).toBe('HOLD: no strict cross (fast 3.00 equal to slow 3.00)');
    expect(s.reason(7)).toBe('HOLD: no strict cross (fast 4.00 above slow 3.00)');
    expect(signalAt(s, 0)).toEqual({ signal: 'HOLD', confidence: 0, reason: 'HOLD: fast or slow not yet defined (warm-up)' });
    expect(s.name).toBe('fast × slow crossover');
  });

  it('default scale is 1 % of the crossed line', () => {
    // 99 < 100, then 100.5 > 100: gap 0.5, unit 1 % of 100 = 1 -> c = 0.5
    const s = crossover(f([99, 100.5]), f([100, 100]));
    expect(s.signal[1]).toBe(1);
    expect(s.confidence[1]).toBeCloseTo(0.5, 12);
    expect(s.reason(1)).toBe('a crossed above b by 0.50 % (0.500): 100.50 > 100.00');
    // gap 3 on a line of 100: 3 units -> saturates at 1
    expect(crossover(f([99, 103]), f([100, 100])).confidence[1]).toBe(1);
  });

  it('confidence is monotone in the gap and bounded', () => {
    let prev = 0;
    for (const gap of [0.01, 0.1, 0.5, 0.99, 1, 2, 100]) {
      const c = crossover(f([99, 100 + gap]), f([100, 100])).confidence[1];
      expect(c).toBeGreaterThanOrEqual(prev);
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThanOrEqual(1);
      prev = c;
    }
    expect(prev).toBe(1);
  });

  it('per-bar scale (e.g. ATR): NaN there -> HOLD; 0 -> full confidence', () => {
    const scale = f([NaN, NaN, 4, 1, 1, 1, 1, 1, 0]);
    const s = crossover(f(A), f(B), { scale });
    expect(Array.from(s.signal)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, -1]);
    expect(Array.from(s.confidence)).toEqual([0, 0, 0.25, 0, 0, 0, 0, 0, 1]); // 1/4; 1.5 over a unit of 0
    scale[2] = NaN;
    const t = crossover(f(A), f(B), { scale, names: ['x', 'y'] });
    expect(t.signal[2]).toBe(0);
    expect(t.reason(2)).toBe('HOLD: x crossed y but the confidence scale is undefined at this bar');
  });

  it('rejects mismatched lengths and bad scales with a ParameterError naming the parameter', () => {
    expect(() => crossover(f([1, 2]), f([1]))).toThrow(/crossover: parameter 'b' has 1 values but 'a' has 2/);
    expect(() => crossover(f([1, 2]), f([1, 2]), { scale: -1 })).toThrow(ParameterError);
    expect(() => crossover(f([1, 2]), f([1, 2]), { scale: f([1]) })).toThrow(/'scale' has 1 values/);
    expect(crossover(f([]), f([])).length).toBe(0);
  });

  it('at-bar form equals the batch form bar by bar (hand-made series)', () => {
    const s = crossover(f(A), f(B), { scale: 2 });
    for (let i = 0; i < A.length; i++) expect(crossoverAt(refAt(f(A), i), refAt(f(B), i), { scale: 2 })).toEqual(signalAt(s, i));
  });
});

describe('SMA(10) x SMA(30) on GOOG_1d', () => {
  const bars = () => sample('GOOG_1d.csv');

  it('BUY/SELL bars equal an independent recomputation (plain-loop SMA, crossAbove)', () => {
    const g = bars();
    const fast = sma(g, { period: 10 });
    const slow = sma(g, { period: 30 });
    const s = crossover(fast, slow, { names: ['SMA(10)', 'SMA(30)'] });
    const f10 = slowSma(g.close, 10);
    const s30 = slowSma(g.close, 30);
    const buys: number[] = [];
    const sells: number[] = [];
    for (let i = 1; i < g.length; i++) {
      if (f10[i - 1] < s30[i - 1] && f10[i] > s30[i]) buys.push(i);
      if (f10[i - 1] > s30[i - 1] && f10[i] < s30[i]) sells.push(i);
    }
    expect(buys.length + sells.length).toBeGreaterThan(50);
    expect(Array.from(firedAt(s)).filter((i) => s.signal[i] > 0)).toEqual(buys);
    expect(Array.from(firedAt(s)).filter((i) => s.signal[i] < 0)).toEqual(sells);
    for (const i of [...buys, ...sells]) {
      const gap = Math.abs(f10[i] - s30[i]);
      expect(s.confidence[i]).toBeCloseTo(Math.min(1, gap / (0.01 * s30[i])), 9);
    }
    // The strategy API's crossAbove agrees at every bar.
    for (let i = 1; i < g.length; i++) {
      const up = crossAbove(refAt(fast, i), refAt(slow, i));
      const down = crossAbove(refAt(slow, i), refAt(fast, i));
      expect(s.signal[i]).toBe(up ? 1 : down ? -1 : 0);
    }
    // No signal before both SMAs exist (SMA(30) first defined at bar 29; a cross needs bar 29 too).
    expect(firedAt(s)[0]).toBeGreaterThanOrEqual(30);
  });

  it('hand-checked first cross: a SELL on 2004-11-26 by a hair', () => {
    const g = bars();
    const s = crossover(sma(g, { period: 10 }), sma(g, { period: 30 }), { names: ['SMA(10)', 'SMA(30)'] });
    const fired = firedAt(s);
    expect(dates(g, fired.slice(0, 4))).toEqual(['2004-11-26', '2004-12-20', '2005-01-28', '2005-02-07']);
    const i = fired[0];
    expect(i).toBe(69);
    // Closes of bars 39..69 (2004-10-13 .. 2004-11-26):
    //  142 144.11 149.16 147.94 140.49 149.38 172.43 187.4 181.8 185.97 193.3 190.64 196.03 194.87 191.67
    //  184.7 169.35 172.55 168.7 167.86 183.02 182 184.87 172.54 172.5 167.54 169.4 165.1 167.52 174.76 179.39
    // bar 68: SMA(10) = 1739.25 / 10 = 173.925  >  SMA(30) = 5169.60 / 30 = 172.32
    // bar 69: SMA(10) = 1735.62 / 10 = 173.562  <  SMA(30) = 5206.99 / 30 = 173.566333...
    // -> SELL, gap 0.004333..., unit 1 % of 173.5663 = 1.735663 -> confidence 0.0024966
    expect(Array.from(g.close.slice(39, 70))).toEqual([
      142, 144.11, 149.16, 147.94, 140.49, 149.38, 172.43, 187.4, 181.8, 185.97, 193.3, 190.64, 196.03, 194.87, 191.67,
      184.7, 169.35, 172.55, 168.7, 167.86, 183.02, 182, 184.87, 172.54, 172.5, 167.54, 169.4, 165.1, 167.52, 174.76, 179.39,
    ]);
    expect(s.signal[69]).toBe(-1);
    expect(s.confidence[69]).toBeCloseTo((5206.99 / 30 - 173.562) / (0.01 * (5206.99 / 30)), 9);
    expect(s.confidence[69]).toBeCloseTo(0.0024966, 7);
    expect(s.reason(69)).toBe('SMA(10) crossed below SMA(30) by 0.0025 % (0.00433): 173.56 < 173.57');
  });

  it('at-bar form equals the batch form at every bar', () => {
    const g = bars();
    const fast = sma(g, { period: 10 });
    const slow = sma(g, { period: 30 });
    const opts = { names: ['SMA(10)', 'SMA(30)'] as const };
    const s = crossover(fast, slow, opts);
    for (let i = 0; i < g.length; i++) {
      const at = crossoverAt(refAt(fast, i), refAt(slow, i), opts);
      expect(at.signal).toBe(signalAt(s, i).signal);
      expect(at.confidence).toBe(s.confidence[i]);
      expect(at.reason).toBe(s.reason(i));
    }
  });
});
