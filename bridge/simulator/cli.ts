// Standalone TWS API simulator: `tsx bridge/simulator/cli.ts [--port 7497] [--speed 60] [--data dir]
// [--host 127.0.0.1] [--start 2012-01-03] [--state dir] [--pacing] [--verbose] [--faults]`. Point any TWS API client (or
// the bridge) at the printed address. With --faults, fault commands are read from stdin (server/fault-commands.ts,
// ib-protocol.md §7.1). Ctrl-C (SIGINT) or SIGTERM closes every connection, saves the state and exits (within a few
// seconds even under load: expensive requests are scheduled, so signals are handled between them).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, DEFAULT_START, SERVER_VERSION, startSimulator } from './index.ts';
import { startFaultConsole } from './server/fault-commands.ts';
import { requestName } from './wire/message-ids.ts';
import { formatEasternWithZone } from '../../shared/time/tws-time.ts';

const USAGE = `usage: tsx bridge/simulator/cli.ts [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--speed 1] [--data dir] [--start ${DEFAULT_START}] [--state dir] [--pacing] [--verbose] [--faults]

  --port     TCP port (0 picks a free one); default ${DEFAULT_PORT}, TWS paper trading's
  --host     interface; the default 127.0.0.1 keeps the simulator private to this machine
  --speed    replay speed: 1 = real time, 60 = one replay minute per second
  --data     folder of <SYMBOL>_1d.csv / <SYMBOL>_1m.csv bars (default data/samples)
  --start    replay start: YYYY-MM-DD (09:30 US/Eastern) or YYYY-MM-DDTHH:MM (US/Eastern)
  --state    folder for the paper account's state (positions, cash, orders, order ids); a restart
             with the same folder continues where it stopped (replay clock included)
  --pacing   apply IBKR's historical pacing rules (identical request within 15 s, 6 for one contract
             in 2 s, 60 in 10 minutes → error 162); off by default
  --verbose  log connections and every refused request (client, request, request id, code, reason)
  --faults   read fault commands on stdin, one per line: disconnect [clientId], 1100, 2110, 1101, 1102,
             restart-nightly [downMs] [rollBackBy], pacing on|off|<n>, lines <n>, read-only on|off,
             delay <ms>, burst [count] [clientId], reset, status, help`;

/** How long a clean stop may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 5000;

function number(name: string, text: string | undefined, fallback: number, valid: (n: number) => boolean): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !valid(n)) throw new Error(`--${name}: '${text}' is not valid (see --help)`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      speed: { type: 'string' },
      data: { type: 'string' },
      start: { type: 'string' },
      state: { type: 'string' },
      pacing: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      faults: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = number('port', values.port, DEFAULT_PORT, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  const speed = number('speed', values.speed, 1, (n) => n > 0);
  const sim = await startSimulator({
    host: values.host,
    port,
    speed,
    dataDir: values.data ? resolve(values.data) : DEFAULT_DATA_DIR,
    start: values.start ?? DEFAULT_START,
    stateDir: values.state ? resolve(values.state) : undefined,
    historicalPacing: values.pacing,
    log: values.verbose ? (line) => console.log(line) : undefined,
  });
  if (values.verbose) {
    sim.events.on('session-ready', (s) => console.log(`client ${s.clientId} connected from ${s.remote}`));
    sim.events.on('session-closed', (s, reason) => console.log(`connection ${s.describe()} closed: ${reason}`));
    sim.events.on('request-error', (s, code, message, reqId = -1, msgId) => {
      const what = msgId === undefined ? 'an unreadable request' : requestName(msgId);
      console.log(`client ${s.describe()}: refused ${what} reqId ${reqId}: error ${code} ${message}`);
    });
  }
  // One write, so a supervisor that waits for the address also sees the rest of the banner.
  console.log(
    [
      `TWS API simulator listening on ${sim.host}:${sim.port} (server version ${SERVER_VERSION})`,
      `  replay from ${formatEasternWithZone(sim.clock.now())} at ${speed}× · symbols: ${sim.state.catalogue.stocks.map((s) => s.symbol).join(', ')}${sim.state.catalogue.indices.map((i) => `, ${i.symbol}`).join('')}`,
      `  paper account ${sim.state.accounts.join(', ')}${values.state ? ` · state in ${resolve(values.state)}` : ' · state in memory only (--state dir keeps it)'}`,
      ...(values.faults ? ['  fault commands on stdin: type help (e.g. 1100, 1101, disconnect, restart-nightly, pacing on)'] : []),
      '  press Ctrl-C to stop',
    ].join('\n'),
  );
  if (values.faults) startFaultConsole(process.stdin, sim, { log: (line) => console.log(line), error: (line) => console.error(line) });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulator`);
    // A last resort: the state is committed before every reply, so exiting cannot lose what a client saw.
    setTimeout(() => {
      console.error(`${signal}: the simulator did not stop within ${STOP_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
