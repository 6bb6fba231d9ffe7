// `npm run sweep -- <config.toml> --grid fast=5:50:5 --grid slow=20:200:10 [--stat sharpe]`
// Runs every combination of the grid across worker threads, prints the best ones, and writes a
// ranked CSV and a heat map (HTML) of the chosen statistic. Each result equals a single run with
// the same parameters (same engine code, same data). The grid (sweep-grid.ts) and the output paths are
// checked before any worker starts: a bad value or path is one `error: …` line, exit 2, nothing run.
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ConfigError, DataError, ParameterError } from '../../shared/errors.ts';
import { STATS_KEYS, METRICS_KEYS } from '../../shared/analytics/index.ts';
import type { GridAxis, SweepRow } from '../../shared/engine/sweep.ts';
import { loadBacktestJob, sweepTarget } from '../backtest/job.ts';
import { runSweepPool } from '../backtest/sweep-pool.ts';
import { heatmapHtml } from '../report/heatmap-html.ts';
import { OptionError, parseCliArgs, UsageError } from './args.ts';
import { gridAxes, gridPlan } from './sweep-grid.ts';
import { ProgressBar } from './progress.ts';
import { checkOutputPaths, writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run sweep -- <config.toml> --grid <param>=<start>:<stop>:<step> [--grid ...] [options]

  --grid P=a:b:s     values a, a+s, … up to b (inclusive); P=a:b steps by 1; or P=v1,v2,v3.
                     Every value must be valid for the parameter (as in the config); combinations
                     that break the strategy's rule (e.g. fast < slow) are skipped
  --stat KEY         statistic to rank by and map (default sharpe — empyrical; any key of the
                     backtest JSON's stats or metrics, e.g. sharpeRatio, returnPct, calmar)
  --order asc|desc   ranking order (default: desc, or asc for volatility/duration stats)
  --strategy ID      the strategy instance to sweep when the config enables several (it runs
                     alone, with all the capital, on its one symbol)
  --workers N        worker threads (default: the number of cores)
  --top N            rows to print (default 10)
  --csv FILE         ranked table (default <config>.sweep.csv beside the config)
  --html FILE        heat map (default <config>.sweep.html beside the config)`;

const LOWER_IS_BETTER = new Set(['volatilityAnnPct', 'annualVolatility', 'downsideRisk', 'maxDrawdownDurationDays', 'avgDrawdownDurationDays', 'commissions']);

function statGetter(key: string): (r: SweepRow) => number {
  if ((STATS_KEYS as readonly string[]).includes(key)) return (r) => r.stats[key as keyof typeof r.stats] as number;
  if ((METRICS_KEYS as readonly string[]).includes(key)) return (r) => r.metrics[key as keyof typeof r.metrics];
  throw new UsageError(`--stat: '${key}' is not a stat or metric (e.g. ${['sharpe', 'sortino', 'calmar', 'sharpeRatio', 'returnPct', 'equityFinal'].join(', ')})`);
}

function csvOf(rows: readonly SweepRow[], axes: readonly GridAxis[]): string {
  const stats = STATS_KEYS.filter((k) => k !== 'start' && k !== 'end');
  const header = [...axes.map((a) => a.param), ...stats, ...METRICS_KEYS].join(',');
  const line = (r: SweepRow) =>
    [...axes.map((a) => r.params[a.param]), ...stats.map((k) => r.stats[k]), ...METRICS_KEYS.map((k) => r.metrics[k])].map((v) => (Number.isFinite(v as number) ? v : '')).join(',');
  return [header, ...rows.map(line)].join('\n') + '\n';
}

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, new Set(['help']));
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length !== 1) throw new UsageError(`expected one <config.toml>, got ${args.positional.length} argument(s)`);
  const allowed = new Set(['grid', 'stat', 'order', 'strategy', 'workers', 'top', 'csv', 'html']);
  for (const key of args.options.keys()) if (!allowed.has(key)) throw new UsageError(`unknown option --${key}`);
  const configPath = args.positional[0];
  const one = (k: string) => args.options.get(k)?.at(-1);

  const job = await loadBacktestJob(configPath);
  const wanted = one('strategy');
  const ids = job.instances.map((i) => i.id);
  if (!wanted && ids.length > 1) {
    throw new UsageError(
      `${configPath} enables ${ids.length} strategy instances (${ids.join(', ')}): a sweep varies one instance, alone with all the capital — choose it with --strategy <id> (or disable the others)`,
    );
  }
  if (wanted && !ids.includes(wanted) && job.instances.filter((i) => i.strategy === wanted).length !== 1) {
    throw new UsageError(`--strategy: '${wanted}' is not an enabled strategy instance of ${configPath} (enabled: ${ids.join(', ')})`);
  }
  const { instance: run, series } = sweepTarget(job, wanted ?? ids[0]);

  const gridTexts = args.options.get('grid') ?? [];
  if (gridTexts.length === 0) throw new UsageError('give at least one --grid param=start:stop:step');
  const axes = gridAxes(run.strategy, gridTexts);

  const stat = one('stat') ?? 'sharpe';
  const value = statGetter(stat);
  const order = one('order') ?? (LOWER_IS_BETTER.has(stat) ? 'asc' : 'desc');
  if (order !== 'asc' && order !== 'desc') throw new UsageError(`--order: expected asc or desc, got ${order}`);
  const workers = Number(one('workers') ?? availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers: expected a whole number >= 1, got ${one('workers')}`);
  const top = Number(one('top') ?? 10);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top: expected a whole number >= 1, got ${one('top')}`);
  const { total, items, skipped } = gridPlan(run.strategy, run.params, axes);

  const base = join(dirname(configPath), basename(configPath).replace(/\.toml$/i, ''));
  const csvPath = one('csv') ?? `${base}.sweep.csv`;
  const htmlPath = one('html') ?? `${base}.sweep.html`;
  await checkOutputPaths([['csv', csvPath], ['html', htmlPath]]);
  process.stderr.write(`sweep: ${run.id === run.strategy ? run.strategy : `${run.id} (${run.strategy})`} on ${series.symbol}, ${total} combinations (${skipped} skipped as invalid), ${Math.min(workers, items.length)} worker(s)\n`);
  const progress = new ProgressBar('sweep', 'runs');
  const started = performance.now();
  const rows = await runSweepPool({ configPath, strategy: run.id, items, workers, onProgress: (d, t) => progress.update(d, t) });
  const seconds = (performance.now() - started) / 1000;

  const sign = order === 'desc' ? -1 : 1;
  const ranked = [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (!Number.isFinite(va)) return Number.isFinite(vb) ? 1 : 0;
    if (!Number.isFinite(vb)) return -1;
    return sign * (va - vb);
  });

  process.stdout.write(`\n${rows.length} runs in ${seconds.toFixed(2)} s · ranked by ${stat} (${order})\n\n`);
  const head = [...axes.map((a) => a.param), stat, 'returnPct', 'maxDrawdownPct', 'trades'];
  const widths = head.map((h) => Math.max(h.length, 10));
  process.stdout.write(head.map((h, i) => h.padStart(widths[i])).join('  ') + '\n');
  for (const r of ranked.slice(0, top)) {
    const cells = [...axes.map((a) => String(r.params[a.param])), value(r).toFixed(4), r.stats.returnPct.toFixed(2), r.stats.maxDrawdownPct.toFixed(2), String(r.stats.numTrades)];
    process.stdout.write(cells.map((c, i) => c.padStart(widths[i])).join('  ') + '\n');
  }

  await writeFileAtomic(csvPath, csvOf(ranked, axes));
  await writeFileAtomic(
    htmlPath,
    heatmapHtml({
      title: `${run.id} on ${series.symbol}: ${stat} over ${axes.map((a) => a.param).join(' × ')}`,
      stat,
      higherIsBetter: order === 'desc',
      xParam: axes[0].param,
      yParam: axes[1]?.param ?? null,
      rows,
      value,
      ranked: ranked.slice(0, 50),
      skipped,
    }),
  );
  process.stderr.write(`wrote ${csvPath}\nwrote ${htmlPath}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof DataError || err instanceof ParameterError || err instanceof OptionError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
