// `npm run ta`: the indicator as CSV aligned with the bars, equal to the library's batch output,
// and clear errors for bad indicator names, parameters and files.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { INDICATOR_SPECS, compute, ready } from '../../shared/indicators/index.ts';
import { ROOT } from '../support/source-rules.ts';

function ta(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/ta.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

beforeAll(async () => {
  await ready();
});

describe('npm run ta', () => {
  it('prints every output column aligned with the bars, values equal to the batch API (shortest round-trip decimals)', async () => {
    const file = 'data/samples/GOOG_1d.csv';
    const bars = readBarsCsv(await readFile(join(ROOT, file), 'utf8'), 'GOOG_1d.csv');
    // Every indicator that runs on daily bars, with its default parameters.
    for (const spec of INDICATOR_SPECS.filter((s) => !s.inputs.includes('session'))) {
      const r = ta(file, spec.name);
      expect(r.code, r.err).toBe(0);
      const { header, rows } = parseCsv(r.out);
      const want = compute(spec.id, bars);
      const cols = want instanceof Float64Array ? { [spec.id]: want } : want;
      expect(header).toEqual(['date', ...Object.keys(cols)]);
      expect(rows.length).toBe(bars.length);
      expect(rows[0][0]).toBe('2004-08-19');
      expect(rows.at(-1)![0]).toBe('2013-03-01');
      Object.values(cols).forEach((col, c) => {
        for (let i = 0; i < bars.length; i++) {
          const cell = rows[i][c + 1];
          if (Number.isNaN(col[i])) expect(cell).toBe('');
          else if (Number(cell) !== col[i]) throw new Error(`${spec.name} row ${i}: ${cell} != ${col[i]}`);
        }
      });
    }
  });

  it('takes parameters and keeps intraday timestamps with their UTC offset', () => {
    const r = ta('data/samples/SPY_1m.csv', 'EMA', '--period', '5');
    expect(r.code, r.err).toBe(0);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['date', 'ema']);
    expect(rows.length).toBe(24_570);
    expect(rows[0]).toEqual(['2024-02-20T09:30:00-05:00', '']);
    expect(rows[4][1]).not.toBe('');
    expect(rows.at(-1)![0]).toBe('2024-05-17T15:59:00-04:00');
  });

  it('writes to --out atomically and prints nothing on stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-ta-'));
    const out = join(dir, 'sma.csv');
    const r = ta('data/samples/TLT_1d.csv', 'sma', '--period', '10', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    expect((await readFile(out, 'utf8')).split('\n')[0]).toBe('date,sma');
  });

  it('rejects an unknown indicator, listing the valid ones', () => {
    const r = ta('data/samples/SPY_1d.csv', 'SMAA');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown indicator 'SMAA' (valid: ");
    for (const s of INDICATOR_SPECS) expect(r.err).toContain(s.name);
  });

  it('rejects a bad or unknown parameter, naming it and its valid range', () => {
    const bad = ta('data/samples/SPY_1d.csv', 'SMA', '--period', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("SMA: parameter 'period' must be an integer in [1, 100000], got 0");
    const unknown = ta('data/samples/SPY_1d.csv', 'SMA', '--length', '5');
    expect(unknown.err).toContain("SMA: parameter 'length' is unknown (valid parameters: period)");
  });

  it('reports bad data with file, line and field, and a missing file', () => {
    const missing = ta('data/samples/NOPE.csv', 'SMA');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('data/samples/NOPE.csv: cannot read (ENOENT)');
    const noArgs = ta();
    expect(noArgs.code).toBe(2);
    expect(noArgs.err).toContain('usage: npm run -s ta');
  });
});
