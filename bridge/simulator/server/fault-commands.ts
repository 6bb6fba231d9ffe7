// The fault channel for people (ib-protocol.md §7.1): one command per line, typed on the stdin of
// `npm run simulator -- --faults` or of the bridge's `npm start` (its dev menu), mapped onto the
// in-process fault API (faults.ts). Every line is untrusted: an unknown command or a bad argument
// gives one error line naming it and never ends the process.

import { createInterface } from 'node:readline';
import type { SimulatorFaults } from './faults.ts';
import type { SimulatorState } from './state.ts';

export type FaultCommand =
  | { readonly name: 'help' }
  | { readonly name: 'status' }
  | { readonly name: 'disconnect'; readonly clientId?: number }
  | { readonly name: '1100' | '2110' | '1101' | '1102' }
  | { readonly name: 'restart-nightly'; readonly downMs?: number; readonly rollBackBy?: number }
  | { readonly name: 'pacing'; readonly count: number | 'on' | 'off' }
  | { readonly name: 'lines'; readonly limit: number }
  | { readonly name: 'read-only'; readonly on: boolean }
  | { readonly name: 'delay'; readonly ms: number }
  | { readonly name: 'burst'; readonly count?: number; readonly clientId?: number }
  | { readonly name: 'reset' };

/** What the commands act on (a RunningSimulator has both). */
export interface FaultTarget {
  readonly faults: SimulatorFaults;
  readonly state: SimulatorState;
}

/** A parsed line: a command, an error text, or nothing (blank line or `#` comment). */
export type ParsedLine = { readonly command: FaultCommand } | { readonly error: string } | undefined;

const MAX_LINE = 200;
const MAX_CLIENT_ID = 2_147_483_647;

/** Thrown by the argument readers; becomes the error line. */
class BadArgument extends Error {}

