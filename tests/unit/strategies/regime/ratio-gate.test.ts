// The ratio gate (docs/regime-rebalance.md §2.3) with thetagang's test numbers: its metrics over the rest-to-anchor
// log ratio, vol_min on the annualized scale, invariance to a symbol's price scale, and its place among the gates.
import { describe, expect, it } from 'vitest';
import { ratioGate, type RatioGateConfig } from '../../../../shared/strategies/regime/ratio-gate.ts';
import { regimePass } from '../../../../shared/strategies/regime/pass.ts';
import { aaaBbb, signed, snapshot } from './fixture.ts';

const gate = (o: Partial<RatioGateConfig> = {}): RatioGateConfig => ({ enabled: true, anchor: 'BBB', driftMax: 1.25, volMin: 0, ...o });
const closes = (c: Record<string, number[]>) => new Map(Object.entries(c));
const TWO = closes({ AAA: [100, 110, 105, 120], BBB: [100, 101, 99, 103] });
const HALF = new Map([['AAA', 0.5], ['BBB', 0.5]]);

describe('ratioGate', () => {
  it('reports the ratio AAA / BBB: σ > 0, annualized volatility σ × √252, ok with drift_max 999', () => {
    const r = ratioGate(['AAA', 'BBB'], TWO, HALF, gate({ driftMax: 999 }), 3, 1e-8);
    expect(r.dailyStd).toBeGreaterThan(0);
    expect(r.annualizedVol).toBeCloseTo(r.dailyStd! * Math.sqrt(252), 12);
    expect(r).toMatchObject({ ok: true, anchor: 'BBB', rest: ['AAA'], reason: { code: 'RATIO_OK' } });
    // By hand: log ratios 0, ln(1.1/1.01), ln(1.05/0.99), ln(1.2/1.03); σ of their three differences.
    const ratio = [0, Math.log(1.1 / 1.01), Math.log(1.05 / 0.99), Math.log(1.2 / 1.03)];
    const d = ratio.slice(1).map((x, i) => x - ratio[i]);
    const mean = (d[0] + d[1] + d[2]) / 3;
    expect(r.dailyMean).toBeCloseTo(mean, 12);
    expect(r.dailyStd).toBeCloseTo(Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / 2), 12);
    expect(r.tstat).toBeCloseTo(Math.abs(mean / (r.dailyStd! / Math.sqrt(3))), 12);
  });

  it('vol_min is annualized: a daily variance below 0.05 still clears vol_min 0.05', () => {
    const r = ratioGate(['AAA', 'BBB'], TWO, HALF, gate({ driftMax: 999, volMin: 0.05 }), 3, 1e-8);
    expect(r.dailyStd! ** 2).toBeLessThan(0.05);
    expect(r.annualizedVol).toBeGreaterThanOrEqual(0.05);
    expect(r.ok).toBe(true);
    const quiet = ratioGate(['AAA', 'BBB'], TWO, HALF, gate({ driftMax: 999, volMin: 5 }), 3, 1e-8);
    expect(quiet).toMatchObject({ ok: false, reason: { code: 'RATIO_VOL_BELOW_MIN' } });
  });

  it('the rest index is rebased: scaling one symbol\'s prices × 10 changes nothing', () => {
    const base = closes({ AAA: [50, 55, 52, 56], BBB: [30, 31, 30, 32], CCC: [20, 19, 21, 22] });
    const scaled = closes({ AAA: [500, 550, 520, 560], BBB: [30, 31, 30, 32], CCC: [20, 19, 21, 22] });
    const w = new Map([['AAA', 0.4], ['BBB', 0.4], ['CCC', 0.2]]);
    const a = ratioGate(['AAA', 'BBB', 'CCC'], base, w, gate({ driftMax: 999 }), 3, 1e-8);
    const b = ratioGate(['AAA', 'BBB', 'CCC'], scaled, w, gate({ driftMax: 999 }), 3, 1e-8);
    expect(b.dailyMean).toBeCloseTo(a.dailyMean!, 12);
    expect(b.dailyStd).toBeCloseTo(a.dailyStd!, 12);
    expect(b.tstat).toBeCloseTo(a.tstat, 9);
    expect(a.weights).toEqual(new Map([['AAA', 2 / 3], ['CCC', 1 / 3]]));
  });

  it('a ratio that never moves blocks (zero volatility); a trend blocks on drift_max; the anchor must leave a rest', () => {
    const flat = closes({ AAA: [100, 100, 100, 100], BBB: [100, 100, 100, 100] });
    expect(ratioGate(['AAA', 'BBB'], flat, HALF, gate(), 3, 1e-8)).toMatchObject({ ok: false, reason: { code: 'RATIO_ZERO_VOLATILITY' } });
    const trend = closes({ AAA: [100, 102, 104.1, 106.1], BBB: [100, 100, 100, 100] });
    expect(ratioGate(['AAA', 'BBB'], trend, HALF, gate(), 3, 1e-8)).toMatchObject({ ok: false, reason: { code: 'RATIO_DRIFT_ABOVE_MAX' } });
    expect(ratioGate(['AAA'], closes({ AAA: [1, 2, 3, 4] }), HALF, gate({ anchor: 'AAA' }), 3, 1e-8).reason.code).toBe('RATIO_BAD_ANCHOR');
    expect(ratioGate(['AAA', 'BBB'], closes({ AAA: [1, 2, 3], BBB: [1, 2, 3] }), HALF, gate(), 3, 1e-8).reason.code).toBe('RATIO_SHORT_HISTORY');
  });
});

describe('the ratio gate in a pass (closes all 100: the ratio does not move)', () => {
  const flat = { AAA: [100, 100, 100, 100], BBB: [100, 100, 100, 100] };
  const open = { choppinessMin: 0, efficiencyMax: 1 };

  it('enabled, it blocks a soft-band trade', () => {
    const r = regimePass(aaaBbb({ ...open, ratioGate: gate() }), snapshot({ closes: flat }));
    expect(r.orders).toEqual([]);
    expect(r.decisions.find((d) => d.step === 'ratio')).toMatchObject({ verdict: 'block', code: 'RATIO_ZERO_VOLATILITY' });
  });

  it('disabled, it is only reported', () => {
    const r = regimePass(aaaBbb({ ...open, ratioGate: gate({ enabled: false }) }), snapshot({ closes: flat }));
    expect(signed(r.orders)).toEqual([['AAA', -1], ['BBB', 1]]);
    expect(r.decisions.find((d) => d.step === 'ratio')?.verdict).toBe('report');
  });

  it('a hard breach ignores it', () => {
    const r = regimePass(aaaBbb({ softBand: 0.1, hardBand: 0.3, choppinessMin: 10, efficiencyMax: 0.01, ratioGate: gate() }), snapshot({ closes: flat }));
    expect(signed(r.orders)).toEqual([['AAA', -1], ['BBB', 1]]);
  });
});
