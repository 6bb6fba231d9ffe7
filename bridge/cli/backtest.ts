// `npm run backtest -- <config.toml> [--json out.json] [--html report.html]`
// Runs the enabled strategy instances of the config over its [data] bars with the [backtesting]
// settings — one engine run, each instance trading its own sleeve of the capital — prints a summary
// table, and writes the JSON and a self-contained HTML report (each written to a temporary name, then
// renamed: never a partial file). One instance on one symbol: the JSON is the backtest-model §7
// object; several: the portfolio, with `strategies.<id>` per sleeve (shared/engine/backtest-result.ts).
import { relative } from 'node:path';
import { ConfigError, DataError, ParameterError } from '../../shared/errors.ts';
import { runPortfolioBacktest, type BacktestRun, type PortfolioRun } from '../../shared/engine/backtest.ts';
import { alignCloses, backtestJson, backtestResult, barLabel, portfolioJson, portfolioResult, type PortfolioResult } from '../../shared/engine/backtest-result.ts';
import type { TraceEntry } from '../../shared/engine/coordinator.ts';
import type { RiskEvent } from '../../shared/engine/engine.ts';
import { ready } from '../../shared/indicators/index.ts';
import { loadBacktestJob, type BacktestJob } from '../backtest/job.ts';
import { backtestHtml, portfolioHtml } from '../report/backtest-html.ts';
import { wheelDays, wheelStatsTable, type WheelReport } from '../report/wheel-report.ts';
import { wheelStats, type WheelStats } from '../../shared/strategies/wheel/wheel-stats.ts';
import { OptionError, parseCliArgs, UsageError } from './args.ts';
import { ProgressBar } from './progress.ts';
import { checkOutputPaths, writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run backtest -- <config.toml> [--json out.json] [--html report.html]

  <config.toml>  a moneytrailz.toml with [data] (csv, or one [data.<SYMBOL>] csv per symbol),
                 [backtesting] and enabled [strategies.<id>] instances
  --json FILE    the result as JSON: one instance on one symbol → trades, stats, metrics, equity;
                 several → the portfolio (plus orders, trace, riskEvents) and strategies.<id> per sleeve
                 (a wheel instance's also with its wheel statistics: strategies.<id>.wheel)
  --html FILE    a self-contained HTML report (equity, drawdown, trades, both stat conventions; a wheel
                 instance's statistics and its decision trace per run date)`;

/** Runs above this many bar decisions (steps × instances) show a progress bar. */
const LONG_RUN_BARS = 200_000;

const toJson = (body: unknown) => JSON.stringify(body, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n';

/** One line per group: `<what> N× (first on <date>): <text>`. */
function summarise<T>(items: readonly T[], key: (x: T) => string, date: (x: T) => string, text: (x: T) => string): string[] {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  return [...groups].map(([k, g]) => `${k} ${g.length}× (first on ${date(g[0])}): ${text(g[0])}`);
}

const riskLines = (events: readonly RiskEvent[], label: (bar: number) => string, withInstrument: boolean) =>
  summarise(
    events,
    (e) => `${e.strategy}: ${e.rule} acted`,
    (e) => label(e.bar),
    (e) => (withInstrument ? `${e.instrument}: ${e.message}` : e.message),
  );

const traceLines = (trace: readonly TraceEntry[], label: (step: number) => string) =>
  summarise(
    trace,
    (t) => `coordinator: ${t.kind.replace('_', ' ')}${t.rule ? ` (${t.rule.replace('_', ' ')})` : ''}`,
    (t) => label(t.step),
    (t) => t.text,
  );

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, new Set(['help']));
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length !== 1) throw new UsageError(`expected one <config.toml>, got ${args.positional.length} argument(s)`);
  for (const key of args.options.keys()) if (key !== 'json' && key !== 'html') throw new UsageError(`unknown option --${key}`);
  await checkOutputPaths([['json', args.options.get('json')?.at(-1)], ['html', args.options.get('html')?.at(-1)]]);
  const job = await loadBacktestJob(args.positional[0]);
  await ready();

  const steps = job.market.steps;
  const progress = steps * job.sleeves.length >= LONG_RUN_BARS ? new ProgressBar('backtest', 'bars') : null;
  const run = runPortfolioBacktest({
    market: job.market,
    sleeves: job.sleeves,
    settings: job.settings,
    ...(job.options && { options: job.options }),
    progressEvery: Math.max(1, Math.floor(steps / 100)),
    onProgress: progress ? (done) => progress.update(done, steps) : undefined,
  });
  const { summaryTable } = await import('./summary-table.ts');
  if (job.single) await single(job, run, args.options, summaryTable);
  else await portfolio(job, run, args.options, summaryTable);
}

type Table = typeof import('./summary-table.ts').summaryTable;

/** One instance on one symbol: today's report, the §7 JSON. */
async function single(job: BacktestJob, run: PortfolioRun, options: Map<string, string[]>, summaryTable: Table): Promise<void> {
  const symbol = job.market.symbols[0];
  const bars = symbol.bars;
  const sleeve = run.sleeves[0];
  const instance = job.instances[0];
  const one: BacktestRun = {
    equity: run.equity,
    trades: sleeve.trades,
    warmup: sleeve.warmup,
    orders: run.orders,
    riskEvents: run.riskEvents,
    openPosition: run.engine.sleeves[0].ledger.quantity(symbol.symbol),
  };
  const close = job.benchmark.symbol === symbol.symbol ? bars.close : alignCloses(bars.time, job.benchmark.bars);
  const result = backtestResult(bars, one, close);
  const data = job.series.find((s) => s.symbol === symbol.symbol)!;
  process.stdout.write(`${symbol.symbol} · ${barLabel(bars, 0)} → ${barLabel(bars, bars.length - 1)} · ${bars.length.toLocaleString('en-US')} bars · ${relative(process.cwd(), data.path)}\n\n`);
  process.stdout.write(summaryTable([instance.id], [result]) + '\n');
  for (const line of riskLines(run.riskEvents, (b) => barLabel(bars, b), false)) process.stdout.write(`\n${line}`);
  process.stdout.write('\n');

  const json = options.get('json')?.at(-1);
  if (json) {
    await writeFileAtomic(json, toJson(backtestJson(result)));
    process.stderr.write(`wrote ${json}\n`);
  }
  const html = options.get('html')?.at(-1);
  if (html) {
    const report = {
      name: instance.id,
      symbol: symbol.symbol,
      params: instance.params,
      times: bars.time,
      close,
      equity: result.equity,
      warmup: result.warmup,
      trades: result.trades,
      stats: result.stats,
      metrics: result.metrics,
      riskEvents: run.riskEvents,
    };
    await writeFileAtomic(html, backtestHtml([report], `${instance.id} on ${symbol.symbol}`));
    process.stderr.write(`wrote ${html}\n`);
  }
}

/** Each wheel instance's statistics (wheel-stats.ts), by instance id, in sleeve order. */
function wheelsOf(job: BacktestJob, r: PortfolioResult): Map<string, WheelStats> {
  const out = new Map<string, WheelStats>();
  for (const s of r.sleeves) {
    const w = job.wheelStrategies.get(s.id);
    if (!w) continue;
    const sessions = r.times.length;
    out.set(s.id, wheelStats({ strategy: s.id, symbols: s.symbols, orders: r.orders, trace: w.trace, contracts: w.contracts, sessions }));
  }
  return out;
}

/** Several instances (or one on several symbols): the portfolio and each sleeve. */
async function portfolio(job: BacktestJob, run: PortfolioRun, options: Map<string, string[]>, summaryTable: Table): Promise<void> {
  const r: PortfolioResult = portfolioResult(run, job.market, job.benchmark.bars);
  const symbols = job.market.symbols.map((s) => s.symbol);
  const last = r.times.length - 1;
  process.stdout.write(
    `${symbols.join(', ')} · ${r.label(0)} → ${r.label(last)} · ${r.times.length.toLocaleString('en-US')} steps · ${job.instances.length} strategy instance(s) · benchmark ${r.benchmark}\n`,
  );
  for (const s of job.series) process.stdout.write(`  ${s.symbol.padEnd(6)} ${relative(process.cwd(), s.path)}\n`);
  if (r.unallocated > 0) process.stdout.write(`  unallocated cash: ${r.unallocated.toLocaleString('en-US', { maximumFractionDigits: 2 })}\n`);
  process.stdout.write('\n');
  const names = ['portfolio', ...r.sleeves.map((s) => s.id)];
  const head: [string, string[]][] = [
    ['Strategy', ['', ...r.sleeves.map((s) => s.strategy)]],
    ['Symbols', [symbols.join(' '), ...r.sleeves.map((s) => s.symbols.join(' '))]],
    ['Allocation [%]', [(100 * (1 - r.unallocated / job.settings.initialCash)).toFixed(2), ...r.sleeves.map((s) => (s.allocation * 100).toFixed(2))]],
  ];
  process.stdout.write(summaryTable(names, [r, ...r.sleeves], head) + '\n');
  const wheels = wheelsOf(job, r);
  if (wheels.size > 0) process.stdout.write('\n' + wheelStatsTable([...wheels.keys()], [...wheels.values()]) + '\n');
  const risk = riskLines(r.riskEvents, r.label, true);
  const trace = traceLines(r.trace, r.label);
  if (risk.length) process.stdout.write(`\nRisk events (${r.riskEvents.length}):\n${risk.map((l) => `  ${l}`).join('\n')}\n`);
  if (trace.length) process.stdout.write(`\nCoordinator decisions (${r.trace.length}):\n${trace.map((l) => `  ${l}`).join('\n')}\n`);
  process.stdout.write('\n');

  const json = options.get('json')?.at(-1);
  if (json) {
    const body = portfolioJson(r);
    for (const [id, stats] of wheels) Object.assign(body.strategies[id], { wheel: stats });
    await writeFileAtomic(json, toJson(body));
    process.stderr.write(`wrote ${json}\n`);
  }
  const html = options.get('html')?.at(-1);
  if (html) {
    const sleeves = r.sleeves.map((s, i) => ({
      name: s.id,
      strategy: s.strategy,
      symbols: s.symbols,
      allocation: s.allocation,
      symbol: s.symbols.join(', '),
      params: job.instances[i].params,
      times: r.times,
      close: s.close,
      equity: s.equity,
      warmup: s.warmup,
      trades: s.trades,
      stats: s.stats,
      metrics: s.metrics,
      riskEvents: r.riskEvents.filter((e) => e.strategy === s.id),
      tradeSymbols: s.symbols.length > 1,
      ...(wheels.has(s.id) && { wheel: wheelReport(job, r, s.id, wheels.get(s.id)!) }),
    }));
    const report = {
      symbols,
      benchmark: r.benchmark,
      times: r.times,
      close: r.close,
      equity: r.equity,
      warmup: r.warmup,
      unallocated: r.unallocated,
      stats: r.stats,
      metrics: r.metrics,
      trades: r.trades,
      sleeves,
      riskSummary: risk,
      traceSummary: trace,
    };
    await writeFileAtomic(html, portfolioHtml(report, `${r.sleeves.map((s) => s.id).join(', ')} on ${symbols.join(', ')}`));
    process.stderr.write(`wrote ${html}\n`);
  }
}

/** A wheel instance's part of the HTML report: its statistics and its trace with its fills, per run date. */
function wheelReport(job: BacktestJob, r: PortfolioResult, id: string, stats: WheelStats): WheelReport {
  const fills = r.orders.filter((o) => o.strategy === id);
  return { stats, days: wheelDays(job.wheelStrategies.get(id)!.trace, fills, r.label) };
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof DataError || err instanceof ParameterError || err instanceof OptionError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
