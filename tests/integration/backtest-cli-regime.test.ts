// `npm run backtest` on a regime rebalance configuration (docs/regime-rebalance.md §4): the backtest job builds the
// RegimeStrategy from [strategies.regime_rebalance] and [symbols.*] and runs the example file
// data/examples/regime-spy-tlt.toml (SPY and TLT daily, data/samples). Intraday data and a regime sharing a symbol
// with the wheel are refused as `file:line: key: problem`.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/source-rules.ts';

function backtest(file: string, ...args: string[]) {
  const argv = ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', file, ...args];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function tempConfig(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-regime-bt-'));
  const file = join(dir, 'regime.toml');
  await writeFile(file, text);
  return file;
}

const REGIME = (csv: string, extra = '') => `[data]
csv = "${join(ROOT, `data/samples/${csv}`)}"
symbol = "SPY"

[account]
margin_usage = 1.0

[symbols.SPY]
weight = 1.0
${extra}
[strategies.regime_rebalance]
lookback_days = 5
`;

describe('npm run backtest with the regime rebalance', () => {
  it('runs data/examples/regime-spy-tlt.toml: SPY and TLT shares only, in the portfolio JSON', async () => {
    const json = join(await mkdtemp(join(tmpdir(), 'mt-regime-json-')), 'out.json');
    const r = backtest('data/examples/regime-spy-tlt.toml', '--json', json);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('regime_rebalance');
    type Body = { trades: { strategy: string; symbol: string }[]; orders: { instrument: string; qty: number }[]; equity: unknown[] };
    const body = JSON.parse(await readFile(json, 'utf8')) as Body;
    expect(body.trades.length).toBeGreaterThan(5);
    expect(new Set(body.trades.map((t) => `${t.strategy} ${t.symbol}`))).toEqual(new Set(['regime_rebalance SPY', 'regime_rebalance TLT']));
    expect(body.orders.every((o) => o.instrument === 'SPY' || o.instrument === 'TLT')).toBe(true);
    expect(body.equity.length).toBeGreaterThan(3000);
  });

  it('refuses intraday bars, naming the instance', async () => {
    const file = await tempConfig(REGIME('SPY_1m.csv'));
    const r = backtest(file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:11: strategies.regime_rebalance: the regime rebalance decides once a day on daily closes; the data has 1M bars`);
  });

  it('refuses a regime and a wheel on the same shares, at the regime\'s table', async () => {
    const wheel = '[strategies.wheel.target]\ndte = 30\n[strategies.wheel.roll_when]\ndte = 7\n';
    const file = await tempConfig(REGIME('SPY_1d.csv', wheel));
    const r = backtest(file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:15: strategies.regime_rebalance: SPY is also traded by the wheel (strategies.wheel)`);
  });
});
