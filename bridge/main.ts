// `npm start`: the bridge (127.0.0.1 only by default) serving the PWA and its WebSocket.
// Ctrl-C (SIGINT) or SIGTERM closes every socket and exits; nothing is left bound.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridge } from './server.ts';
import type { PairingCode } from './security/pairing.ts';
import { loadConfig } from './config-file.ts';
import { bridgeKeyProblem, formatKeyPath } from '../shared/config/index.ts';
import { ConfigError } from '../shared/errors.ts';
import { DEFAULT_DATA_DIR, DEFAULT_START, startSimulator, type RunningSimulator } from './simulator/index.ts';
import { formatEasternWithZone } from '../shared/time/tws-time.ts';
import { startFaultConsole } from './simulator/server/fault-commands.ts';
import { TwsConnection } from './ib/tws-connection.ts';
import { DEFAULT_CLIENT_ID, DEFAULT_TWS_HOST, DEFAULT_TWS_PORT } from './ib/tws-endpoint.ts';
import { openOrderPath, type OrderPath } from './trading/order-path.ts';
import { describeGuard, guardSettings } from './guard/guard-config.ts';
import { openStrategyRunners } from './strategies/open-runners.ts';
import type { StrategyRunners } from './strategies/strategy-runner.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the bridge keeps its state (simulator account, journal, order ids, leases, kill switch): env MONEYTRAILZ_STATE_DIR, else .moneytrailz beside the code. */
const stateRoot = process.env.MONEYTRAILZ_STATE_DIR ? resolve(process.env.MONEYTRAILZ_STATE_DIR) : join(root, '.moneytrailz');

