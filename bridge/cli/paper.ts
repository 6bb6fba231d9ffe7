// `npm run paper -- <config.toml> [--speed N] [--json out.json] [--from YYYY-MM-DD --to YYYY-MM-DD]`
// Runs the enabled strategy instances of the config through THE engine live (bridge/paper/,
// docs/trading-model.md §9.5): the embedded simulator replays the range, the engine gets each
// session's daily bar from TWS's historical bars once it has ended, and its orders go through the
// bridge's order path (journal, IBKR broker, reconciliation, order guard) to the simulator's paper
// broker. Orders, fills and P&L are printed as they happen; --json writes the order list in the
// backtest's shape plus the fills. Without --speed the replay clock is stepped (as fast as it goes);
// --speed N runs it in real time × N.
import { ConfigError, DataError, ParameterError } from '../../shared/errors.ts';
import { ready } from '../../shared/indicators/index.ts';
import { loadBacktestJob } from '../backtest/job.ts';
import { paperJson } from '../paper/paper-json.ts';
import { paperPlan, yyyymmddOf } from '../paper/paper-plan.ts';
import { paperRunInput, runPaper } from '../paper/paper-run.ts';
import { openPaperSession } from '../paper/paper-session.ts';
import { OptionError, parseCliArgs, UsageError } from './args.ts';
import { checkOutputPaths, writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run paper -- <config.toml> [--speed N] [--json out.json] [--from YYYY-MM-DD --to YYYY-MM-DD]

  <config.toml>  a moneytrailz.toml as for npm run backtest: [data] names the symbols (daily bars),
                 [backtesting] the capital and settings (fill = "next_open"), enabled [strategies.<id>]
  --speed N      replay in real time × N (default: a stepped clock, as fast as it goes)
  --json FILE    the orders (the backtest's order-list shape), the fills, equity and risk events
  --from, --to   the sessions to run (default [backtesting] start_date / end_date)`;

const toJson = (body: unknown) => JSON.stringify(body, null, 1) + '\n';
const iso = (d: number) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6, 8)}`;
const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, new Set(['help']));
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length !== 1) throw new UsageError(`expected one <config.toml>, got ${args.positional.length} argument(s)`);
  for (const key of args.options.keys()) if (!['json', 'speed', 'from', 'to'].includes(key)) throw new UsageError(`unknown option --${key}`);
  const speedText = args.options.get('speed')?.at(-1);
  const speed = speedText === undefined ? undefined : Number(speedText);
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) throw new UsageError(`--speed: expected a number > 0, got ${speedText}`);
  const from = args.options.get('from')?.at(-1);
  const to = args.options.get('to')?.at(-1);
  for (const [name, v] of [['from', from], ['to', to]] as const) if (v !== undefined && yyyymmddOf(v) === undefined) throw new UsageError(`--${name}: expected a YYYY-MM-DD date, got ${v}`);
  await checkOutputPaths([['json', args.options.get('json')?.at(-1)]]);

  const job = await loadBacktestJob(args.positional[0]);
  const plan = paperPlan(job, { from, to });
  await ready();
  const first = plan.sessions[0].date;
  const last = plan.sessions[plan.sessions.length - 1].date;
  process.stdout.write(
    `paper: ${job.instances.map((i) => i.id).join(', ')} on ${plan.symbols.join(', ')} · ${iso(first)} → ${iso(last)} · ${plan.sessions.length} sessions · embedded simulator (${speed === undefined ? 'stepped clock' : `real time × ${speed}`})\n`,
  );
  const session = await openPaperSession({ start: first, clock: speed === undefined ? 'step' : 'realtime', speed, config: job.loaded.config, log: (l) => process.stderr.write(`${l}\n`) });
  const stop = () => {
    process.stderr.write('\ninterrupted: closing the connection\n');
    void session.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let run;
  try {
    run = await runPaper({ ...paperRunInput(plan, session), print: (line) => process.stdout.write(line + '\n') });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await session.close();
  }
  const end = run.equity[run.equity.length - 1];
  process.stdout.write(`\n${run.orders.length} fill(s) booked, ${run.fills.length} reported by the broker · equity ${money(end)} · P&L ${money(end - job.settings.initialCash)}\n`);
  const json = args.options.get('json')?.at(-1);
  if (json) {
    await writeFileAtomic(json, toJson(paperJson(run, plan.symbols)));
    process.stderr.write(`wrote ${json}\n`);
  }
}

// A closed pipe (`npm run paper … | head`) ends the run quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof DataError || err instanceof ParameterError || err instanceof OptionError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
