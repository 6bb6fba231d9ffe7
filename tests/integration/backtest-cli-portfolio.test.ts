// `npm run backtest` with several strategy instances: the JSON's top level is the portfolio (total
// equity, its stats and metrics on the benchmark, every trade with its instance and symbol, orders,
// the coordinator's trace, risk events) and strategies.<id> holds each sleeve's §7 object on the same
// timeline; the total equity is the sum of the sleeves plus unallocated cash at every step. With one
// instance on one symbol the JSON stays exactly the backtest-model §7 object.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS_KEYS, STATS_KEYS, TRADE_JSON_KEYS } from '../../shared/analytics/index.ts';
import { backtestJson } from '../../shared/engine/backtest-result.ts';
import { ready } from '../../shared/indicators/index.ts';
import { SmaCross } from '../../shared/strategies/sma-cross.ts';
import { googBars } from '../support/goog-canonical.ts';
import { ROOT } from '../support/source-rules.ts';
import { run, settings } from '../unit/engine/support.ts';

function backtest(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const sample = (name: string) => join(ROOT, 'data/samples', name);

async function configFile(body: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-pf-'));
  const file = join(dir, 'config.toml');
  await writeFile(file, body.replace(/@(\w+?)_1d@/g, (_m, s: string) => sample(`${s}_1d.csv`)));
  return { dir, file };
}

/** Parsed JSON, read loosely by the assertions. */
type Json = any;

async function runJson(config: string, ...extra: string[]): Promise<{ body: Json; out: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-pf-out-'));
  const json = join(dir, 'out.json');
  const r = backtest(config, '--json', json, ...extra.map((x) => (x.startsWith('--') ? x : join(dir, x))));
  expect(r.code, r.err).toBe(0);
  return { body: JSON.parse(await readFile(json, 'utf8')), out: r.out, dir };
}

const EXAMPLE = 'data/examples/multi-strategy-spy-tlt-qqq.toml';
const IDS = ['qqq_trend', 'spy_rsi', 'tlt_hold'];

beforeAll(async () => {
  await ready();
});

describe('several instances: the portfolio JSON', () => {
  let body: Json;
  let out: string;
  let dir: string;
  beforeAll(async () => {
    ({ body, out, dir } = await runJson(EXAMPLE, '--html', 'report.html'));
  });

  it('the top level is the portfolio; strategies.<id> is each sleeve on the same timeline', () => {
    expect(Object.keys(body)).toEqual(['trades', 'stats', 'metrics', 'equity', 'orders', 'trace', 'riskEvents', 'strategies']);
    expect(Object.keys(body.stats)).toEqual([...STATS_KEYS]);
    expect(Object.keys(body.metrics)).toEqual([...METRICS_KEYS]);
    expect(Object.keys(body.strategies)).toEqual(IDS);
    for (const id of IDS) {
      const s = body.strategies[id];
      expect(Object.keys(s)).toEqual(['trades', 'stats', 'metrics', 'equity']);
      expect(Object.keys(s.stats)).toEqual([...STATS_KEYS]);
      expect(s.equity).toHaveLength(body.equity.length);
      expect(s.stats.start).toBe(body.stats.start);
      expect(s.stats.end).toBe(body.stats.end);
    }
    expect(body.stats.start).toBe('2003-01-02');
    expect(body.stats.end).toBe('2015-03-04');
  });

  it('every trade carries its instance and symbol; the total lists every sleeve trade in exit order', () => {
    expect(body.trades.length).toBeGreaterThan(0);
    const symbolOf: Record<string, string> = { qqq_trend: 'QQQ', spy_rsi: 'SPY', tlt_hold: 'TLT' };
    for (const t of body.trades) {
      expect(Object.keys(t)).toEqual(['strategy', 'symbol', ...TRADE_JSON_KEYS]);
      expect(t.symbol).toBe(symbolOf[t.strategy]);
    }
    for (const id of IDS) {
      const own = body.strategies[id].trades;
      expect(own.length).toBeGreaterThan(0);
      expect(body.trades.filter((t: Json) => t.strategy === id)).toEqual(own);
      expect(body.strategies[id].stats.numTrades).toBe(own.length);
    }
    expect(body.stats.numTrades).toBe(body.trades.length);
    const exits = body.trades.map((t: Json) => t.exitBar);
    expect([...exits].sort((a: number, b: number) => a - b)).toEqual(exits);
  });

  it('the total equity is the sum of the sleeves at every step (everything is allocated here)', () => {
    expect(body.equity[0]).toBe(100000);
    expect(IDS.map((id) => body.strategies[id].equity[0])).toEqual([40000, 40000, 20000]);
    for (let k = 0; k < body.equity.length; k++) {
      const sum = IDS.reduce((a, id) => a + body.strategies[id].equity[k], 0);
      expect(Math.abs(body.equity[k] - sum)).toBeLessThan(1e-6);
    }
    expect(body.stats.equityFinal).toBe(body.equity.at(-1));
  });

  it('orders list every fill; buy & hold and beta are measured on the benchmark (SPY)', () => {
    expect(body.orders.length).toBeGreaterThanOrEqual(2 * body.trades.length);
    for (const o of body.orders) {
      expect(Object.keys(o).slice(0, 7)).toEqual(['bar', 'time', 'strategy', 'instrument', 'qty', 'price', 'commission']);
      expect(IDS).toContain(o.strategy);
      expect(o.time).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
    expect(body.orders.filter((o: Json) => o.strategy === 'tlt_hold')).toHaveLength(2); // bought once, finalized
    // The benchmark's buy & hold is not the TLT sleeve's.
    expect(body.stats.buyHoldReturnPct).not.toBe(body.strategies.tlt_hold.stats.buyHoldReturnPct);
    expect(body.trace).toEqual([]);
    expect(body.riskEvents).toEqual([]);
  });

  it('the summary table shows the portfolio and each sleeve', () => {
    expect(out).toContain('SPY, TLT, QQQ · 2003-01-02 → 2015-03-04 · ');
    expect(out).toContain('3 strategy instance(s) · benchmark SPY');
    expect(out).toMatch(/^\s+portfolio\s+qqq_trend\s+spy_rsi\s+tlt_hold$/m);
    expect(out).toMatch(/^Strategy\s+sma_cross\s+rsi_reversion\s+buy_and_hold$/m);
    expect(out).toMatch(/^Allocation \[%\]\s+100\.00\s+40\.00\s+40\.00\s+20\.00$/m);
    expect(out).toMatch(/^Equity final \[\$\](\s+[\d,]+\.\d\d){4}$/m);
  });

  it('the HTML report: the total with every sleeve on one chart, then each sleeve', async () => {
    const page = await readFile(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('data-testid="portfolio-chart"');
    expect(page).toContain('data-testid="sleeves"');
    for (let i = 0; i < 3; i++) expect(page).toContain(`id="equity-${i}"`);
    for (const id of IDS) expect(page).toContain(`<h1>${id} · `);
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect((await readdir(dir)).sort()).toEqual(['out.json', 'report.html']);
  });
});

describe('unallocated cash, coordinator decisions and risk events', () => {
  const CONFIG = `[data.SPY]
csv = "@SPY_1d@"
[data.TLT]
csv = "@TLT_1d@"
[backtesting]
initial_capital = 100000.0
start_date = "2004-01-02"
end_date = "2012-12-31"
benchmark = "TLT"
[backtesting.risk]
position_size_limit = 0.9
[strategies.hold_a]
strategy = "buy_and_hold"
symbols = ["SPY"]
allocation = 0.3
[strategies.hold_b]
strategy = "buy_and_hold"
symbols = ["SPY"]
allocation = 0.3
[strategies.bonds]
strategy = "buy_and_hold"
symbols = ["TLT"]
allocation = 0.2
`;

  it('total = Σ sleeves + unallocated cash at every step; the netting is traced and summarised', async () => {
    const { file } = await configFile(CONFIG);
    const { body, out } = await runJson(file);
    const ids = Object.keys(body.strategies);
    expect(ids).toEqual(['hold_a', 'hold_b', 'bonds']);
    const unallocated = 0.2 * 100000;
    for (let k = 0; k < body.equity.length; k++) {
      const sum = ids.reduce((a, id) => a + body.strategies[id].equity[k], 0);
      expect(Math.abs(body.equity[k] - sum - unallocated)).toBeLessThan(1e-9 * 100000);
    }
    // Both SPY sleeves buy at the same step: one broker order for the net quantity.
    expect(body.trace.length).toBeGreaterThanOrEqual(1);
    expect(body.trace[0]).toMatchObject({ kind: 'netting', instrument: 'SPY', time: '2004-01-06' });
    expect(body.trace[0].sleeves.map((s: Json) => s.id)).toEqual(['hold_a', 'hold_b']);
    expect(body.riskEvents.map((e: Json) => e.rule)).toContain('position_size_limit');
    expect(body.riskEvents[0]).toMatchObject({ type: 'IntentResized', strategy: 'hold_a', instrument: 'SPY' });
    expect(out).toContain('unallocated cash: 20,000');
    expect(out).toMatch(/Coordinator decisions \(\d+\):\n {2}coordinator: netting \d+× \(first on 2004-01-06\): SPY: 2 orders/);
    expect(out).toMatch(/Risk events \(\d+\):\n {2}hold_a: position_size_limit acted \d+× \(first on 2004-01-05\): SPY: /);
    // benchmark = TLT: the total's buy & hold is TLT's from the same warm-up as the bonds sleeve.
    expect(body.stats.buyHoldReturnPct).toBe(body.strategies.bonds.stats.buyHoldReturnPct);
  });
});

describe('one instance on one symbol: exactly the §7 object', () => {
  it('the canonical config and the same run written in the new forms give the in-process single run', async () => {
    const expected = JSON.parse(JSON.stringify(backtestJson(run(googBars(), new SmaCross({ fast: 10, slow: 30, direction: 'long_short' }, ['GOOG']), settings()))));
    const canonical = await runJson('tests/fixtures/backtest/goog-sma-cross.toml');
    expect(Object.keys(canonical.body)).toEqual(['trades', 'stats', 'metrics', 'equity']);
    expect(canonical.body).toEqual(expected);
    const { file } = await configFile('[data.GOOG]\ncsv = "@GOOG_1d@"\n[strategies.goog_trend]\nstrategy = "sma_cross"\nsymbols = ["GOOG"]\n');
    const renamed = await runJson(file);
    expect(renamed.body).toEqual(expected);
    expect(renamed.out).toMatch(/^\s+goog_trend$/m);
  });
});
