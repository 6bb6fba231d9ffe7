// Option position arithmetic of the wheel, pinned to thetagang's own tests (wheel-rules §3.2 T1, T3,
// T4) with upstream's numbers.
import { describe, expect, it } from 'vitest';
import { longContracts, netShortContracts, positionPnl, shortContracts, weightedAverageStrike, type OptionLeg } from '../../../../shared/strategies/wheel/position-math.ts';

/** `-1x69P@3` style legs: quantity, strike, right, DTE. */
function legs(spec: string): OptionLeg[] {
  return spec.split(' ').map((s) => {
    const m = /^(-?\d+)x([\d.]+)([PC])@(\d+)$/.exec(s)!;
    return { position: Number(m[1]), strike: Number(m[2]), right: m[3] as 'P' | 'C', dte: Number(m[4]) };
  });
}

describe('P&L of a position (T1)', () => {
  it('T1: short QQQ put bought back at a loss: avgCost 222.4293, uPnL −189.51 → −0.85', () => {
    expect(positionPnl({ position: -1, avgCost: 222.4293, unrealizedPnl: -189.51 })).toBeCloseTo(-0.852, 3);
  });
  it('T1: 100 SPY shares avgCost 368.42, uPnL −292.4 → −0.0079', () => {
    expect(positionPnl({ position: 100, avgCost: 368.42, unrealizedPnl: -292.4 })).toBeCloseTo(-0.0079, 4);
  });
  it('T1: short SPY call avgCost 96.422, uPnL 88.42 → 0.92; short SPY put avgCost 528.9025, uPnL −67.81 → −0.13', () => {
    expect(positionPnl({ position: -1, avgCost: 96.422, unrealizedPnl: 88.42 })).toBeCloseTo(0.917, 3);
    expect(positionPnl({ position: -1, avgCost: 528.9025, unrealizedPnl: -67.81 })).toBeCloseTo(-0.128, 3);
  });
  it('T1: an average cost of 0 or a position of 0 is a P&L of 0, never a division by zero', () => {
    expect(positionPnl({ position: -1, avgCost: 0, unrealizedPnl: 50 })).toBe(0);
    expect(positionPnl({ position: 0, avgCost: 100, unrealizedPnl: 50 })).toBe(0);
  });
});

describe('counting short contracts net of covering longs (T3)', () => {
  // Every case of thetagang's test_calculate_net_short_positions, in its order.
  const cases: [number, 'P' | 'C', string][] = [
    [1, 'P', '-1x69P@3'],
    [1, 'P', '-1x69P@3 1x69C@3'],
    [0, 'C', '-1x69P@3 1x69C@3'],
    [0, 'C', '-1x69C@3 1x69C@3'],
    [0, 'C', '-1x69C@3 1x69C@3 1x69C@30'],
    [0, 'C', '-1x69C@3 -1x69P@3 1x69C@3 1x69C@30'],
    [0, 'C', '-1x69C@3 -1x69P@3 1x69C@3 1x70C@30'],
    [1, 'C', '-1x69C@3 -1x69C@3 1x69C@3 1x70C@30'],
    [2, 'C', '-1x69C@3 -1x69C@3 1x69P@3 1x69P@30'],
    [0, 'C', '-1x69C@3 -1x69C@3 1x69C@3 5x69C@30'],
    [0, 'C', '-1x69C@3 -1x69C@30 1x69C@3 5x69C@30'],
    [0, 'P', '-1x69P@3 -1x69P@30 1x69P@3 5x69P@30'],
    [0, 'P', '-1x70P@3 -1x69P@30 1x69P@3 5x70P@30'],
    [2, 'P', '-1x70P@3 -1x69P@30 1x69P@3 5x68P@30'],
    [0, 'C', '-1x70C@3 -1x69C@30 1x69C@3 5x68C@30'],
    [1, 'C', '-1x70C@3 -1x69C@30 1x71C@3 5x70C@30'],
    [2, 'C', '-1x70C@3 -1x71C@30 1x71C@3 5x72C@30'],
    [3, 'C', '-1x70C@3 -1x71C@30 -1x72C@90 1x71C@3 5x72C@30'],
    [5, 'P', '-10x60P@3 -1x69P@30 1x69P@90 5x68P@90'],
    [10, 'P', '-10x70P@3 -1x69P@30 1x69P@90 5x68P@90'],
    [0, 'P', '-10x60P@3 -1x69P@30 1x69P@90 50x68P@90'],
    [2, 'P', '-2x77P@9 -1x76P@16 -1x77P@16 -6x77P@23 -2x77P@30 -5x77P@37 15x77P@268'],
    [0, 'C', '-2x77P@9 -1x76P@16 -1x77P@16 -6x77P@23 -2x77P@30 -5x77P@37 15x77P@268'],
    [20, 'C', '-8x72C@23 -8x66C@30 -9x68C@30 -7x69C@30 -1x72C@30 -8x59.5C@37 -7x68C@37 5x55C@268 23x60C@268'],
    [0, 'P', '-8x72C@23 -8x66C@30 -9x68C@30 -7x69C@30 -1x72C@30 -8x59.5C@37 -7x68C@37 5x55C@268 23x60C@268'],
  ];
  for (const [expected, right, spec] of cases) {
    it(`T3: ${spec} → ${expected} net short ${right === 'P' ? 'puts' : 'calls'}`, () => {
      expect(netShortContracts(legs(spec), right)).toBe(expected);
    });
  }
  it('T3: counted plainly, the real-world put ladder is 17 short puts and 15 long ones', () => {
    const ladder = legs('-2x77P@9 -1x76P@16 -1x77P@16 -6x77P@23 -2x77P@30 -5x77P@37 15x77P@268');
    expect(shortContracts(ladder, 'P')).toBe(17);
    expect(longContracts(ladder, 'P')).toBe(15);
  });
});

describe('weighted average strikes (T4)', () => {
  it('T4: shorts at 70 and longs at 100 average 70 and 100, for calls and for puts', () => {
    for (const r of ['C', 'P'] as const) {
      const l = legs(`-1x70${r}@3 -1x70${r}@30 -1x70${r}@90 1x100${r}@3 5x100${r}@30`);
      expect(weightedAverageStrike(l, r, 'short')).toBeCloseTo(70, 9);
      expect(weightedAverageStrike(l, r, 'long')).toBeCloseTo(100, 9);
    }
  });
  it('T4: mixed (−4@10, −1@100 short; +4@100, +1@10 long) → short 28, long 82', () => {
    const l = legs('-4x10P@3 -1x100P@3 4x100P@3 1x10P@3');
    expect(weightedAverageStrike(l, 'P', 'short')).toBeCloseTo(28, 9);
    expect(weightedAverageStrike(l, 'P', 'long')).toBeCloseTo(82, 9);
  });
  it('T4: no leg of that side → undefined', () => {
    expect(weightedAverageStrike(legs('1x100P@3'), 'P', 'short')).toBeUndefined();
  });
});
