// `npm run -s wheel -- --config cfg.toml --scenario snapshot.json [--json out.json] [--instance wheel]`
// The wheel's dry run (docs/wheel-rules.md §6.2): one pass over an account snapshot, like thetagang's
// --dry-run — an order table and the decision trace on stdout; with --json the result is written
// atomically. Exit 0 when the pass ran (even with no orders); 2 with `file:line: key: problem` (config)
// or `file: path: problem` (snapshot) on stderr for bad input, writing no output file. Nothing is sent.
import { readFile } from 'node:fs/promises';
import { JsonPathError } from '../../shared/data/json-fields.ts';
import { ConfigError } from '../../shared/errors.ts';
import { ready } from '../../shared/indicators/index.ts';
import { formatKeyPath } from '../../shared/config/index.ts';
import { SchemaError } from '../../shared/config/schema.ts';
import { wheelConfigOf } from '../../shared/strategies/wheel/from-config.ts';
import { wheelPass, type WheelOrder, type WheelResult } from '../../shared/strategies/wheel/pass.ts';
import { readSnapshot, type WheelSnapshot } from '../../shared/strategies/wheel/snapshot.ts';
import { loadConfig } from '../config-file.ts';
import { parseCliArgs, UsageError } from './args.ts';
import { writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run -s wheel -- --config moneytrailz.toml --scenario snapshot.json [--json out.json] [--instance wheel]

  --config    the configuration ([symbols.*], [strategies.wheel.*], … — docs/wheel-rules.md §6.1)
  --scenario  an account snapshot (docs/wheel-rules.md §6.2)
  --json      also write the orders and decisions as JSON to this file
  --instance  the [strategies.<id>] of the wheel (default wheel)

Nothing is sent: this prints what one pass of the wheel would do.`;

const OPTIONS = new Set(['config', 'scenario', 'json', 'instance', 'live', 'submit', 'help']);
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

const money = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : String(x));

function contractText(o: WheelOrder): string {
  const c = o.contract;
  if (c.secType === 'STK') return `${o.symbol} shares`;
  if (c.secType === 'OPT') return `${o.symbol} ${c.expiry} ${c.strike}${c.right}`;
  return (o.legs ?? []).map((l) => `${l.action} ${l.contract.expiry} ${l.contract.strike}${l.contract.right}`).join(' / ');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function report(result: WheelResult, snapshot: WheelSnapshot, scenario: string): string {
  const lines: string[] = [];
  lines.push(`Wheel dry run — ${scenario} at ${new Date(snapshot.time).toISOString()} (nothing is sent)`);
  lines.push('');
  if (result.orders.length === 0) lines.push('Orders: none');
  else {
    lines.push(`Orders (${result.orders.length}):`);
    lines.push(table([['stage', 'symbol', 'action', 'qty', 'contract', 'type', 'limit', 'tif'], ...result.orders.map((o) => [o.stage, o.symbol, o.action, String(o.quantity), contractText(o), o.orderType, money(o.limit), o.tif])]));
  }
  lines.push('');
  lines.push(`Decisions (${result.decisions.length}):`);
  for (const d of result.decisions) lines.push(`  ${d.stage.padEnd(15)} ${d.symbol.padEnd(6)} ${d.verdict.padEnd(6)} ${d.code}: ${d.message}`);
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, FLAGS);
  for (const name of args.options.keys()) {
    if (!OPTIONS.has(name)) throw new UsageError(`unknown option --${name} (valid: ${[...OPTIONS].map((o) => `--${o}`).join(', ')})`);
  }
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  if (args.options.has('live') || args.options.has('submit')) {
    throw new UsageError('--live and --submit (a snapshot from the bridge, orders through its guard) are not available yet; use --scenario with a snapshot file');
  }
  const configPath = args.options.get('config')?.at(-1);
  const scenarioPath = args.options.get('scenario')?.at(-1);
  if (configPath === undefined) throw new UsageError('--config is required');
  if (scenarioPath === undefined) throw new UsageError('--scenario is required (a snapshot file; docs/wheel-rules.md §6.2)');
  const jsonPath = args.options.get('json')?.at(-1);
  const instance = args.options.get('instance')?.at(-1) ?? 'wheel';

  const loaded = await loadConfig(configPath);
  let config;
  try {
    config = wheelConfigOf(loaded.config, instance);
  } catch (err) {
    if (err instanceof SchemaError) throw new ConfigError(configPath, loaded.lineOf(err.path), formatKeyPath(err.path), err.problem);
    throw err;
  }
  const snapshot = await readScenario(scenarioPath);
  await ready(); // the technical filters' indicator kernels (wheel-rules.md §2.11)
  const result = wheelPass(config, snapshot);
  if (jsonPath !== undefined) await writeFileAtomic(jsonPath, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(report(result, snapshot, scenarioPath));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof InputError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
});
