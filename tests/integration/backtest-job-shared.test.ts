// The shared job builder (shared/engine/backtest-job.ts), fed the bars directly as the browser's
// backtest worker is, gives the CLI's numbers: the same portfolio JSON as the CLI's job
// (bridge/backtest/job.ts: files read from disk) and the same stats as `npm run backtest --json`.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBacktestJob } from '../../bridge/backtest/job.ts';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { configDocument } from '../../shared/config/index.ts';
import { buildBacktestJob, runBacktestJob, type BacktestJob } from '../../shared/engine/backtest-job.ts';
import { WHOLE_FILE_STRATEGIES, type WholeFileStrategies } from '../../shared/engine/whole-file-strategies.ts';
import { portfolioJson, portfolioResult } from '../../shared/engine/backtest-result.ts';
import { ConfigError } from '../../shared/errors.ts';
import { ready } from '../../shared/indicators/index.ts';
import { ROOT } from '../support/source-rules.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/backtest/goog-sma-cross.toml');

async function goog(): Promise<BarSeries> {
  return readBarsCsv(await readFile(join(ROOT, 'data/samples/GOOG_1d.csv'), 'utf8'), 'GOOG_1d.csv', { symbol: 'GOOG' });
}

/** The job built from TOML text and bars by symbol, the way the worker builds it. */
async function sharedJob(text: string, bars: Record<string, BarSeries>, wholeFile?: WholeFileStrategies): Promise<BacktestJob> {
  return buildBacktestJob(
    configDocument(text, 'lab.toml'),
    (d, fail) => {
      const b = bars[d.symbol];
      if (!b) throw fail(`no bars for ${d.symbol}`);
      return { bars: b, path: d.csv };
    },
    wholeFile,
  );
}

const jsonOf = (job: BacktestJob) => portfolioJson(portfolioResult(runBacktestJob(job), job.market, job.benchmark.bars));

describe('shared backtest job builder', () => {
  it('gives the same portfolio JSON as the CLI job, and the stats of `npm run backtest --json`', async () => {
    await ready();
    const text = await readFile(FIXTURE, 'utf8');
    const shared = await sharedJob(text, { GOOG: await goog() });
    const cli = await loadBacktestJob(FIXTURE);
    expect(shared.single).toBe(true);
    expect(shared.settings).toEqual(cli.settings);
    expect(shared.instances).toEqual(cli.instances);
    const progress: number[] = [];
    const run = runBacktestJob(shared, { onProgress: (done) => progress.push(done), every: 500 });
    const json = portfolioJson(portfolioResult(run, shared.market, shared.benchmark.bars));
    expect(json).toEqual(jsonOf(cli));
    expect(json.stats.numTrades).toBeGreaterThan(10);
    expect(progress.slice(0, 3)).toEqual([500, 1000, 1500]);
    expect(progress.at(-1)).toBe(shared.market.steps);

    const dir = await mkdtemp(join(tmpdir(), 'mt-shared-job-'));
    const out = join(dir, 'cli.json');
    const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', FIXTURE, '--json', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const printed = JSON.parse(await readFile(out, 'utf8')) as { stats: unknown; trades: unknown[]; equity: unknown[] };
    expect(json.stats).toEqual(printed.stats);
    expect(json.equity).toEqual(printed.equity);
    expect(json.trades.length).toBe(printed.trades.length);
  });

  it('reports a missing series and a bad parameter as ConfigErrors naming the key', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    await expect(sharedJob(text, {})).rejects.toThrow(new ConfigError('lab.toml', 3, 'data.csv', 'no bars for GOOG'));
    const bad = text.replace('fast = 10', 'fast = 40');
    await expect(sharedJob(bad, { GOOG: await goog() })).rejects.toThrow(/lab\.toml:\d+: strategies\.sma_cross\.fast: fast \(40\) must be less than slow \(30\)/);
  });

  it('a build without the whole-file strategies (the browser lab) names the wheel it leaves out; the CLI build runs it', async () => {
    const spy = readBarsCsv(await readFile(join(ROOT, 'data/samples/SPY_1d.csv'), 'utf8'), 'SPY_1d.csv', { symbol: 'SPY' });
    const wheel = `[data]\ncsv = "SPY_1d.csv"\nsymbol = "SPY"\n\n[account]\nmargin_usage = 1.0\n\n[symbols.SPY]\nweight = 1.0\n\n[strategies.wheel]\nenabled = true\n[strategies.wheel.target]\ndte = 30\nmax_dte = 180\ndelta = 0.3\n[strategies.wheel.roll_when]\ndte = 7\npnl = 0.9\n`;
    await expect(sharedJob(wheel, { SPY: spy })).rejects.toThrow(
      new ConfigError('lab.toml', 11, 'strategies.wheel', 'wheel does not run here: this build of the engine leaves it out (npm run backtest runs it)'),
    );
    const job = await sharedJob(wheel, { SPY: spy }, WHOLE_FILE_STRATEGIES);
    expect(job.options).toBeDefined();
    expect(job.instances.map((i) => i.strategy)).toEqual(['wheel']);
  });
});
