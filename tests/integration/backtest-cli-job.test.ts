// The backtest job (bridge/backtest/job.ts): several [data.<SYM>] CSVs cut to the range, one
// MarketData of the traded symbols, one sleeve per enabled instance with its allocation; every bad
// input fails with file:line: key: problem (a bad CSV: the CSV's own file and line) and the CLI
// writes nothing.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBacktestJob } from '../../bridge/backtest/job.ts';
import { ConfigError } from '../../shared/errors.ts';
import { ROOT } from '../support/source-rules.ts';

const sample = (name: string) => join(ROOT, 'data/samples', name);

function backtest(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A temp folder with `config.toml` (`@SPY@` etc. point at the samples) and extra files. */
async function folder(body: string, files: Record<string, string> = {}): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-job-'));
  const file = join(dir, 'config.toml');
  await writeFile(file, body.replace(/@(\w+?)_(1d|1m)@/g, (_m, s: string, tf: string) => sample(`${s}_${tf}.csv`)));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, file };
}

/** Runs the CLI on a bad config: exit 2, the message, and no output file. */
async function rejected(body: string, files: Record<string, string> = {}): Promise<{ err: string; file: string; dir: string }> {
  const { dir, file } = await folder(body, files);
  const before = (await readdir(dir)).sort();
  const r = backtest(file, '--json', join(dir, 'never.json'), '--html', join(dir, 'never.html'));
  expect(r.code, r.out).toBe(2);
  expect((await readdir(dir)).sort()).toEqual(before); // nothing written
  return { err: r.err, file, dir };
}

const THREE = `[data.SPY]
csv = "@SPY_1d@"
[data.TLT]
csv = "@TLT_1d@"
[data.QQQ]
csv = "@QQQ_1d@"
[data.GOOG]
csv = "@GOOG_1d@"
[backtesting]
start_date = "2005-01-03"
end_date = "2010-12-31"
initial_capital = 100000.0
benchmark = "TLT"
[strategies.qqq_trend]
strategy = "sma_cross"
symbols = ["QQQ"]
allocation = 0.4
fast = 20
slow = 100
[strategies.spy_rsi]
strategy = "rsi_reversion"
symbols = ["SPY"]
weight = 1
[strategies.tlt_hold]
strategy = "buy_and_hold"
symbols = ["TLT"]
weight = 0.5
`;

