// The one-engine proof (issue 11): the same strategy instances on the same replayed data produce the
// same list of orders — instrument, side, quantity, bar — in a backtest (shared/engine/backtest.ts
// over the sample CSVs) and in a paper run (bridge/paper/: the engine fed daily bars from the embedded
// simulator's historical data over real TCP with the real @stoqey/ib, its orders sent through the
// bridge's order path to the simulator's paper broker, its fills coming back as broker events).
// Sizes are fixed whole shares, so no quantity can depend on a fill price. Then the CLIs: `npm run
// backtest` and `npm run paper` on one config write the same orders; a bad config is refused with
// its file, line and key.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadBacktestJob } from '../../bridge/backtest/job.ts';
import { paperRunOf } from '../support/paper-run.ts';
import { runPortfolioBacktest } from '../../shared/engine/backtest.ts';
import type { OrderRecord } from '../../shared/engine/engine.ts';
import { formatIsoDate } from '../../shared/data/iso-time.ts';
import { ready } from '../../shared/indicators/index.ts';
import { ROOT } from '../support/source-rules.ts';

const run = promisify(execFile);
const sample = (s: string) => join(ROOT, 'data/samples', `${s}_1d.csv`);

// Two instances on two symbols, half the capital each; 10 shares per order.
const CONFIG = `[data.SPY]
csv = "${sample('SPY')}"
[data.QQQ]
csv = "${sample('QQQ')}"
[backtesting]
initial_capital = 100000.0
start_date = "2012-01-03"
end_date = "2012-03-30"
[backtesting.execution]
commission = 0.0
fill = "next_open"
size_fraction = 10
finalize_trades = false
[strategies.spy_fast]
strategy = "sma_cross"
symbols = ["SPY"]
allocation = 0.5
fast = 3
slow = 8
direction = "long_short"
[strategies.qqq_trend]
strategy = "sma_cross"
symbols = ["QQQ"]
allocation = 0.5
fast = 4
slow = 10
direction = "long_short"
`;

/** What the proof compares: one line per order fill. */
interface Line {
  readonly instrument: string;
  readonly side: 'BUY' | 'SELL';
  readonly qty: number;
  readonly bar: string;
  readonly strategy: string;
}

const lines = (orders: readonly { instrument: string; qty: number; strategy: string }[], barOf: (i: number) => string): Line[] =>
  orders.map((o, i) => ({ instrument: o.instrument, side: o.qty > 0 ? 'BUY' : 'SELL', qty: Math.abs(o.qty), bar: barOf(i), strategy: o.strategy }));

/** The first line where the two lists differ, described; undefined when they are the same. */
function firstDifference(backtest: readonly Line[], paper: readonly Line[]): string | undefined {
  const n = Math.max(backtest.length, paper.length);
  for (let i = 0; i < n; i++) {
    const a = backtest[i];
    const b = paper[i];
    if (JSON.stringify(a) !== JSON.stringify(b)) return `order ${i + 1}: backtest ${JSON.stringify(a) ?? '(none)'} vs paper ${JSON.stringify(b) ?? '(none)'} (backtest has ${backtest.length}, paper ${paper.length})`;
  }
  return undefined;
}

let dir: string;
let config: string;

beforeAll(async () => {
  await ready();
  dir = await mkdtemp(join(tmpdir(), 'mt-paper-'));
  config = join(dir, 'config.toml');
  await writeFile(config, CONFIG);
  return () => rm(dir, { recursive: true, force: true });
});

