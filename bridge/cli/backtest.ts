// `npm run backtest -- <config.toml> [--json out.json] [--html report.html]`
// Runs every enabled strategy of the config over its [data] bars with the [backtesting] settings,
// prints a summary table, and writes the backtest-model §7 JSON and a self-contained HTML report
// (each written to a temporary name, then renamed: never a partial file).
import { relative } from 'node:path';
import { ConfigError, DataError, ParameterError } from '../../shared/errors.ts';
import { runBacktest } from '../../shared/engine/backtest.ts';
import { backtestJson, backtestResult, barLabel, type BacktestResult } from '../../shared/engine/backtest-result.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import { ready } from '../../shared/indicators/index.ts';
import { loadBacktestJob, strategyFor } from '../backtest/job.ts';
import { backtestHtml } from '../report/backtest-html.ts';
import { parseCliArgs, UsageError } from './args.ts';
import { ProgressBar } from './progress.ts';
import { writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run backtest -- <config.toml> [--json out.json] [--html report.html]

  <config.toml>  a moneytrailz.toml with [data] csv, [backtesting] and enabled [strategies.*]
  --json FILE    the result as JSON (trades, stats, metrics, equity); several strategies → keyed by name
  --html FILE    a self-contained HTML report (equity, drawdown, trades, both stat conventions)`;

/** Runs above this many bars (all strategies together) show a progress bar. */
const LONG_RUN_BARS = 200_000;

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, new Set(['help']));
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length !== 1) throw new UsageError(`expected one <config.toml>, got ${args.positional.length} argument(s)`);
  for (const key of args.options.keys()) if (key !== 'json' && key !== 'html') throw new UsageError(`unknown option --${key}`);
  const job = await loadBacktestJob(args.positional[0]);
  await ready();

  const bars = job.bars;
  const market = new MarketData([bars]);
  const total = bars.length * job.runs.length;
  const progress = total >= LONG_RUN_BARS ? new ProgressBar('backtest', 'bars') : null;
  const results: BacktestResult[] = [];
  job.runs.forEach((spec, k) => {
    const run = runBacktest({
      bars,
      strategy: strategyFor(job, spec),
      settings: job.settings,
      market,
      progressEvery: Math.max(1, Math.floor(bars.length / 100)),
      onProgress: progress ? (done) => progress.update(k * bars.length + done, total) : undefined,
    });
    results.push(backtestResult(bars, run));
  });

  const names = job.runs.map((r) => r.name);
  process.stdout.write(
    `${job.symbol} · ${barLabel(bars, 0)} → ${barLabel(bars, bars.length - 1)} · ${bars.length.toLocaleString('en-US')} bars · ${relative(process.cwd(), job.dataPath)}\n\n`,
  );
  const { summaryTable } = await import('./summary-table.ts');
  process.stdout.write(summaryTable(names, results) + '\n');
  results.forEach((r, i) => {
    for (const rule of new Set(r.run.riskEvents.map((e) => e.rule))) {
      const events = r.run.riskEvents.filter((e) => e.rule === rule);
      process.stdout.write(`\n${names[i]}: ${rule} acted ${events.length}× (first on ${barLabel(bars, events[0].bar)}): ${events[0].message}`);
    }
  });
  process.stdout.write('\n');

  const json = args.options.get('json')?.at(-1);
  if (json) {
    const body = results.length === 1 ? backtestJson(results[0]) : Object.fromEntries(results.map((r, i) => [names[i], backtestJson(r)]));
    await writeFileAtomic(json, JSON.stringify(body, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n');
    process.stderr.write(`wrote ${json}\n`);
  }
  const html = args.options.get('html')?.at(-1);
  if (html) {
    const reportRuns = results.map((r, i) => ({
      name: names[i],
      symbol: job.symbol,
      params: job.runs[i].params,
      times: bars.time,
      close: bars.close,
      equity: r.equity,
      warmup: r.warmup,
      trades: r.trades,
      stats: r.stats,
      metrics: r.metrics,
      riskEvents: r.run.riskEvents,
    }));
    await writeFileAtomic(html, backtestHtml(reportRuns, `${names.join(', ')} on ${job.symbol}`));
    process.stderr.write(`wrote ${html}\n`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof DataError || err instanceof ParameterError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
