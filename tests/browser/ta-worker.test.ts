// The WASM SMA kernel inside a real Chromium Web Worker (the app's own worker module),
// bit-identical to a plain TypeScript reference.
import { describe, expect, it } from 'vitest';
import { TaClient } from '../../app/workers/ta-client.ts';

function smaReference(x: Float64Array, period: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let sum = 0;
  let anchor = period - 1;
  for (let i = period - 1; i < x.length; i++) {
    if (i === anchor) {
      sum = 0;
      for (let j = i - period + 1; j <= i; j++) sum += x[j];
      anchor = i + period;
    } else sum += x[i] - x[i - period];
    out[i] = sum / period;
  }
  return out;
}

describe('TA worker in Chromium', () => {
  it('computes SMA(20) in WASM bit-identically to the TS reference', async () => {
    const ta = new TaClient();
    const x = new Float64Array(50_000);
    let p = 250;
    for (let i = 0; i < x.length; i++) x[i] = p = p * (1 + Math.sin(i * 78.233) * 0.004);
    await ta.load('x', { close: x.slice() });
    const { sma: got } = await ta.compute('x', 'SMA', { period: 20 });
    const ref = smaReference(x, 20);
    expect(got.length).toBe(x.length);
    let mismatches = 0;
    for (let i = 0; i < x.length; i++) if (!Object.is(got[i], ref[i])) mismatches++;
    expect(mismatches).toBe(0);
    expect(Number.isNaN(got[18])).toBe(true);
    expect(Number.isNaN(got[19])).toBe(false);
    ta.terminate();
  });

  it('reports an invalid period and an unknown series as errors from the worker', async () => {
    const ta = new TaClient();
    await ta.load('x', { close: Float64Array.from([1, 2, 3]) });
    await expect(ta.compute('x', 'SMA', { period: 0 })).rejects.toThrow(/parameter 'period'/);
    await expect(ta.compute('y', 'SMA')).rejects.toThrow("no series loaded under 'y'");
    ta.terminate();
  });
});
