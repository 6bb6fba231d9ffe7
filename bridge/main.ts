// `npm start`: the bridge (127.0.0.1 only by default) serving the PWA and its WebSocket.
// Ctrl-C (SIGINT) or SIGTERM closes every socket and exits; nothing is left bound.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridge } from './server.ts';
import { loadConfigFile } from './config-file.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm start -- [--config moneytrailz.toml] [--host 127.0.0.1] [--port 4180] [--static dist]

  --config   configuration file (default: ./moneytrailz.toml when it exists; see moneytrailz.toml.example)
  --host     interface to listen on; the default 127.0.0.1 keeps the bridge private to this machine
  --port     HTTP + WebSocket port (0 picks a free one); env MONEYTRAILZ_PORT
  --static   folder with the built PWA`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      host: { type: 'string', default: process.env.MONEYTRAILZ_HOST },
      port: { type: 'string', default: process.env.MONEYTRAILZ_PORT },
      static: { type: 'string', default: join(root, 'dist') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const configPath = values.config ?? (existsSync('moneytrailz.toml') ? 'moneytrailz.toml' : undefined);
  const config = configPath ? await loadConfigFile(configPath) : undefined;
  if (configPath) console.log(`config: ${configPath}`);
  const host = values.host ?? config?.bridge.host ?? '127.0.0.1';
  const portText = values.port ?? String(config?.bridge.port ?? 4180);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0..65535, got ${portText}`);
  const staticDir = resolve(values.static!);
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`${staticDir} has no index.html: run \`npm run build\` first (npm start does it for you)`);
  }
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const bridge = await startBridge({
    host,
    port,
    staticDir,
    serverVersion: pkg.version,
    broker: 'none',
  });
  console.log(`MoneyTrailz is running: ${bridge.url}`);
  console.log(`  bridge WebSocket: ${bridge.url.replace(/^http/, 'ws')}ws`);
  console.log('  press Ctrl-C to stop');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    bridge.close().then(
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
