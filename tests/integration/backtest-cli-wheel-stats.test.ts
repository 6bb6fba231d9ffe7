// `npm run backtest` reports the wheel's own statistics (wheel-stats.ts, wheel-rules.md §6.2) beside the
// usual ones: a "Wheel" table with a column per wheel instance, `strategies.<id>.wheel` in the JSON, and
// in the HTML each wheel sleeve's statistics and its decision trace per run date (self-contained, no
// network). Each figure is checked against the JSON's own order list. A run without a wheel prints and
// writes exactly what it did before: no wheel table, field or panel.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WHEEL_ROWS } from '../../bridge/report/wheel-report.ts';
import { ROOT } from '../support/source-rules.ts';

const csv = (symbol: string) => join(ROOT, `data/samples/${symbol}_1d.csv`);

/** Two wheel instances on SPY (different targets) and a stock strategy on QQQ, 2011–2012. */
const MIXED = `[data.SPY]
csv = "${csv('SPY')}"

[data.QQQ]
csv = "${csv('QQQ')}"

[backtesting]
start_date = "2011-01-03"
end_date = "2012-12-31"
initial_capital = 100000.0
benchmark = "SPY"

[backtesting.execution]
commission_preset = "ibkr_tiered"

[account]
margin_usage = 1.0

[symbols.SPY]
weight = 1.0

[strategies.wheel]
allocation = 0.4
[strategies.wheel.target]
dte = 30
max_dte = 180
delta = 0.3
[strategies.wheel.roll_when]
dte = 7
pnl = 0.9

[strategies.spy_wheel_2]
strategy = "wheel"
allocation = 0.4
[strategies.spy_wheel_2.target]
dte = 45
delta = 0.2
[strategies.spy_wheel_2.roll_when]
dte = 10

[strategies.qqq_trend]
strategy = "sma_cross"
symbols = ["QQQ"]
allocation = 0.2
fast = 20
slow = 100
`;

/** The same account without the wheels. */
const STOCKS = `[data.SPY]
csv = "${csv('SPY')}"

[data.QQQ]
csv = "${csv('QQQ')}"

[backtesting]
start_date = "2011-01-03"
end_date = "2012-12-31"
initial_capital = 100000.0
benchmark = "SPY"

[strategies.qqq_trend]
strategy = "sma_cross"
symbols = ["QQQ"]
allocation = 0.5
fast = 20
slow = 100

[strategies.spy_hold]
strategy = "buy_and_hold"
symbols = ["SPY"]
allocation = 0.5
`;

/** Parsed JSON, read loosely by the assertions. */
type Json = any;

async function backtest(config: string): Promise<{ out: string; body: Json; html: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-wheel-stats-'));
  const file = join(dir, 'config.toml');
  await writeFile(file, config);
  const json = join(dir, 'out.json');
  const html = join(dir, 'report.html');
  const args = ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/backtest.ts', file, '--json', json, '--html', html];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return { out: r.stdout, body: JSON.parse(await readFile(json, 'utf8')), html: await readFile(html, 'utf8') };
}

const WHEELS = ['wheel', 'spy_wheel_2'];
const OPTION = (right: 'P' | 'C') => new RegExp(`^SPY\\d{6}${right}\\d{8}$`);

