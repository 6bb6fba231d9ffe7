// All catalog indicators computed on SPY_1m.csv inside Chromium (the app's worker, series resident in
// wasm memory) equal the Node results bit for bit.
import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import spyText from '../../data/samples/SPY_1m.csv?raw';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { INDICATOR_SPECS } from '../../shared/indicators/catalog.ts';
import { TaClient } from '../../app/workers/ta-client.ts';

function decode(b64: string): Float64Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}

describe('indicators in a Chromium worker', () => {
  it('equal the Node results bit for bit for every indicator on SPY_1m.csv', async () => {
    const node = JSON.parse(await commands.readFile('tests/browser/.results/node-indicators.json')) as Record<string, Record<string, string>>;
    const bars = readBarsCsv(spyText, 'SPY_1m.csv');
    const ta = new TaClient();
    await ta.load('spy', { open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume, session: bars.session });
    expect(Object.keys(node).sort()).toEqual(INDICATOR_SPECS.map((s) => s.id).sort());
    for (const spec of INDICATOR_SPECS) {
      const got = await ta.compute('spy', spec.id);
      expect(Object.keys(got).sort(), spec.name).toEqual(Object.keys(node[spec.id]).sort());
      for (const [name, b64] of Object.entries(node[spec.id])) {
        const want = decode(b64);
        const col = got[name];
        expect(col.length).toBe(bars.length);
        for (let i = 0; i < want.length; i++) {
          if (!Object.is(col[i], want[i])) throw new Error(`${spec.name}.${name} bar ${i}: browser ${col[i]} != node ${want[i]}`);
        }
      }
    }
    ta.terminate();
  });
});
