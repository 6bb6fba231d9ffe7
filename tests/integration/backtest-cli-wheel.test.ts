// `npm run backtest` on a wheel configuration (docs/wheel-rules.md §6.1, §6.2): the backtest job builds
// the WheelStrategy from the file's wheel tables and [symbols.*], prices synthetic option chains from
// the daily bars, and the portfolio JSON holds the wheel's option trades — puts sold, assigned at the
// strike, covered calls — with the stats of the whole account. Intraday data is refused by name.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/source-rules.ts';
import { WHEEL_SPY_TABLES } from '../support/wheel-config.ts';

const WHEEL = `[data]
csv = "${join(ROOT, 'data/samples/SPY_1d.csv')}"
symbol = "SPY"

[backtesting]
start_date = "2012-01-03"
end_date = "2012-12-31"
initial_capital = 100000

[backtesting.execution]
commission_preset = "ibkr_tiered"

${WHEEL_SPY_TABLES}`;

async function backtest(config: string, ...args: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'mt-wheel-bt-'));
  const file = join(dir, 'wheel.toml');
  await writeFile(file, config);
  const json = join(dir, 'out.json');
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', file, '--json', json, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr, file, json };
}

describe('npm run backtest with the wheel', () => {
  it('runs the wheel on SPY 2012 with synthetic chains: puts, assignment, covered calls, in the portfolio JSON', async () => {
    const r = await backtest(WHEEL);
    expect(r.code, r.err).toBe(0);
    const body = JSON.parse(await readFile(r.json, 'utf8')) as any;
    const trades = body.trades as { strategy: string; symbol: string; instrument: string; size: number; entryTime: string }[];
    expect(trades.length).toBeGreaterThan(20);
    expect(trades.every((t) => t.strategy === 'wheel' && t.symbol === 'SPY')).toBe(true);
    const shortPuts = trades.filter((t) => /^SPY\d{6}P\d{8}$/.test(t.instrument) && t.size < 0);
    const shortCalls = trades.filter((t) => /^SPY\d{6}C\d{8}$/.test(t.instrument) && t.size < 0);
    expect(shortPuts.length).toBeGreaterThan(10);
    expect(shortCalls.length).toBeGreaterThan(0);
    const orders = body.orders as { instrument: string; qty: number; reason?: string; tag?: string; time: string | number }[];
    const assigned = orders.filter((o) => o.reason === 'assignment' && o.instrument === 'SPY');
    expect(assigned.some((o) => o.qty === 100)).toBe(true);
    // Every order a pass sent carries its stage; fills nobody ordered say how they came about.
    const ordered = orders.filter((o) => o.reason === undefined);
    expect(ordered.length).toBeGreaterThan(20);
    expect(ordered.every((o) => o.tag !== undefined && /^(write_puts|write_calls|roll|close|buy_rebalance|sell_rebalance) SPY/.test(o.tag))).toBe(true);
    expect(body.equity.length).toBeGreaterThan(240);
    expect(body.stats.numTrades).toBe(trades.length);
  });

  it('a wheel on intraday bars is refused, naming the instance', async () => {
    const intraday = WHEEL.replace('SPY_1d.csv', 'SPY_1m.csv').replace(/start_date = .*\nend_date = .*\n/, '');
    const r = await backtest(intraday);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${r.file}:`);
    expect(r.err).toContain('strategies.wheel: the wheel decides once a day on daily bars; the data has');
  });
});
