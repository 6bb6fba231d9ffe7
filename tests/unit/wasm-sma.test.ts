import { describe, expect, it, beforeAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { ready, sma } from '../../shared/indicators/index.ts';
import { kernels } from '../../shared/indicators/kernels.ts';

/** Plain TypeScript reference with the kernel's exact operation order (bit-identical by construction). */
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

describe('WASM SMA kernel', () => {
  beforeAll(async () => {
    await ready();
  });

  it('loads from the real .wasm file too, and the embedded bytes are that file', async () => {
    const bytes = await readFile(new URL('../../wasm/build/ta.wasm', import.meta.url));
    const mod = await WebAssembly.compile(bytes);
    const names = WebAssembly.Module.exports(mod).map((e) => e.name);
    expect(names).toContain('sma_run');
    const { TA_WASM_BASE64 } = await import('../../wasm/build/ta-wasm-base64.ts');
    expect(Buffer.from(TA_WASM_BASE64, 'base64').equals(bytes)).toBe(true);
  });

  it('gives known values with a NaN warm-up', () => {
    const close = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const out = sma({ close }, { period: 3 });
    expect(Array.from(out)).toEqual([NaN, NaN, 2, 3, 4, 5]);
  });

  it('is bit-identical to the TypeScript reference on 100k values', () => {
    const x = new Float64Array(100_000);
    let p = 100;
    for (let i = 0; i < x.length; i++) x[i] = p = p * (1 + Math.sin(i * 12.9898) * 0.01);
    for (const period of [1, 2, 20, 200]) {
      const got = sma({ close: x }, { period });
      const ref = smaReference(x, period);
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(got[i], ref[i])) throw new Error(`period ${period}, bar ${i}: ${got[i]} != ${ref[i]}`);
      }
    }
  });

  it('rejects a bad period with an error naming the parameter and its range', () => {
    const close = Float64Array.from([1, 2, 3]);
    expect(() => sma({ close }, { period: 0 })).toThrow(/SMA: parameter 'period' must be an integer in \[1, 100000\], got 0/);
    expect(() => sma({ close }, { period: 2.5 })).toThrow(/parameter 'period'/);
  });

  it('survives wasm memory growth (views are re-created)', () => {
    const small = sma({ close: Float64Array.from([1, 2, 3, 4]) }, { period: 2 });
    expect(small[3]).toBe(3.5);
    const before = kernels().x.memory.buffer.byteLength;
    const big = new Float64Array(2_000_000).map((_, i) => i);
    const out = sma({ close: big }, { period: 4 });
    expect(kernels().x.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(out[1_999_999]).toBe(1_999_997.5);
    const again = sma({ close: Float64Array.from([1, 2, 3, 4]) }, { period: 2 });
    expect(Array.from(again)).toEqual(Array.from(small));
  });
});

describe('batch into reused output buffers', () => {
  it('fills the given arrays (no allocation) with exactly what a fresh call returns, and checks their sizes', async () => {
    const { runBatch } = await import('../../shared/indicators/batch.ts');
    const { MACD_SPEC, macd } = await import('../../shared/indicators/index.ts');
    const close = Float64Array.from({ length: 500 }, (_, i) => 100 + Math.sin(i / 7) * 5);
    const into = [new Float64Array(600), new Float64Array(600), new Float64Array(600)];
    const out = runBatch(MACD_SPEC, { close }, {}, into);
    expect(out[0].buffer).toBe(into[0].buffer);
    expect(out[0].length).toBe(500);
    const fresh = macd({ close });
    expect(Array.from(out[2])).toEqual(Array.from(fresh.hist));
    expect(() => runBatch(MACD_SPEC, { close }, {}, [new Float64Array(500)])).toThrow("MACD: parameter 'into' needs 3 output arrays of at least 500 values");
  });
});
