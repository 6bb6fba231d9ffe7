// Exactness: every indicator TA-Lib has equals TA-Lib 0.6 on every sample file under the
// indicator-conventions §6 rule (and its exact warm-up); every indicator equals its independent slow
// reference (tests/reference) on the sample files, the degenerate series and a 1,000,000-bar walk.
import { beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_SPECS, ready } from '../../../shared/indicators/index.ts';
import { runBatch } from '../../../shared/indicators/batch.ts';
import { resolveParams } from '../../../shared/indicators/params.ts';
import { degenerateSeries, randomWalk1M, sampleSeries, zeroVolumeStartSeries, type TestSeries } from '../../support/indicator-data.ts';
import { firstMismatch, firstMismatchLocal } from '../../support/compare.ts';
import { talibOutputs, TALIB_IDS } from '../../support/talib.ts';
import { REFERENCES } from '../../reference/index.ts';

beforeAll(async () => {
  await ready();
});

function ours(spec: (typeof INDICATOR_SPECS)[number], s: TestSeries, params: object): Record<string, Float64Array> {
  const p = resolveParams(spec.name, spec.params, params);
  const arrays = runBatch(spec, s, params);
  return Object.fromEntries(spec.outputs(p).map((o: string, i: number) => [o, arrays[i]]));
}

/** Local magnitude floor: 1e-3 × the largest |close| in the last 200 bars (bands and levels live at price scale). */
function priceFloor(s: TestSeries): Float64Array {
  const f = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) {
    let m = 0;
    for (let j = Math.max(0, i - 200); j <= i; j++) m = Math.max(m, Math.abs(s.close[j]));
    f[i] = m * 1e-3;
  }
  return f;
}

describe('every indicator has a slow reference', () => {
  it('tests/reference covers the whole catalog', () => {
    expect(INDICATOR_SPECS.map((s) => s.id).filter((id) => !REFERENCES.has(id))).toEqual([]);
  });
});

describe.each(INDICATOR_SPECS.filter((s) => TALIB_IDS.includes(s.id)).map((s) => [s.name, s] as const))('%s equals TA-Lib 0.6', (_n, spec) => {
  it('on every sample file, with the default and example parameters', () => {
    for (const params of [{}, ...(spec.examples ?? [])]) {
      const p = resolveParams(spec.name, spec.params, params) as Record<string, number>;
      for (const s of sampleSeries()) {
        const ref = talibOutputs(spec.id, s, p)!;
        const got = ours(spec, s, params);
        for (const [name, col] of Object.entries(ref)) {
          const m = firstMismatch(got[name], col);
          if (m) throw new Error(`${spec.name}${JSON.stringify(params)}.${name} on ${s.name}: ${m.message}`);
        }
      }
    }
  });
});

describe.each(INDICATOR_SPECS.map((s) => [s.name, s] as const))('%s equals its slow reference', (_n, spec) => {
  const ref = () => {
    const r = REFERENCES.get(spec.id);
    expect(r, `tests/reference has no ${spec.id}`).toBeDefined();
    return r!;
  };

  it('on every sample file and the degenerate series (rule of §6)', () => {
    for (const params of [{}, ...(spec.examples ?? [])]) {
      const p = resolveParams(spec.name, spec.params, params);
      for (const s of [...sampleSeries(), degenerateSeries(), zeroVolumeStartSeries()]) {
        const want = ref()(s, p);
        const got = ours(spec, s, params);
        for (const name of spec.outputs(p)) {
          const m = firstMismatch(got[name], want[name]);
          if (m) throw new Error(`${spec.name}${JSON.stringify(params)}.${name} on ${s.name}: ${m.message}`);
        }
      }
    }
  });

  it('on a 1,000,000-bar walk from 0.1 to 100,000 without drift (local magnitude rule)', () => {
    const s = randomWalk1M();
    const p = resolveParams(spec.name, spec.params, {});
    const want = ref()(s, p);
    const got = ours(spec, s, {});
    const floor = priceFloor(s);
    for (const name of spec.outputs(p)) {
      const m = spec.group === 'volume' ? firstMismatch(got[name], want[name]) : firstMismatchLocal(got[name], want[name], floor);
      if (m) throw new Error(`${spec.name}.${name} on the 1M walk: ${m.message}`);
    }
  });
});