/** No resource the page would fetch from a network. */
function externalResources(html: string): string[] {
  const remote = /(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]*|url\(\s*["']?(?:https?:)?\/\/[^)]*\)|@import\s+["']?(?:https?:)?\/\//gi;
  return [...html.matchAll(remote)].map((m) => m[0]);
}

describe('npm run backtest with wheel instances: the wheel statistics and the decision trace', () => {
  let out: string;
  let body: Json;
  let html: string;
  beforeAll(async () => {
    ({ out, body, html } = await backtest(MIXED));
  });

  it('prints a Wheel table after the usual one: every row, a column per wheel instance, none for the stock strategy', () => {
    const table = out.slice(out.indexOf('\nWheel ') + 1).split('\n\n')[0].split('\n');
    expect(table[0].trim().split(/\s+/)).toEqual(['Wheel', ...WHEELS]);
    expect(table.slice(1).map((l) => l.slice(0, l.search(/\s{2,}/)))).toEqual(WHEEL_ROWS.map((r) => r[0]));
    expect(out.indexOf('\nWheel ')).toBeGreaterThan(out.indexOf('Commissions [$]'));
    // The table shows the JSON's numbers.
    const row = (label: string) => table.find((l) => l.startsWith(label))!.trim().split(/\s{2,}/).slice(1);
    for (const [label, key, digits] of WHEEL_ROWS) {
      const shown = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
      expect(row(label)).toEqual(WHEELS.map((id) => shown(body.strategies[id].wheel[key])));
    }
  });

  it('the JSON holds strategies.<id>.wheel for each wheel instance, every figure matching the order list', () => {
    expect(body.strategies.qqq_trend.wheel).toBeUndefined();
    for (const id of WHEELS) {
      const w = body.strategies[id].wheel;
      expect(Object.keys(w).sort()).toEqual(WHEEL_ROWS.map((r) => r[1]).concat(['sessionsInStock', 'sessionsInCash', 'daysDecided']).sort());
      const mine = body.orders.filter((o: Json) => o.strategy === id);
      const count = (f: (o: Json) => boolean) => mine.filter(f).reduce((n: number, o: Json) => n + Math.abs(o.qty), 0);
      expect(w.putsWritten).toBe(count((o) => OPTION('P').test(o.instrument) && o.qty < 0));
      expect(w.callsWritten).toBe(count((o) => OPTION('C').test(o.instrument) && o.qty < 0));
      expect(w.putsAssigned).toBe(count((o) => OPTION('P').test(o.instrument) && o.reason === 'assignment'));
      expect(w.callsCalledAway).toBe(count((o) => OPTION('C').test(o.instrument) && o.reason === 'assignment'));
      expect(w.expiredWorthless).toBe(count((o) => /\d{8}$/.test(o.instrument) && o.reason === 'expiry'));
      expect(w.closedAtEnd).toBe(count((o) => /\d{8}$/.test(o.instrument) && o.reason === 'finalize'));
      const premium = mine.filter((o: Json) => /\d{8}$/.test(o.instrument)).reduce((s: number, o: Json) => s - o.qty * o.price * 100, 0);
      expect(w.premiumNet).toBeCloseTo(premium, 6);
      expect(w.sessionsInStock + w.sessionsInCash).toBe(body.equity.length);
      expect(w.putsWritten).toBeGreaterThan(10);
    }
  });

  it('the HTML lists each wheel sleeve’s statistics and its trace (the data to list per date), with no network resource', () => {
    expect(html.match(/data-testid="wheel-stats"/g)).toHaveLength(2);
    expect(html.match(/class="panel wheel-trace" data-wheel="\d+"/g)).toEqual([0, 1].map((i) => `class="panel wheel-trace" data-wheel="${i}"`));
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/)![1]);
    expect(data.wheels.map((w: Json) => (w === null ? null : 'wheel'))).toEqual(['wheel', 'wheel', null]);
    for (const [i, id] of WHEELS.entries()) {
      const w = data.wheels[i];
      const days: Json[] = w.days;
      expect(days.length).toBe(body.strategies[id].wheel.daysDecided); // every session after the first decides; fills come after a decision
      expect(days.map((d) => d[0])).toEqual([...days.map((d) => d[0])].sort());
      const decisions = days.reduce((n, d) => n + d[2].length, 0);
      expect(decisions).toBeGreaterThan(days.length);
      const fills = days.reduce((n, d) => n + d[3].length, 0);
      expect(fills).toBe(body.orders.filter((o: Json) => o.strategy === id).length);
      expect(new Set(w.stage)).toEqual(new Set(days.flatMap((d) => d[2].map((x: Json) => w.stage[x[0]]))));
    }
    expect(externalResources(html)).toEqual([]);
  });
});

describe('npm run backtest without a wheel', () => {
  it('prints no wheel table and writes no wheel field, panel or script', async () => {
    const { out, body, html } = await backtest(STOCKS);
    expect(out).not.toMatch(/^Wheel /m);
    for (const s of Object.values(body.strategies) as Json[]) expect(Object.keys(s)).toEqual(['trades', 'stats', 'metrics', 'equity']);
    expect(html).not.toMatch(/wheel-trace|wheel-stats|data\.wheels|"wheels"/);
    expect(externalResources(html)).toEqual([]);
  });

  it('the network check itself finds a remote script, stylesheet or import', () => {
    const page = [
      '<script src="https://cdn.example/x.js"></script>',
      '<link href=//cdn.example/a.css>',
      '<style>@import "http://x/y.css";b{background:url(https://x/i.png)}</style>',
    ].join('');
    expect(externalResources(page)).toHaveLength(4);
  });
});
