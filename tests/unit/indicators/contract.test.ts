// The contract every indicator must pass, run for every spec in the catalog on every sample file:
// stream == batch bit for bit at every bar (add, and replace-then-add sequences), warm-up length,
// isStable/lookback, and invalid parameters rejected with the parameter and its range named.
import { beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_SPECS, IndicatorStream, ready } from '../../../shared/indicators/index.ts';
import { runBatch } from '../../../shared/indicators/batch.ts';
import { resolveParams, describeRange, type ParamSpec } from '../../../shared/indicators/params.ts';
import { ParameterError } from '../../../shared/errors.ts';
import { degenerateSeries, sampleSeries, zeroVolumeStartSeries, type TestSeries } from '../../support/indicator-data.ts';
import { leadingNaN } from '../../support/compare.ts';
import type { AnySpec } from '../../../shared/indicators/named.ts';

beforeAll(async () => {
  await ready();
});

function barAt(s: TestSeries, i: number) {
  return { open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i], session: s.session[i] };
}

/** A different but valid bar (used to check that replace really replaces). */
function perturbed(s: TestSeries, i: number) {
  const b = barAt(s, i);
  return { ...b, high: b.high * 1.01, low: b.low * 0.99, close: b.close * 1.005, volume: b.volume + 17 };
}

function valuesAt(v: number | Record<string, number>, outputs: readonly string[]): number[] {
  return typeof v === 'number' ? [v] : outputs.map((o) => v[o]);
}

function assertStreamMatches(spec: AnySpec, params: object, s: TestSeries, mode: 'add' | 'replace'): void {
  const batch = runBatch(spec, s, params);
  const stream = new IndicatorStream<number | Record<string, number>>(spec, params);
  try {
    for (let i = 0; i < s.length; i++) {
      let v;
      if (mode === 'replace' && i % 7 === 3) {
        stream.add(perturbed(s, i));
        v = stream.replace(barAt(s, i));
      } else {
        v = stream.add(barAt(s, i));
        if (mode === 'replace' && i % 11 === 5) {
          stream.replace(perturbed(s, i));
          v = stream.replace(barAt(s, i));
        }
      }
      const got = valuesAt(v, stream.outputs);
      for (let o = 0; o < got.length; o++) {
        if (!Object.is(got[o], batch[o][i])) {
          throw new Error(`${spec.name}${JSON.stringify(params)} on ${s.name}, ${mode}: bar ${i} output ${stream.outputs[o]}: stream ${got[o]} != batch ${batch[o][i]}`);
        }
      }
      const stable = got.every((x) => !Number.isNaN(x));
      if (stream.isStable !== stable) throw new Error(`${spec.name} on ${s.name}: isStable ${stream.isStable} at bar ${i} with value ${got}`);
    }
  } finally {
    stream.dispose();
  }
}

const SERIES = () => [...sampleSeries(), degenerateSeries(), zeroVolumeStartSeries()];

describe.each(INDICATOR_SPECS.map((s) => [s.name, s] as const))('%s contract', (_name, spec) => {
  const paramSets: object[] = [{}, ...(spec.examples ?? [])];

  it('batch: one output per declared name, input length, exactly `lookback` leading NaN, none after (real data)', () => {
    for (const params of paramSets) {
      const p = resolveParams(spec.name, spec.params, params);
      const lookback = spec.lookback(p);
      for (const s of sampleSeries()) {
        const out = runBatch(spec, s, params);
        expect(out.length).toBe(spec.outputs(p).length);
        for (const col of out) {
          expect(col.length).toBe(s.length);
          const lead = leadingNaN(col);
          if (lookback !== null) expect(lead, `${spec.name}${JSON.stringify(params)} ${s.name}`).toBe(Math.min(lookback, s.length));
          for (let i = lead; i < col.length; i++) {
            if (Number.isNaN(col[i])) throw new Error(`${spec.name} ${s.name}: NaN at bar ${i} after the warm-up`);
          }
        }
      }
    }
  });

  it('stream add == batch at every bar, bit for bit, on every sample file and the degenerate series', () => {
    for (const params of paramSets) for (const s of SERIES()) assertStreamMatches(spec, params, s, 'add');
  });

  it('replace semantics: add(x′)+replace(x) == add(x); add(x)+replace(x′)+replace(x) == add(x)', () => {
    for (const params of paramSets) for (const s of SERIES()) assertStreamMatches(spec, params, s, 'replace');
  });

  it('stream lookback equals the leading NaN of the batch; value is NaN before the first bar', () => {
    const s = sampleSeries().find((x) => x.name === 'SPY_1m.csv')!;
    const stream = new IndicatorStream<number | Record<string, number>>(spec, {});
    expect(valuesAt(stream.value, stream.outputs).every(Number.isNaN)).toBe(true);
    expect(stream.isStable).toBe(false);
    for (let i = 0; i < s.length; i++) stream.add(barAt(s, i));
    expect(stream.lookback).toBe(leadingNaN(runBatch(spec, s, {})[0]));
    stream.dispose();
  });

  it('rejects invalid parameters with an error naming the parameter and its valid range', () => {
    for (const [name, ps] of Object.entries(spec.params as Record<string, ParamSpec>)) {
      const bad: unknown[] =
        ps.kind === 'floats' ? [[], [ps.min - 1], 'x', Array(ps.maxCount + 1).fill(ps.min)] : [ps.min - 1, ps.max + 1, Number.NaN, 'x', ...(ps.kind === 'int' ? [ps.min + 0.5] : [])];
      if (ps.kind === 'float' && ps.minExclusive) bad.push(ps.min);
      for (const v of bad) {
        const call = () => runBatch(spec, sampleSeries()[0], { [name]: v });
        expect(call, `${spec.name}.${name} = ${JSON.stringify(v)}`).toThrow(ParameterError);
        expect(call).toThrow(`${spec.name}: parameter '${name}' must be ${describeRange(ps)}`);
        expect(() => new IndicatorStream(spec, { [name]: v })).toThrow(ParameterError);
      }
    }
    expect(() => runBatch(spec, sampleSeries()[0], { nonsense: 1 })).toThrow(`${spec.name}: parameter 'nonsense' is unknown`);
  });

  it('names a missing input column', () => {
    const only = { close: sampleSeries()[0].close };
    if (spec.inputs.every((c) => c === 'close')) return;
    const missing = spec.inputs.find((c) => c !== 'close')!;
    expect(() => runBatch(spec, only, {})).toThrow(`${spec.name}: parameter 'bars' needs a '${missing}' column`);
  });
});