interface Spec {
  readonly usage: string;
  readonly summary: string;
  /** Most arguments the command takes. */
  readonly maxArgs: number;
  readonly parse: (args: readonly string[]) => FaultCommand;
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** A whole number in [min, max]. */
function whole(what: string, text: string, min: number, max: number): number {
  const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new BadArgument(`${what} '${clip(text)}' is not a whole number from ${min} to ${max}`);
  return n;
}

function onOff(what: string, text: string | undefined): boolean {
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw new BadArgument(text === undefined ? `${what} needs on or off` : `${what} '${clip(text)}' is not on or off`);
}

const optional = <T>(text: string | undefined, read: (t: string) => T): T | undefined => (text === undefined ? undefined : read(text));
const clientIdArg = (t: string) => whole('client id', t, 0, MAX_CLIENT_ID);
const simple = (name: 'help' | 'status' | 'reset' | '1100' | '2110' | '1101' | '1102') => () => ({ name }) as FaultCommand;

const SPECS: ReadonlyMap<string, Spec> = new Map<string, Spec>([
  ['help', { usage: 'help', summary: 'list the commands', maxArgs: 0, parse: simple('help') }],
  ['status', { usage: 'status', summary: 'connectivity, switches and connected client ids', maxArgs: 0, parse: simple('status') }],
  ['disconnect', { usage: 'disconnect [clientId]', summary: 'drop every client connection (or one client id) abruptly', maxArgs: 1, parse: ([id]) => ({ name: 'disconnect', clientId: optional(id, clientIdArg) }) }],
  ['1100', { usage: '1100', summary: 'connectivity between TWS and IB lost: streaming stops until 1101 or 1102', maxArgs: 0, parse: simple('1100') }],
  ['2110', { usage: '2110', summary: 'connectivity between TWS and server broken (like 1100, code 2110)', maxArgs: 0, parse: simple('2110') }],
  ['1101', { usage: '1101', summary: 'connectivity restored, data lost: every subscription from before the loss is dropped', maxArgs: 0, parse: simple('1101') }],
  ['1102', { usage: '1102', summary: 'connectivity restored, data maintained: streams resume', maxArgs: 0, parse: simple('1102') }],
  [
    'restart-nightly',
    {
      usage: 'restart-nightly [downMs] [rollBackBy]',
      summary: 'nightly Gateway restart: drop everyone, listener down downMs (250), next order ids rolled back by rollBackBy (10)',
      maxArgs: 2,
      parse: ([down, by]) => ({ name: 'restart-nightly', downMs: optional(down, (t) => whole('downMs', t, 0, 600_000)), rollBackBy: optional(by, (t) => whole('rollBackBy', t, 0, 1_000_000)) }),
    },
  ],
  [
    'pacing',
    {
      usage: 'pacing on|off|<n>',
      summary: 'historical requests refused with 162 (pacing violation): all until off, or the next n',
      maxArgs: 1,
      parse: ([arg]) => ({ name: 'pacing', count: arg === 'on' || arg === 'off' ? arg : arg === undefined ? onOffMissing('pacing') : whole('pacing count', arg, 1, 1_000_000) }),
    },
  ],
  ['lines', { usage: 'lines <n>', summary: 'market data lines allowed (0 = exhausted: every reqMktData gets 101)', maxArgs: 1, parse: ([n]) => ({ name: 'lines', limit: whole('lines', required('lines', n), 0, 1_000_000) }) }],
  ['read-only', { usage: 'read-only on|off', summary: 'read-only API: placeOrder refused with 321', maxArgs: 1, parse: ([arg]) => ({ name: 'read-only', on: onOff('read-only', arg) }) }],
  ['delay', { usage: 'delay <ms>', summary: 'delay every reply by ms (0 = off)', maxArgs: 1, parse: ([ms]) => ({ name: 'delay', ms: whole('delay', required('delay', ms), 0, 600_000) }) }],
  [
    'burst',
    {
      usage: 'burst [count] [clientId]',
      summary: 'write count (60) currentTime messages in one TCP write to every client (or one)',
      maxArgs: 2,
      parse: ([count, id]) => ({ name: 'burst', count: optional(count, (t) => whole('count', t, 1, 100_000)), clientId: optional(id, clientIdArg) }),
    },
  ],
  ['reset', { usage: 'reset', summary: 'every switch back to normal (connectivity, pacing, lines, read-only, delay)', maxArgs: 0, parse: simple('reset') }],
]);

function required(what: string, text: string | undefined): string {
  if (text === undefined) throw new BadArgument(`${what} needs a number`);
  return text;
}

function onOffMissing(what: string): never {
  throw new BadArgument(`${what} needs on, off or a count`);
}

/** Reads one line (case-insensitive command, arguments separated by spaces). */
export function parseFaultCommand(line: string): ParsedLine {
  if (line.length > MAX_LINE) return { error: `line too long (${line.length} characters; at most ${MAX_LINE})` };
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words[0].startsWith('#')) return undefined;
  const name = words[0].toLowerCase();
  const spec = SPECS.get(name);
  if (!spec) return { error: `unknown command '${clip(words[0])}' (type help for the list)` };
  const args = words.slice(1).map((w) => w.toLowerCase());
  if (args.length > spec.maxArgs) return { error: `${name}: too many arguments (usage: ${spec.usage})` };
  try {
    return { command: spec.parse(args) };
  } catch (err) {
    if (err instanceof BadArgument) return { error: `${name}: ${err.message} (usage: ${spec.usage})` };
    throw err;
  }
}

