// `npm start`: the bridge (127.0.0.1 only by default) serving the PWA and its WebSocket.
// Ctrl-C (SIGINT) or SIGTERM closes every socket and exits; nothing is left bound.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridge } from './server.ts';
import { loadConfig } from './config-file.ts';
import { bridgeKeyProblem, formatKeyPath } from '../shared/config/index.ts';
import { ConfigError } from '../shared/errors.ts';
import { DEFAULT_DATA_DIR, DEFAULT_START, startSimulator, type RunningSimulator } from './simulator/index.ts';
import { formatEasternWithZone } from './simulator/wire/tws-time.ts';
import { startFaultConsole } from './simulator/server/fault-commands.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm start -- [--config moneytrailz.toml] [--host 127.0.0.1] [--port 4180] [--static dist]
                   [--no-simulator] [--sim-port 0] [--sim-speed 1] [--faults]

  --config        configuration file (default: ./moneytrailz.toml when it exists; see moneytrailz.toml.example)
  --host          interface to listen on; the default 127.0.0.1 keeps the bridge private to this machine
  --port          HTTP + WebSocket port (0 picks a free one); env MONEYTRAILZ_PORT
  --static        folder with the built PWA
  --no-simulator  do not start the embedded TWS API simulator ([tws] simulator = false does the same)
  --sim-port      the simulator's TWS API port (default [tws] port, else any free port)
  --sim-speed     replay speed of the sample data: 1 = real time, 60 = a replay minute per second
  --faults        the dev menu: read simulator fault commands on stdin, one per line (help lists them:
                  disconnect [clientId], 1100, 2110, 1101, 1102, restart-nightly [downMs], pacing on|off|<n>,
                  lines <n>, read-only on|off, delay <ms>, burst, reset, status). Off by default, so a
                  backgrounded \`npm start &\` never reads (and is never stopped by) the terminal.`;

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
    const stateDir = join(root, '.moneytrailz', 'simulator');
    simulator = await startSimulator({ host: '127.0.0.1', port: simPort, speed, dataDir: DEFAULT_DATA_DIR, start: DEFAULT_START, stateDir });
  }

  const bridge = await startBridge({
    host,
    port,
    staticDir,
    serverVersion: pkg.version,
    broker: simulator ? 'simulator' : 'none',
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
  lines.push('  press Ctrl-C to stop');
  console.log(lines.join('\n'));
  if (simulator && values.faults) startFaultConsole(process.stdin, simulator, { log: (line) => console.log(line), error: (line) => console.error(line) });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    Promise.all([bridge.close(), simulator?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
