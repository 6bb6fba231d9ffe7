// `npm run sweep`: every combination across worker threads, ranked; each row equals a single run
// with the same parameters; invalid combinations are skipped; bad grids are named.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../shared/indicators/index.ts';
import { runBacktest } from '../../shared/engine/backtest.ts';
import { backtestResult } from '../../shared/engine/backtest-result.ts';
import { SmaCross } from '../../shared/strategies/sma-cross.ts';
import { gridCombinations, parseGridAxis } from '../../shared/engine/sweep.ts';
import { googBars } from '../support/goog-canonical.ts';
import { settings } from '../unit/engine/support.ts';
import { ROOT } from '../support/source-rules.ts';

function sweep(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/sweep.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const CONFIG = 'tests/fixtures/backtest/goog-sma-cross.toml';

beforeAll(async () => {
  await ready();
});

describe('grid parsing', () => {
  it('start:stop:step includes the stop; lists; combinations vary the last axis fastest', () => {
    expect(parseGridAxis('fast=5:20:5')).toEqual({ param: 'fast', values: [5, 10, 15, 20] });
    expect(parseGridAxis('k=0.5:1.5:0.5').values).toEqual([0.5, 1, 1.5]);
    expect(parseGridAxis('slow=30,50').values).toEqual([30, 50]);
    expect(gridCombinations([parseGridAxis('a=1:2:1'), parseGridAxis('b=7,8')])).toEqual([{ a: 1, b: 7 }, { a: 1, b: 8 }, { a: 2, b: 7 }, { a: 2, b: 8 }]);
    expect(() => parseGridAxis('fast')).toThrow("'fast' is not name=start:stop:step");
    expect(() => parseGridAxis('fast=10:5:1')).toThrow('stop >= start');
    expect(() => parseGridAxis('fast=1:5:0')).toThrow('step > 0');
  });
});

describe('npm run sweep', () => {
  it('runs every valid combination on 2 workers; every row equals the single run; ranked CSV and heat map', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-sweep-'));
    const csv = join(dir, 'ranked.csv');
    const html = join(dir, 'map.html');
    const r = sweep(CONFIG, '--grid', 'fast=5:25:10', '--grid', 'slow=10:40:10', '--workers', '2', '--stat', 'sharpeRatio', '--csv', csv, '--html', html);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('12 combinations (3 skipped as invalid), 2 worker(s)'); // fast 15/25 ≥ slow 10/20 …
    expect(r.out).toContain('9 runs in');
    const lines = (await readFile(csv, 'utf8')).trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 2)).toEqual(['fast', 'slow']);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(9);
    const col = (name: string) => header.indexOf(name);
    const sharpes = rows.map((row) => Number(row[col('sharpeRatio')]));
    expect([...sharpes].sort((a, b) => b - a)).toEqual(sharpes); // ranked, best first
    for (const row of rows) {
      const fast = Number(row[0]);
      const slow = Number(row[1]);
      const single = backtestResult(googBars(), runBacktest({ bars: googBars(), strategy: new SmaCross({ fast, slow, direction: 'long_short' }, ['GOOG']), settings: settings() }));
      expect(Number(row[col('equityFinal')])).toBe(single.stats.equityFinal);
      expect(Number(row[col('sharpeRatio')])).toBe(single.stats.sharpeRatio);
      expect(Number(row[col('sharpe')])).toBe(single.metrics.sharpe);
      expect(Number(row[col('numTrades')])).toBe(single.stats.numTrades);
    }
    const page = await readFile(html, 'utf8');
    expect(page).toContain('data-testid="heatmap"');
    expect(page).toContain('sharpeRatio over fast × slow');
  });

  it('names a grid parameter the strategy does not have, and an unknown stat', () => {
    const bad = sweep(CONFIG, '--grid', 'fats=5:10:5');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--grid fats=5:10:5: sma_cross has no parameter 'fats' (valid: fast, slow, direction)");
    const stat = sweep(CONFIG, '--grid', 'fast=5:10:5', '--stat', 'sharp');
    expect(stat.code).toBe(2);
    expect(stat.err).toContain("--stat: 'sharp' is not a stat or metric");
  });

  it('several instances: refused naming them, unless --strategy picks one (run alone, equal to its single run)', async () => {
    const multi = 'data/examples/multi-strategy-spy-tlt-qqq.toml';
    const refused = sweep(multi, '--grid', 'fast=10:20:10');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${multi} enables 3 strategy instances (qqq_trend, spy_rsi, tlt_hold): a sweep varies one instance`);
    const unknown = sweep(multi, '--strategy', 'nope', '--grid', 'fast=10:20:10');
    expect(unknown.err).toContain("--strategy: 'nope' is not an enabled strategy instance");

    const dir = await mkdtemp(join(tmpdir(), 'mt-sweep-'));
    const csv = join(dir, 'ranked.csv');
    const r = sweep(multi, '--strategy', 'qqq_trend', '--grid', 'fast=10:20:10', '--grid', 'slow=50,100', '--workers', '1', '--csv', csv, '--html', join(dir, 'map.html'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('sweep: qqq_trend (sma_cross) on QQQ, 4 combinations (0 skipped as invalid)');
    const lines = (await readFile(csv, 'utf8')).trim().split('\n');
    const header = lines[0].split(',');
    const row = lines.slice(1).map((l) => l.split(',')).find((x) => x[0] === '20' && x[1] === '100')!;

    // The same instance alone, as a single backtest.
    const single = join(dir, 'single.toml');
    const text = (await readFile(join(ROOT, multi), 'utf8')).replace(/\.\.\/samples\//g, `${join(ROOT, 'data/samples')}/`);
    await writeFile(single, text.replace(/\[strategies\.spy_rsi\][^]*$/, '').replace('allocation = 0.4', ''));
    const json = join(dir, 'single.json');
    const b = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', single, '--json', json], { cwd: ROOT, encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
    const stats = JSON.parse(await readFile(json, 'utf8')).stats;
    expect(Number(row[header.indexOf('equityFinal')])).toBe(stats.equityFinal);
    expect(Number(row[header.indexOf('sharpeRatio')])).toBe(stats.sharpeRatio);
    expect(Number(row[header.indexOf('buyHoldReturnPct')])).toBe(stats.buyHoldReturnPct); // both on the benchmark, SPY
  });

  it('an instance on several symbols is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-sweep-'));
    const file = join(dir, 'two.toml');
    await writeFile(file, `[data.SPY]\ncsv = "${join(ROOT, 'data/samples/SPY_1d.csv')}"\n[data.TLT]\ncsv = "${join(ROOT, 'data/samples/TLT_1d.csv')}"\n[strategies.sma_cross]\nsymbols = ["SPY", "TLT"]\n`);
    const r = sweep(file, '--grid', 'fast=5:10:5');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:6: strategies.sma_cross.symbols: a sweep runs one instance on one symbol; sma_cross trades SPY, TLT`);
  });
});