/** The `help` text: one line per command. */
export function faultHelp(): string {
  const width = Math.max(...[...SPECS.values()].map((s) => s.usage.length));
  return ['fault commands (one per line):', ...[...SPECS.values()].map((s) => `  ${s.usage.padEnd(width)}  ${s.summary}`)].join('\n');
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function status({ state }: FaultTarget): string {
  const f = state.faults;
  const pacing = f.pacingViolations === Infinity ? 'on' : f.pacingViolations > 0 ? `next ${f.pacingViolations}` : 'off';
  const ids = [...state.byClientId.keys()].sort((a, b) => a - b);
  return [
    `upstream ${f.upstream}`,
    `pacing ${pacing}`,
    `lines ${f.marketDataLines} (${state.linesInUse()} in use)`,
    `read-only ${f.readOnly ? 'on' : 'off'}`,
    `delay ${f.responseDelayMs} ms`,
    `clients ${ids.length ? ids.join(', ') : 'none'}`,
  ].join(' · ');
}

/** Runs a command; resolves with the line saying what it did. */
export async function runFaultCommand(target: FaultTarget, command: FaultCommand): Promise<string> {
  const { faults, state } = target;
  const clients = () => state.byClientId.size;
  switch (command.name) {
    case 'help':
      return faultHelp();
    case 'status':
      return status(target);
    case 'disconnect': {
      const n = faults.dropConnections(command.clientId);
      if (command.clientId !== undefined && n === 0) return `disconnect: no client ${command.clientId} is connected`;
      return `disconnect: closed ${plural(n, 'connection')}`;
    }
    case '1100':
    case '2110': {
      faults.connectivityLost({ code: command.name === '2110' ? 2110 : 1100 });
      return `${command.name}: connectivity lost, sent to ${plural(clients(), 'client')}; streaming stopped until 1101 or 1102`;
    }
    case '1101':
    case '1102': {
      if (state.faults.upstream === 'ok') return `${command.name}: connectivity is not lost (1100 or 2110 first); nothing sent`;
      const dataLost = command.name === '1101';
      faults.connectivityRestored({ dataLost });
      return `${command.name}: connectivity restored (${dataLost ? 'data lost: subscriptions dropped' : 'data maintained: streams resume'}), sent to ${plural(clients(), 'client')}`;
    }
    case 'restart-nightly': {
      const downMs = command.downMs ?? 250;
      const rolled = await faults.nightlyRestart({ downMs, rollBackBy: command.rollBackBy });
      const ids = [...rolled].map(([id, next]) => `client ${id} → ${next}`).join(', ');
      return `restart-nightly: every connection dropped, listener was down ${downMs} ms and accepts again; next order ids ${ids || '(no client known)'}`;
    }
    case 'pacing': {
      if (command.count === 'off') {
        faults.stopPacingViolations();
        return 'pacing: off (historical requests served again)';
      }
      faults.stopPacingViolations();
      faults.historicalPacingViolation(command.count === 'on' ? Infinity : command.count);
      return command.count === 'on' ? 'pacing: on, every historical request refused with 162 until pacing off' : `pacing: the next ${plural(command.count, 'historical request')} refused with 162`;
    }
    case 'lines':
      faults.setMarketDataLines(command.limit);
      return `lines: ${command.limit} market data lines allowed (${state.linesInUse()} in use)`;
    case 'read-only':
      faults.setReadOnly(command.on);
      return `read-only: ${command.on ? 'on, placeOrder refused with 321' : 'off'}`;
    case 'delay':
      faults.setResponseDelay(command.ms);
      return command.ms === 0 ? 'delay: off' : `delay: every reply delayed by ${command.ms} ms`;
    case 'burst': {
      const n = faults.burst({ count: command.count, clientId: command.clientId });
      return `burst: ${command.count ?? 60} currentTime messages in one write to ${plural(n, 'client')}`;
    }
    case 'reset':
      faults.reset();
      return `reset: every switch back to normal (${status(target)})`;
  }
}

export interface FaultConsoleOutput {
  /** What a command did. */
  readonly log: (line: string) => void;
  /** A line that could not be run. */
  readonly error: (line: string) => void;
}

/**
 * Reads commands from `input` line by line and runs them one after another (restart-nightly waits
 * for the listener). Nothing read can end the process; the end of input just ends the console.
 */
export function startFaultConsole(input: NodeJS.ReadableStream, target: FaultTarget, out: FaultConsoleOutput): { close(): void } {
  const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
  let queue = Promise.resolve();
  input.on('error', (err: Error) => out.error(`fault: stdin unreadable (${err.message}); the fault console is off`));
  rl.on('line', (line) => {
    const parsed = parseFaultCommand(line);
    if (!parsed) return;
    if ('error' in parsed) {
      queue = queue.then(() => out.error(`fault: ${parsed.error}`)); // in order with the commands before it
      return;
    }
    queue = queue
      .then(() => runFaultCommand(target, parsed.command))
      .then(
        (text) => out.log(parsed.command.name === 'help' ? text : `fault: ${text}`),
        (err: unknown) => out.error(`fault: ${parsed.command.name} failed: ${err instanceof Error ? err.message : String(err)}`),
      );
  });
  return { close: () => rl.close() };
}