const USAGE = `usage: npm start -- [--config moneytrailz.toml] [--host 127.0.0.1] [--port 4180] [--static dist]
                   [--no-simulator] [--sim-port 0] [--sim-speed 1] [--faults] [--require-token]

  --config        configuration file (default: ./moneytrailz.toml when it exists; see moneytrailz.toml.example)
  --host          interface to listen on; the default 127.0.0.1 keeps the bridge private to this machine.
                  Any other address (e.g. 0.0.0.0 for your phone on the LAN) turns on the access token:
                  the console shows a 6-digit pairing code a device exchanges for the token (POST /pair)
  --require-token the access token on 127.0.0.1 too (every client pairs); the token's file is
                  .moneytrailz/access-token, env MONEYTRAILZ_TOKEN_FILE another
  --port          HTTP + WebSocket port (0 picks a free one); env MONEYTRAILZ_PORT
  --static        folder with the built PWA
  --no-simulator  do not start the embedded TWS API simulator (nor a TWS connection); [tws] simulator = false
                  connects to TWS / IB Gateway at [tws] host:port instead (npm run bridge tests that connection)
  --sim-port      the simulator's TWS API port (default [tws] port, else any free port)
  --sim-speed     replay speed of the sample data: 1 = real time, 60 = a replay minute per second
  --faults        the dev menu: read simulator fault commands on stdin, one per line (help lists them:
                  disconnect [clientId], 1100, 2110, 1101, 1102, restart-nightly [downMs], pacing on|off|<n>,
                  lines <n>, read-only on|off, delay <ms>, burst, reset, status). Off by default, so a
                  backgrounded \`npm start &\` never reads (and is never stopped by) the terminal.

State (the simulator's paper account, the bridge's journal, order ids, leases and kill switch) is kept in
.moneytrailz/ beside the code, or in env MONEYTRAILZ_STATE_DIR; one process per state folder.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      host: { type: 'string', default: process.env.MONEYTRAILZ_HOST },
      port: { type: 'string', default: process.env.MONEYTRAILZ_PORT },
      static: { type: 'string', default: join(root, 'dist') },
      'no-simulator': { type: 'boolean', default: false },
      'sim-port': { type: 'string' },
      'sim-speed': { type: 'string', default: '1' },
      faults: { type: 'boolean', default: false },
      'require-token': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const configPath = values.config ?? (existsSync('moneytrailz.toml') ? 'moneytrailz.toml' : undefined);
  const loaded = configPath ? await loadConfig(configPath) : undefined;
  const config = loaded?.config;
  if (loaded) {
    // Keys for what the bridge cannot do yet are refused, not ignored.
    const problem = bridgeKeyProblem(loaded.raw);
    if (problem) throw new ConfigError(loaded.path, loaded.lineOf(problem.path), formatKeyPath(problem.path), problem.problem);
    console.log(`config: ${loaded.path}`);
  }
  const host = values.host ?? config?.bridge.host ?? '127.0.0.1';
  const portText = values.port ?? String(config?.bridge.port ?? 4180);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0..65535, got ${portText}`);
  const staticDir = resolve(values.static!);
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`${staticDir} has no index.html: run \`npm run build\` first (npm start does it for you)`);
  }
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };

  // The embedded TWS API simulator: a paper broker on the real wire protocol, replaying the samples.
  let simulator: RunningSimulator | null = null;
  if (!values['no-simulator'] && config?.tws.simulator !== false) {
    const simPort = Number(values['sim-port'] ?? config?.tws.port ?? 0);
    const speed = Number(values['sim-speed']);
    if (!Number.isInteger(simPort) || simPort < 0 || simPort > 65535) throw new Error(`--sim-port: expected 0..65535, got ${values['sim-port']}`);
    if (!(speed > 0)) throw new Error(`--sim-speed: expected a number > 0, got ${values['sim-speed']}`);
    // Paper positions, cash, orders and order ids survive restarts (gitignored folder beside the code).
    const stateDir = join(stateRoot, 'simulator');
    simulator = await startSimulator({ host: '127.0.0.1', port: simPort, speed, dataDir: DEFAULT_DATA_DIR, start: DEFAULT_START, stateDir });
  }

  // The TWS connection (bridge/ib): to the embedded simulator, or with [tws] simulator = false to TWS /
  // IB Gateway at [tws] host:port; the persisted order ids live beside the simulator's state.
  const twsTarget = simulator ? { host: simulator.host, port: simulator.port } : config?.tws.simulator === false && !values['no-simulator'] ? { host: config.tws.host ?? DEFAULT_TWS_HOST, port: config.tws.port ?? DEFAULT_TWS_PORT } : null;
  let tws: TwsConnection | null = null;
  // The order path (bridge/trading/order-path.ts): journal, order ids, IBKR broker, reconciliation and
  // the order guard, in the same folder; it starts the connection.
  let orders: OrderPath | null = null;
  if (twsTarget) {
    orders = await openOrderPath({
      stateDir: join(stateRoot, 'bridge', simulator ? 'simulator' : 'tws'),
      config,
      connect: (orderIds) => {
        const clientId = config?.tws.client_id ?? DEFAULT_CLIENT_ID;
        const c = new TwsConnection({ ...twsTarget, clientId, orderIds, maxStartupRetries: config?.tws.max_startup_retries });
        c.on('alarm', (a) => console.error(`TWS ALARM ${a.code}: ${a.message} (client id ${a.clientId})`));
        return c;
      },
    });
    tws = orders.tws;
    await tws.whenReady(2000).catch(() => undefined); // the banner shows the state either way
    tws.on('state', (s) => console.log(`TWS connection: ${s.state} — ${s.reason}`));
  }

  // Strategy runners (bridge/strategies, docs/bridge.md §6): the config's [strategies.<id>] instances —
  // without a moneytrailz.toml the built-in sample's — started and stopped from the app (arm / disarm).
  let strategies: StrategyRunners | null = null;
  if (orders) {
    const r = await openStrategyRunners({ root, configPath: loaded?.path, path: orders, clock: simulator?.clock });
    strategies = r.runners;
    console.log(`strategy instances: ${r.summary}`);
  }

  const bridge = await startBridge({
    host,
    port,
    staticDir,
    serverVersion: pkg.version,
    broker: simulator ? 'simulator' : tws ? 'tws' : 'none',
    appProtocol: { tws: tws ?? undefined, orders: orders ?? undefined, strategies: strategies ?? undefined }, // quotes, bars, account, positions, orders, P&L, strategies; intents and commands
    requireToken: values['require-token'],
    tokenFile: process.env.MONEYTRAILZ_TOKEN_FILE || undefined,
    onPairingCode: (c) => console.log(pairingLine(c)),
  });
  const lines = [`MoneyTrailz is running: ${bridge.url}`, `  bridge WebSocket: ${bridge.url.replace(/^http/, 'ws')}ws`];
  if (simulator) {
    lines.push(
      `  TWS API simulator (paper, sample data): ${simulator.host}:${simulator.port} · replay from ${formatEasternWithZone(simulator.clock.now())} at ${values['sim-speed']}×`,
      values.faults
        ? '  dev menu: type a simulator fault command and Enter (help lists them, e.g. 1100, disconnect, restart-nightly)'
        : '  dev menu: npm start -- --faults reads simulator fault commands (1100, disconnect, restart-nightly…) on stdin',
    );
  }
  if (bridge.pairingCode) {
    lines.push(
      '  access token required (not a loopback-only bridge): pair each device once',
      pairingLine(bridge.pairingCode),
      ...bridge.deviceUrls.map((u) => `  on another device: ${u}`),
      `  the app sends the code to ${bridge.url}pair; the token is kept in ${bridge.tokenFile} (delete it to unpair every device)`,
    );
  }
  if (tws) {
    const r = tws.readyInfo();
    lines.push(`  TWS connection: ${tws.state} · ${twsTarget!.host}:${twsTarget!.port} as client id ${tws.clientId}${r ? ` · next order id ${r.nextOrderId}` : ''}`);
    // [guard]: the order guard's limits (bridge/guard/order-guard.ts), with their defaults.
    lines.push(`  order guard: ${describeGuard(guardSettings(config))}`);
  }
  lines.push('  press Ctrl-C to stop');
  // Signal handlers before the banner: whoever reads "running" may press Ctrl-C at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    // The runners stop first (armed instances stay armed and run again at the next start).
    Promise.all([(strategies?.close() ?? Promise.resolve()).then(() => orders?.close()), bridge.close(), simulator?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  console.log(lines.join('\n'));
  strategies?.resume(); // armed instances run again, each once the first reconciliation is done
  if (simulator && values.faults) startFaultConsole(process.stdin, simulator, { log: (line) => console.log(line), error: (line) => console.error(line) });
}

/** The console line with a pairing code (the only place a code is shown; the token never is). */
function pairingLine(c: PairingCode): string {
  const minutes = Math.round((c.expiresAt - Date.now()) / 60_000);
  return `  pairing code: ${c.code} (valid ${minutes} min)`;
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
