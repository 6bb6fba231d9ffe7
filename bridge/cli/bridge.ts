// `npm run bridge -- --tws 127.0.0.1:7497 --client-id 17`: the bridge's TWS connection against a real
// TWS or IB Gateway (or any TWS API port): connects, prints every state change and notice, raises
// alarms on stderr, keeps reconnecting, and exits cleanly on Ctrl-C / SIGTERM. It sends no orders.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { parseCliArgs, UsageError } from './args.ts';
import { loadConfig } from '../config-file.ts';
import { TwsConnection, type TwsStateChange } from '../ib/tws-connection.ts';
import { checkClientId, checkHost, checkPort, DEFAULT_CLIENT_ID, DEFAULT_TWS_HOST, DEFAULT_TWS_PORT, EndpointError, parseHostPort } from '../ib/tws-endpoint.ts';
import { OrderIdStore } from '../journal/order-id-store.ts';
import { lockStateFolder } from '../trading/state-lock.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `usage: npm run bridge -- [--tws host:port] [--client-id n] [--config moneytrailz.toml]
                        [--state-dir dir] [--handshake-timeout ms]

  --tws               the TWS / IB Gateway API socket (default [tws] host:port, else ${DEFAULT_TWS_HOST}:${DEFAULT_TWS_PORT}:
                      TWS paper 7497, live 7496; IB Gateway paper 4002, live 4001)
  --client-id         the API client id (default [tws] client_id, else ${DEFAULT_CLIENT_ID}); if TWS answers 326
                      (in use) the next four ids are tried
  --config            read host, port, client_id and max_startup_retries from its [tws] section (flags win); with
                      max_startup_retries = N it exits (code 1) after N attempts in a row that never connected
  --state-dir         where the persisted order id lives (default .moneytrailz/bridge/tws)
  --handshake-timeout ms without nextValidId before an attempt is dropped and retried (default 5000)

TWS must accept API connections: Global Configuration → API → Settings → "Enable ActiveX and Socket
Clients", the socket port above, 127.0.0.1 in Trusted IPs (see README, "Connecting to TWS").`;

const FLAGS = new Set(['help']);
const KNOWN = new Set(['tws', 'client-id', 'config', 'state-dir', 'handshake-timeout', 'help']);

const stamp = () => new Date().toISOString().slice(11, 23);

function describeState(s: TwsStateChange, conn: TwsConnection): string {
  const extra = s.state === 'ready' ? ` · client id ${s.clientId} · next order id ${conn.readyInfo()?.nextOrderId}` : s.retryInMs !== undefined ? ` · retry in ${s.retryInMs} ms` : '';
  return `${stamp()} ${s.state.padEnd(17)} ${s.reason}${extra}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCliArgs(argv, FLAGS);
  const one = (name: string): string | undefined => {
    const v = args.options.get(name);
    if (v && v.length > 1) throw new UsageError(`--${name} given ${v.length} times`);
    return v?.[0];
  };
  for (const name of args.options.keys()) if (!KNOWN.has(name)) throw new UsageError(`unknown option --${name}`);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args.positional[0])}`);
  if (one('help')) {
    console.log(USAGE);
    return 0;
  }

  const configPath = one('config');
  const tws = configPath ? (await loadConfig(configPath)).config.tws : undefined;
  const hostPort = one('tws');
  const endpoint = hostPort
    ? parseHostPort('--tws', hostPort)
    : { host: checkHost('[tws] host', tws?.host ?? DEFAULT_TWS_HOST), port: checkPort('[tws] port', tws?.port ?? DEFAULT_TWS_PORT) };
  const idText = one('client-id');
  const clientId = idText !== undefined ? checkClientId('--client-id', idText) : (tws?.client_id ?? DEFAULT_CLIENT_ID);
  const timeoutText = one('handshake-timeout');
  const handshakeTimeoutMs = timeoutText === undefined ? 5000 : Number(timeoutText);
  if (!Number.isInteger(handshakeTimeoutMs) || handshakeTimeoutMs < 100) throw new UsageError(`--handshake-timeout: expected an integer ≥ 100 (ms), got ${timeoutText}`);
  const stateDir = resolve(one('state-dir') ?? join(root, '.moneytrailz', 'bridge', 'tws'));

  const lock = await lockStateFolder(stateDir); // the same folder as `npm start` with simulator = false: one at a time
  const orderIds = await OrderIdStore.open(stateDir);
  const conn = new TwsConnection({ ...endpoint, clientId, orderIds, handshakeTimeoutMs, maxStartupRetries: tws?.max_startup_retries });
  conn.on('state', (s) => console.log(describeState(s, conn)));
  conn.on('notice', (n) => console.log(`${stamp()} ${n.kind === 'info' ? 'notice' : 'error '}           ${n.code}${n.reqId >= 0 ? ` (id ${n.reqId})` : ''}: ${n.message}`));
  conn.on('alarm', (a) => console.error(`${stamp()} ALARM             ${a.code}: ${a.message} (client id ${a.clientId})`));
  conn.on('resubscribe', () => console.log(`${stamp()} resubscribe       1101: market data subscriptions were lost and must be made again`));
  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping`);
      const force = setTimeout(() => done(1), 5000);
      force.unref();
      conn.stop().then(
        () => lock.release().then(() => done(0), () => done(1)),
        () => done(1),
      );
    };
    // The start-up retry limit gave up ([tws] max_startup_retries, wheel-rules.md §3.2 T34): exit 1.
    conn.on('state', (s) => {
      if (s.state !== 'stopped' || stopping) return;
      stopping = true;
      console.error(`error: ${s.reason}`);
      lock.release().then(() => done(1), () => done(1));
    });
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // Announced only once Ctrl-C is handled.
    console.log(`TWS connection to ${endpoint.host}:${endpoint.port} as client id ${clientId} · order ids in ${stateDir} · Ctrl-C to stop`);
    conn.start();
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage = err instanceof UsageError || err instanceof EndpointError;
    console.error(`error: ${err instanceof Error ? err.message : String(err)}${usage ? '\n\n' + USAGE : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
