// `npm run -s wheel -- --config cfg.toml --scenario snapshot.json [--json out.json] [--instance wheel]`
// The wheel's dry run (docs/wheel-rules.md §6.2): one pass over an account snapshot, like thetagang's
// --dry-run — an order table and the decision trace on stdout; with --json the result is written
// atomically. Exit 0 when the pass ran (even with no orders); 2 with `file:line: key: problem` (config)
// or `file: path: problem` (snapshot) on stderr for bad input, writing no output file. Nothing is sent.
// With --live the snapshot comes from the account behind the bridge, and --submit sends the orders
// through its guard (wheel-live.ts, docs/wheel-rules.md §6.3; exit 3 not ready, 4 orders refused).
import { readFile } from 'node:fs/promises';
import { JsonPathError } from '../../shared/data/json-fields.ts';
import { ConfigError } from '../../shared/errors.ts';
import { ready } from '../../shared/indicators/index.ts';
import { formatKeyPath } from '../../shared/config/index.ts';
import { SchemaError } from '../../shared/config/schema.ts';
import { wheelConfigOf } from '../../shared/strategies/wheel/from-config.ts';
import { wheelPass, type WheelResult } from '../../shared/strategies/wheel/pass.ts';
import { readSnapshot, type WheelSnapshot } from '../../shared/strategies/wheel/snapshot.ts';
import { loadConfig } from '../config-file.ts';
import { exchangeHoursRule } from '../../shared/time/market-hours.ts';
import { OptionError, parseCliArgs, UsageError } from './args.ts';
import { checkOutputPaths, writeFileAtomic } from './write-atomic.ts';
import { resultText } from './wheel-text.ts';
import { bridgeUrl, localToken, NotReady, runLive } from './wheel-live.ts';

const USAGE = `usage: npm run -s wheel -- --config moneytrailz.toml --scenario snapshot.json [--json out.json] [--instance wheel]
       npm run -s wheel -- --config moneytrailz.toml --live [--submit] [--bridge host:port] [--json out.json]
                           [--save-snapshot snapshot.json] [--instance wheel]

  --config         the configuration ([symbols.*], [strategies.wheel.*], … — docs/wheel-rules.md §6.1)
  --scenario       an account snapshot (docs/wheel-rules.md §6.2)
  --live           take the snapshot from the account behind the running bridge instead (§6.3)
  --submit         with --live: send the orders through the bridge's order guard
  --bridge         the bridge (ws://host:port/ws or host:port; default [bridge] port, else 4180 on 127.0.0.1)
  --save-snapshot  with --live: also write the snapshot read (replay it with --scenario)
  --json           also write the orders and decisions as JSON to this file
  --instance       the [strategies.<id>] of the wheel (default wheel)

Nothing is sent without --live --submit: this prints what one pass of the wheel would do.`;

const OPTIONS = new Set(['config', 'scenario', 'json', 'instance', 'live', 'submit', 'bridge', 'save-snapshot', 'help']);
const FLAGS = new Set(['help', 'live', 'submit']);

/** The input error that ends the run with exit 2 (already formatted with its file). */
class InputError extends Error {}

async function readScenario(path: string): Promise<WheelSnapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: $: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    return readSnapshot(doc);
  } catch (err) {
    if (err instanceof JsonPathError) throw new InputError(`${path}: ${err.path}: ${err.problem}`);
    throw err;
  }
}

function report(result: WheelResult, snapshot: WheelSnapshot, scenario: string): string {
  return `Wheel dry run — ${scenario} at ${new Date(snapshot.time).toISOString()} (nothing is sent)\n\n${resultText(result)}`;
}

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, FLAGS);
  for (const name of args.options.keys()) {
    if (!OPTIONS.has(name)) throw new UsageError(`unknown option --${name} (valid: ${[...OPTIONS].map((o) => `--${o}`).join(', ')})`);
  }
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  const live = args.options.has('live');
  if (args.options.has('submit') && !live) throw new UsageError('--submit needs --live (orders are only ever sent from a live snapshot)');
  if (live && args.options.has('scenario')) throw new UsageError('--live and --scenario exclude each other: the snapshot comes from the bridge or from a file');
  for (const name of ['bridge', 'save-snapshot']) if (args.options.has(name) && !live) throw new UsageError(`--${name} needs --live`);
  const configPath = args.options.get('config')?.at(-1);
  const scenarioPath = args.options.get('scenario')?.at(-1);
  if (configPath === undefined) throw new UsageError('--config is required');
  if (scenarioPath === undefined && !live) throw new UsageError('--scenario is required (a snapshot file; docs/wheel-rules.md §6.2), or --live');
  const jsonPath = args.options.get('json')?.at(-1);
  const instance = args.options.get('instance')?.at(-1) ?? 'wheel';
  await checkOutputPaths([['json', jsonPath], ['save-snapshot', args.options.get('save-snapshot')?.at(-1)]]);

  const loaded = await loadConfig(configPath);
  let config;
  try {
    config = wheelConfigOf(loaded.config, instance);
  } catch (err) {
    if (err instanceof SchemaError) throw new ConfigError(configPath, loaded.lineOf(err.path), formatKeyPath(err.path), err.problem);
    throw err;
  }
  if (scenarioPath === undefined) {
    await ready(); // the technical filters' indicator kernels (wheel-rules.md §2.11)
    process.exitCode = await runLive({
      config,
      instance,
      url: bridgeUrl(args.options.get('bridge')?.at(-1), loaded.config.bridge),
      token: localToken(),
      submit: args.options.has('submit'),
      marketDataType: loaded.config.account?.market_data_type ?? 1,
      exchangeHours: exchangeHoursRule(loaded.config.exchange_hours),
      jsonPath,
      saveSnapshot: args.options.get('save-snapshot')?.at(-1),
      quoteWaitMs: Number(process.env.MONEYTRAILZ_QUOTE_WAIT_MS) || 15_000,
      ackWaitMs: Number(process.env.MONEYTRAILZ_ACK_WAIT_MS) || 30_000,
      chainWaitMs: 300_000,
      out: (t) => void process.stdout.write(t),
      progress: (t) => void process.stderr.write(`… ${t}\n`),
    });
    return;
  }
  const snapshot = await readScenario(scenarioPath);
  await ready(); // the technical filters' indicator kernels (wheel-rules.md §2.11)
  const result = wheelPass(config, snapshot);
  if (jsonPath !== undefined) await writeFileAtomic(jsonPath, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(report(result, snapshot, scenarioPath));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof InputError || err instanceof OptionError) process.stderr.write(`error: ${err.message}\n`);
  else if (err instanceof NotReady) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 3;
    return;
  } else process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
});