describe('the one-engine proof', () => {
  it('a backtest and a paper run of the same instances on the same data make the same orders', async () => {
    const job = await loadBacktestJob(config);
    const backtest = runPortfolioBacktest({ market: job.market, sleeves: job.sleeves, settings: job.settings });
    const label = (o: OrderRecord) => formatIsoDate(job.market.timeline[o.bar]);
    const expected = lines(backtest.orders, (i) => label(backtest.orders[i]));

    const paper = await paperRunOf(config);
    const got = lines(paper.orders, (i) => formatIsoDate(paper.timeline[paper.orders[i].bar]));

    // Not a vacuous comparison: both strategies traded, both ways, more than once.
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(new Set(expected.map((l) => l.strategy))).toEqual(new Set(['spy_fast', 'qqq_trend']));
    expect(new Set(expected.map((l) => l.side))).toEqual(new Set(['BUY', 'SELL']));
    expect(firstDifference(expected, got)).toBeUndefined();
    // Every booked order came back from the broker as a fill (nothing booked outside an order).
    expect(paper.fills.map((f) => [f.instrument, f.qty, f.bar])).toEqual(paper.orders.map((o) => [o.instrument, o.qty, o.bar]));
    // The simulator filled at the session's open (at its quote's touch: within a cent or two of the
    // bar's open), as the backtest's venue fills at the open.
    for (let i = 0; i < got.length; i++) expect(Math.abs(paper.orders[i].price - backtest.orders[i].price)).toBeLessThanOrEqual(0.02);
  }, 30_000);

  it('the comparison fails on any difference and names the first one', () => {
    const a: Line[] = [
      { instrument: 'SPY', side: 'BUY', qty: 10, bar: '2012-01-05', strategy: 's' },
      { instrument: 'SPY', side: 'SELL', qty: 10, bar: '2012-01-09', strategy: 's' },
    ];
    expect(firstDifference(a, a.map((l) => ({ ...l })))).toBeUndefined();
    expect(firstDifference(a, [a[0], { ...a[1], qty: 9 }])).toMatch(/^order 2: /);
    expect(firstDifference(a, [a[0], { ...a[1], bar: '2012-01-10' }])).toMatch(/^order 2: /);
    expect(firstDifference(a, [a[0]])).toMatch(/order 2: .*paper \(none\)/);
  });
});

describe('npm run paper', () => {
  const cli = (script: string, ...args: string[]) => run(process.execPath, ['node_modules/tsx/dist/cli.mjs', `bridge/cli/${script}.ts`, ...args], { cwd: ROOT, maxBuffer: 64 << 20 });

  it('prints orders, fills and P&L and writes the orders in the backtest JSON shape — the same orders as npm run backtest', async () => {
    const paperOut = join(dir, 'paper.json');
    const backtestOut = join(dir, 'backtest.json');
    const [p] = await Promise.all([cli('paper', config, '--json', paperOut), cli('backtest', config, '--json', backtestOut)]);
    expect(p.stdout).toMatch(/^paper: spy_fast, qqq_trend on SPY, QQQ · 2012-01-03 → 2012-03-30 · 62 sessions/);
    expect(p.stdout).toMatch(/\n {2}order {2}(BUY|SELL) 10 (SPY|QQQ) MKT/);
    expect(p.stdout).toMatch(/\n {2}fill {3}(BUY|SELL) 10 (SPY|QQQ) @ \d/);
    expect(p.stdout).toMatch(/\n2012-03-30 {2}equity [\d,.]+ {2}P&L [+-]/);
    const paper = JSON.parse(await readFile(paperOut, 'utf8'));
    const backtest = JSON.parse(await readFile(backtestOut, 'utf8'));
    expect(backtest.orders.length).toBeGreaterThanOrEqual(8);
    for (const o of paper.orders) expect(Object.keys(o).sort()).toEqual(Object.keys(backtest.orders[0]).sort());
    const key = (o: { time: string; instrument: string; qty: number; strategy: string }) => `${o.time} ${o.strategy} ${o.instrument} ${o.qty}`;
    expect(paper.orders.map(key)).toEqual(backtest.orders.map(key));
    expect(paper.fills).toHaveLength(paper.orders.length);
    for (const f of paper.fills) expect(f).toMatchObject({ orderId: expect.any(Number), execId: expect.any(String), at: expect.stringMatching(/^2012-/) });
    expect(paper.equity).toHaveLength(backtest.equity.length);
  }, 30_000);

  it('refuses what a paper run cannot do with the file, line and key', async () => {
    const bad = join(dir, 'close.toml');
    await writeFile(bad, CONFIG.replace('fill = "next_open"', 'fill = "close"'));
    const err = await cli('paper', bad).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    const line = CONFIG.split('\n').findIndex((l) => l.startsWith('fill =')) + 1;
    expect(err?.stderr).toContain(`${bad}:${line}`);
    expect(err?.stderr).toContain('backtesting.execution.fill');
    expect(err?.stderr).toContain('next_open');
  }, 20_000);
});
