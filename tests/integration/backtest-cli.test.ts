// `npm run backtest`: the canonical config prints its summary and writes the §7 JSON and the HTML
// report; bad configs fail with file, line and key; a failed run never leaves a partial file.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parityMismatches } from '../../shared/analytics/index.ts';
import { EXPECTED_STATS } from '../support/goog-canonical.ts';
import { ROOT } from '../support/source-rules.ts';

function backtest(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const CANONICAL = 'tests/fixtures/backtest/goog-sma-cross.toml';

/** A temp folder with a config (data path pointing back at the real sample) and its line numbers. */
async function configWith(body: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-bt-'));
  const file = join(dir, 'bad.toml');
  await writeFile(file, body.replace('@DATA@', join(ROOT, 'data/samples/GOOG_1d.csv')));
  return { dir, file };
}

const BASE = (strategy: string, execution = '', extra = '') => `[data]
csv = "@DATA@"
symbol = "GOOG"
[backtesting]
initial_capital = 10000.0
${extra}
[backtesting.execution]
fill = "next_open"
${execution}
[strategies.${strategy}]
enabled = true
`;

describe('npm run backtest', () => {
  it('runs the canonical config: summary table, §7 JSON equal to upstream, self-contained HTML', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-bt-'));
    const json = join(dir, 'out.json');
    const html = join(dir, 'report.html');
    const r = backtest(CANONICAL, '--json', json, '--html', html);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('GOOG · 2004-08-19 → 2013-03-01 · 2,148 bars');
    expect(r.out).toMatch(/Equity final \[\$\]\s+51,422\.99/);
    expect(r.out).toMatch(/Sharpe \(empyrical\)\s+0\.798/);
    expect(r.out).toMatch(/Sharpe \(backtesting\.py\)\s+0\.581/);
    const body = JSON.parse(await readFile(json, 'utf8'));
    expect(Object.keys(body)).toEqual(['trades', 'stats', 'metrics', 'equity']);
    expect(parityMismatches({ stats: body.stats } as never, { stats: EXPECTED_STATS } as never)).toEqual([]);
    expect(body.trades).toHaveLength(66);
    expect(body.equity).toHaveLength(2148);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('uPlot');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing loaded from elsewhere
    expect((await readdir(dir)).sort()).toEqual(['out.json', 'report.html']); // no temporary leftovers
  });

  it('runs every shipped example config (moneytrailz.toml.example and data/examples/*.toml)', async () => {
    const examples = ['moneytrailz.toml.example', ...(await readdir(join(ROOT, 'data/examples'))).filter((f) => f.endsWith('.toml')).map((f) => `data/examples/${f}`)];
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const file of examples) {
      const r = backtest(file);
      expect(r.code, `${file}: ${r.err}`).toBe(0);
      expect(r.out).toMatch(/Equity final \[\$\]\s+[\d,]+\.\d\d/);
    }
    // The risk example names the rule that acted.
    expect(backtest('data/examples/sma-cross-risk-aapl.toml').out).toContain('position_size_limit acted');
  });

  it('start_date/end_date select the range', async () => {
    const { file } = await configWith(BASE('sma_cross', '', 'start_date = "2006-01-03"\nend_date = "2008-12-31"'));
    const r = backtest(file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('GOOG · 2006-01-03 → 2008-12-31 · 755 bars');
  });

  const cases: [string, string, number, string, RegExp][] = [
    ['an unknown strategy', BASE('sma_crossover'), 10, 'strategies.sma_crossover', /not a known strategy|unknown/],
    ['fast >= slow', BASE('sma_cross') + 'fast = 30\nslow = 10\n', 12, 'strategies.sma_cross.fast', /fast \(30\) must be less than slow \(10\)/],
    ['a negative commission', BASE('sma_cross', 'commission = -0.001'), 9, 'backtesting.execution.commission', /must be/],
    ['end_date before start_date', BASE('sma_cross', '', 'start_date = "2010-01-01"\nend_date = "2009-01-01"'), 7, 'backtesting.end_date', /before|after/],
  ];
  for (const [what, body, line, key, problem] of cases) {
    it(`rejects ${what} with file, line and key`, async () => {
      const { file, dir } = await configWith(body);
      const r = backtest(file, '--json', join(dir, 'never.json'), '--html', join(dir, 'never.html'));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${file}:${line}: ${key}: `);
      expect(r.err).toMatch(problem);
      expect((await readdir(dir)).sort()).toEqual(['bad.toml']); // no partial output
    });
  }

  it('rejects a CSV path that does not exist, naming the [data] csv key and its line', async () => {
    const { file, dir } = await configWith(BASE('sma_cross').replace('@DATA@', 'nope/missing.csv'));
    const r = backtest(file, '--json', join(dir, 'never.json'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:2: data.csv: file not found: ${join(dir, 'nope/missing.csv')}`);
    expect(await readdir(dir)).toEqual(['bad.toml']);
  });

  it('names the strategies key when nothing is enabled, and prints usage without a config', async () => {
    const { file } = await configWith(BASE('sma_cross').replace('enabled = true', 'enabled = false'));
    const r = backtest(file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:10: strategies: no enabled strategy`);
    expect(backtest().err).toContain('usage: npm run backtest');
  });
});