describe('loadBacktestJob', () => {
  it('several CSVs: each cut to the range; the market holds the traded symbols; sleeves with their allocations', async () => {
    const { file } = await folder(THREE);
    const job = await loadBacktestJob(file);
    expect(job.series.map((s) => s.symbol)).toEqual(['SPY', 'TLT', 'QQQ', 'GOOG']);
    for (const s of job.series) {
      expect(s.bars.time[0]).toBeGreaterThanOrEqual(Date.UTC(2005, 0, 3));
      expect(s.bars.time[s.bars.length - 1]).toBeLessThan(Date.UTC(2011, 0, 1));
    }
    expect(job.series[0].key).toEqual(['data', 'SPY', 'csv']);
    expect(job.market.symbols.map((s) => s.symbol)).toEqual(['SPY', 'TLT', 'QQQ']); // GOOG is loaded but not traded
    expect(job.timeframe).toBe('1d');
    expect(job.sleeves.map((s) => [s.id, s.strategy, s.symbols, s.timeframes])).toEqual([
      ['qqq_trend', 'sma_cross', ['QQQ'], ['1d']],
      ['spy_rsi', 'rsi_reversion', ['SPY'], ['1d']],
      ['tlt_hold', 'buy_and_hold', ['TLT'], ['1d']],
    ]);
    const [a, b, c] = job.sleeves.map((s) => s.allocation);
    expect(a).toBe(0.4);
    expect(b).toBeCloseTo(0.4, 12); // the rest (0.6) by weights 1 : 0.5
    expect(c).toBeCloseTo(0.2, 12);
    expect(job.instances[0].params).toEqual({ fast: 20, slow: 100, direction: 'long_short' });
    expect(job.sleeves[1].create(['SPY']).name).toBe('rsi_reversion');
    expect(job.benchmark.symbol).toBe('TLT');
    expect(job.single).toBe(false);
  });

  it('one instance on one symbol is the single run; the benchmark defaults to the first data symbol', async () => {
    const { file } = await folder('[data.SPY]\ncsv = "@SPY_1d@"\n[data.TLT]\ncsv = "@TLT_1d@"\n[strategies.t]\nstrategy = "sma_cross"\nsymbols = ["TLT"]\n');
    const job = await loadBacktestJob(file);
    expect(job.single).toBe(true);
    expect(job.market.symbols.map((s) => s.symbol)).toEqual(['TLT']);
    expect(job.sleeves[0].allocation).toBe(1);
    expect(job.benchmark.symbol).toBe('SPY');
  });

  it("a rebalance instance gets its [symbols] weights; a per-symbol instance its timeframes from intraday data", async () => {
    const { file } = await folder('[data.SPY]\ncsv = "@SPY_1d@"\n[data.TLT]\ncsv = "@TLT_1d@"\n[symbols.SPY]\nweight = 0.6\n[symbols.TLT]\nweight = 0.4\n[strategies.rebalance]\n');
    const job = await loadBacktestJob(file);
    expect(job.instances[0]).toMatchObject({ symbols: ['SPY', 'TLT'], params: { weights: { SPY: 0.6, TLT: 0.4 } } });
    const intraday = await folder('[data]\ncsv = "@SPY_1m@"\n[strategies.sma_cross]\ntimeframes = ["5M", "1H"]\n');
    const j2 = await loadBacktestJob(intraday.file);
    expect(j2.timeframe).toBe('1m');
    expect(j2.sleeves[0].timeframes).toEqual(['5m', '1h']);
  });

  it('errors are ConfigErrors naming file, line and key', async () => {
    const { file } = await folder('[data.SPY]\ncsv = "@SPY_1d@"\n[data.TLT]\ncsv = "@TLT_1d@"\n[strategies.sma_cross]\n');
    const err = await loadBacktestJob(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(
      `${file}:5: strategies.sma_cross.symbols: missing: the data has several symbols (SPY, TLT) and sma_cross decides per symbol: name the ones it trades, e.g. symbols = ["SPY"]`,
    );
  });
});

describe('npm run backtest: bad inputs fail with file:line: key: problem and write nothing', () => {
  it("a bad row in one of several CSVs: the reader's DataError names that CSV, its line and column", async () => {
    const csv = 'date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,abc,100\n';
    const { err, dir } = await rejected('[data.SPY]\ncsv = "@SPY_1d@"\n[data.BAD]\ncsv = "BAD_1d.csv"\n[strategies.buy_and_hold]\nsymbols = ["SPY"]\n', { 'BAD_1d.csv': csv });
    expect(err).toContain(`error: ${join(dir, 'BAD_1d.csv')}:3: close: 'abc' is not a number`);
  });

  it('a CSV that does not exist names its [data.<SYM>] csv key', async () => {
    const { err, file, dir } = await rejected('[data.SPY]\ncsv = "@SPY_1d@"\n\n[data.TLT]\ncsv = "nope/TLT.csv"\n[strategies.buy_and_hold]\nsymbols = ["SPY"]\n');
    expect(err).toContain(`${file}:5: data.TLT.csv: file not found: ${join(dir, 'nope/TLT.csv')}`);
  });

  it('series of different timeframes', async () => {
    const { err, file } = await rejected('[data.SPY]\ncsv = "@SPY_1m@"\n[data.TLT]\ncsv = "@TLT_1d@"\n[strategies.buy_and_hold]\nsymbols = ["SPY"]\n');
    expect(err).toContain(`${file}:4: data.TLT.csv: `);
    expect(err).toMatch(/has 1D bars but .*SPY_1m\.csv \(data\.SPY\.csv\) has 1M: every series of one backtest needs the same timeframe/);
  });

  it('a timeframe finer than the data names the key and the data timeframe', async () => {
    const { err, file } = await rejected('[data]\ncsv = "@SPY_1d@"\n[strategies.sma_cross]\ntimeframes = ["5M"]\n');
    expect(err).toContain(`${file}:4: strategies.sma_cross.timeframes[0]: '5M' is finer than the data's 1D bars (buildable: 1D, 1W, 1MO)`);
  });

  it('a symbol without data', async () => {
    const { err, file } = await rejected('[data.SPY]\ncsv = "@SPY_1d@"\n[data.TLT]\ncsv = "@TLT_1d@"\n[strategies.sma_cross]\nsymbols = ["XYZ"]\n');
    expect(err).toContain(`${file}:6: strategies.sma_cross.symbols: unknown symbol 'XYZ' (data: SPY, TLT)`);
  });

  it('allocations over 1', async () => {
    const { err, file } = await rejected(THREE.replace('weight = 1', 'allocation = 0.7'));
    expect(err).toContain(`${file}:23: strategies.spy_rsi.allocation: allocations sum to 1.1 (qqq_trend 0.4 + spy_rsi 0.7), at most 1`);
  });

  it('backtesting.enabled = false refuses to run', async () => {
    const { err, file } = await rejected('[data]\ncsv = "@SPY_1d@"\n[backtesting]\nenabled = false\n[strategies.sma_cross]\n');
    expect(err).toContain(`${file}:4: backtesting.enabled: is false: this file turns backtesting off`);
  });

  it('a key only the wheel reads is refused, naming the wheel', async () => {
    const { err, file } = await rejected('[data]\ncsv = "@SPY_1d@"\n[symbols.SPY]\ndelta = 0.2\n[strategies.sma_cross]\n');
    expect(err).toContain(`${file}:4: symbols.SPY.delta: is read only by the wheel pass, and no enabled instance of wheel trading SPY runs in this backtest`);
  });

  it('a [symbols] weight no rebalance instance reads', async () => {
    const { err, file } = await rejected('[data]\ncsv = "@SPY_1d@"\n[symbols.SPY]\nweight = 0.5\n[strategies.sma_cross]\n');
    expect(err).toContain(`${file}:4: symbols.SPY.weight: is read only by the wheel, rebalance and regime rebalance strategies, and no enabled instance of wheel, rebalance or regime_rebalance trading SPY runs in this backtest`);
  });

  it('a per-trade commission with an IBKR preset', async () => {
    const { err, file } = await rejected('[data]\ncsv = "@SPY_1d@"\n[backtesting.execution]\ncommission_preset = "ibkr_fixed"\ncommission = 0.001\n[strategies.sma_cross]\n');
    expect(err).toContain(`${file}:5: backtesting.execution.commission: is not used with commission_preset = "ibkr_fixed"`);
  });

  it('an enabled strategy that cannot run yet', async () => {
    const { err, file } = await rejected('[data]\ncsv = "@SPY_1d@"\n[strategies.enhanced_wheel]\nenabled = true\n');
    expect(err).toContain(`${file}:3: strategies.enhanced_wheel: enhanced_wheel is configured but cannot run in the engine yet (runnable: `);
    expect(err).toContain(', wheel, regime_rebalance)');
  });

  it('a wheel without its required keys names the first one missing', async () => {
    const { err } = await rejected('[data]\ncsv = "@SPY_1d@"\n[symbols.SPY]\nweight = 1.0\n[strategies.wheel]\nenabled = true\n');
    expect(err).toContain("account.margin_usage: missing required key 'margin_usage'");
  });

  it('rebalance weights for some of its symbols only', async () => {
    const { err, file } = await rejected('[data.SPY]\ncsv = "@SPY_1d@"\n[data.TLT]\ncsv = "@TLT_1d@"\n[symbols.SPY]\nweight = 0.6\n[strategies.rebalance]\n');
    expect(err).toContain(`${file}:7: strategies.rebalance: rebalance: parameter 'weights' has none for TLT`);
  });

  it('a range with too few bars names the date key and the CSV', async () => {
    const { err, file } = await rejected('[data.SPY]\ncsv = "@SPY_1d@"\n[backtesting]\nstart_date = "2030-01-01"\n[strategies.sma_cross]\n');
    expect(err).toContain(`${file}:4: backtesting.start_date: the range 2030-01-01 to … holds 0 bar(s) of ${sample('SPY_1d.csv')}`);
  });
});
