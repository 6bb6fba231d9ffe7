// Global setup of the browser project: computes every catalog indicator on SPY_1m.csv in Node and
// writes the exact bits (base64 of each Float64Array) for the in-browser parity test to read.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { INDICATOR_SPECS, compute, ready } from '../../../shared/indicators/index.ts';
import { ROOT } from '../../support/source-rules.ts';

export const NODE_RESULTS = 'tests/browser/.results/node-indicators.json';

export default async function setup(): Promise<void> {
  await ready();
  const bars = readBarsCsv(await readFile(join(ROOT, 'data/samples/SPY_1m.csv'), 'utf8'), 'SPY_1m.csv');
  const results: Record<string, Record<string, string>> = {};
  for (const spec of INDICATOR_SPECS) {
    const out = compute(spec.id, bars);
    const cols = out instanceof Float64Array ? { [spec.id]: out } : out;
    results[spec.id] = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')]));
  }
  await mkdir(join(ROOT, 'tests/browser/.results'), { recursive: true });
  await writeFile(join(ROOT, NODE_RESULTS), JSON.stringify(results));
}
