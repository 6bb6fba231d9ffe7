// The lab's sweep equals `npm run sweep` for the same grid: the lab's form with ranges, checked by its
// rules (app/lab/sweep-form-rules.ts), run as its Web Workers run it (app/workers/sweep-job.ts and the
// shared batch, shared/engine/sweep.ts), gives each combination the CLI's numbers (its ranked CSV) on
// the same configuration; and the form's checks name a bad range by field and count skipped combinations.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'smol-toml';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { ready } from '../../shared/indicators/index.ts';
import { runSweepItems } from '../../shared/engine/sweep.ts';
import { checkSweep } from '../../app/lab/sweep-form-rules.ts';
import { requestSweepBatch } from '../../app/workers/sweep-job.ts';
import { ROOT } from '../support/source-rules.ts';

const GOOG_CSV = join(ROOT, 'data/samples/GOOG_1d.csv');
const form = (params: Record<string, string>) => ({ sample: { symbol: 'GOOG', file: 'GOOG_1d.csv' }, strategy: 'sma_cross' as const, params: { fast: '10', slow: '30', direction: 'long_short', ...params }, capital: '10000', commission: '0.001' });

beforeAll(async () => {
  await ready();
});

describe('the lab’s sweep form', () => {
  it('checks every value of a range by its schema, counts the skipped combinations, refuses a grid with none valid or too large', () => {
    const bad = checkSweep(form({ fast: '1.5:3:0.5' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.fast).toMatch(/^1\.5 in the range: /);
    const syntax = checkSweep(form({ slow: '40:20:5' }));
    expect(syntax.ok ? {} : syntax.errors).toEqual({ slow: "'40:20:5' must be start:stop:step with step > 0 and stop >= start (write from:to:step, e.g. 5:50:5, or a list, e.g. 5,8,13)" });
    const some = checkSweep(form({ fast: '10:30:10', slow: '20,30' }));
    if (!some.ok) throw new Error(JSON.stringify(some.errors));
    expect(some.plan.total).toBe(6);
    expect(some.plan.items.map(([, p]) => p)).toEqual([{ fast: 10, slow: 20 }, { fast: 10, slow: 30 }, { fast: 20, slow: 30 }]);
    expect(some.plan.skippedBy).toEqual({ 'fast must be less than slow': 3 });
    const none = checkSweep(form({ fast: '40:50:10', slow: '20,30' }));
    expect(none.ok ? {} : none.errors['']).toMatch(/^No combination of the grid is valid: all 4 break sma_cross's rule \(e\.g\. fast=40, slow=20: fast \(40\) must be less than slow \(20\)\)/);
    expect(checkSweep(form({ fast: '1:100:1', slow: '101:130:1' })).ok).toBe(false); // 3,000 > the cap
    const choice = checkSweep(form({ direction: 'long_only,long_short' }));
    expect(choice.ok ? {} : choice.errors).toEqual({ direction: expect.stringMatching(/only number parameters take a range$/) });
  });
});

describe('the lab’s sweep against npm run sweep', () => {
  it('fast 5:15:5 × slow 20:40:10 on GOOG daily: every combination’s metrics equal the CLI’s', async () => {
    const check = checkSweep(form({ fast: '5:15:5', slow: '20:40:10' }));
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    expect(check.plan.items).toHaveLength(9);
    const bars = readBarsCsv(await readFile(GOOG_CSV, 'utf8'), 'GOOG_1d.csv', { symbol: 'GOOG' });
    const lab = runSweepItems(await requestSweepBatch({ config: check.config, bars: { GOOG: bars } }), check.plan.items);

    const dir = await mkdtemp(join(tmpdir(), 'mt-lab-sweep-'));
    const config = join(dir, 'lab.toml');
    await writeFile(config, stringify({ ...check.config, data: { csv: GOOG_CSV, symbol: 'GOOG' } }));
    const csv = join(dir, 'ranked.csv');
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/sweep.ts', config, '--grid', 'fast=5:15:5', '--grid', 'slow=20:40:10', '--workers', '2', '--csv', csv, '--html', join(dir, 'map.html')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const [header, ...lines] = (await readFile(csv, 'utf8')).trim().split('\n');
    const cols = header.split(',');
    const cli = new Map(lines.map((l) => l.split(',')).map((row) => [`${row[0]}|${row[1]}`, (k: string) => Number(row[cols.indexOf(k)])]));
    expect(cli.size).toBe(9);
    for (const row of lab) {
      const got = cli.get(`${row.params.fast}|${row.params.slow}`)!;
      for (const k of ['returnPct', 'sharpeRatio', 'maxDrawdownPct', 'numTrades'] as const) expect(row.stats[k], `${k} at ${JSON.stringify(row.params)}`).toBe(got(k));
    }
    expect(new Set(lab.map((row) => row.stats.numTrades)).size).toBeGreaterThan(1); // the grid really varies the runs
  });
});
