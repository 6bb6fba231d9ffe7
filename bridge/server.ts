// One HTTP server on one port: the built PWA at `/`, the app's WebSocket at `/ws`, `/pair/status`
// (whether a token is required), and in token mode the pairing endpoints at `/pair`
// (docs/bridge-security.md §1–§4).
//
// Loopback mode (the default, 127.0.0.1): no token; the Host must be a loopback name and a
// browser's Origin the bridge's own. Token mode (any other bind address, or requireToken): every
// WebSocket upgrade must also present the access token, which devices get by pairing.
// No input from the network ends the process: parser errors get 400/408/431 (clientError),
// request handlers catch their errors, every socket has an error handler, and close() ends every
// connection (closeAllConnections) so SIGTERM exits within seconds even under load.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkInterfaces } from 'node:os';
import type { WebSocketServer } from 'ws';
import { staticFiles } from './http/static-files.ts';
import { answerClientError } from './http/client-errors.ts';
import { pairingEndpoint, pairingStatus } from './http/pairing-endpoint.ts';
import { loadOrCreateAccessToken } from './security/access-token.ts';
import { Pairing, type PairingCode, type PairingOptions } from './security/pairing.ts';
import { allowedHostNames, checkHost, checkUpgrade, isLoopbackHost, type AccessPolicy } from './security/upgrade-check.ts';
import { createWsServer, refuseUpgrade, type WsServerOptions } from './ws-server.ts';
import type { AppProtocol } from './app-protocol/app-protocol.ts';

/** The token file when none is given: the gitignored `.moneytrailz/` folder beside the code. */
export const DEFAULT_TOKEN_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.moneytrailz', 'access-token');

export interface BridgeOptions extends WsServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Folder with the built PWA (dist/). */
  readonly staticDir: string;
  /** Token mode on a loopback bind too (`--require-token`; tests). A non-loopback bind always is. */
  readonly requireToken?: boolean;
  /** The access token's file (default DEFAULT_TOKEN_FILE); read or created in token mode only. */
  readonly tokenFile?: string;
  /** More names this machine is reached under (e.g. a VPN or DNS name), for the Host check. */
  readonly allowedHosts?: readonly string[];
  /** Open TCP connections at most (HTTP and WebSocket together); more are dropped by Node. */
  readonly maxConnections?: number;
  readonly pairing?: PairingOptions;
  /** Shows a pairing code on the console (the first one is also in RunningBridge.pairingCode). */
  readonly onPairingCode?: (code: PairingCode) => void;
}

export interface RunningBridge {
  readonly url: string;
  readonly port: number;
  readonly http: Server;
  readonly wss: WebSocketServer;
  /** The app protocol behind the WebSocket's welcome (subscriptions, historical bars, option chains). */
  readonly app: AppProtocol;
  /** Whether WebSocket clients must present the access token. */
  readonly tokenRequired: boolean;
  /** Addresses other devices can open (this machine's LAN addresses for a wildcard bind). */
  readonly deviceUrls: readonly string[];
  /** Where the access token is kept (null in loopback mode). */
  readonly tokenFile: string | null;
  /** The code issued at start in token mode (null in loopback mode). */
  readonly pairingCode: PairingCode | null;
  /** Open TCP connections (HTTP and WebSocket). */
  connections(): number;
  /** WebSocket connections that have not completed the hello. */
  pendingHellos(): number;
  close(): Promise<void>;
}

/** Starts the bridge's HTTP + WebSocket server; rejects with a clear message if the port is taken. */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const log = options.log ?? ((line: string) => console.error(line));
  const tokenRequired = options.requireToken === true || !isLoopbackHost(options.host);
  const tokenFile = tokenRequired ? (options.tokenFile ?? DEFAULT_TOKEN_FILE) : null;
  const token = tokenFile ? await loadOrCreateAccessToken(tokenFile) : null;
  const policy: AccessPolicy = { allowedHosts: allowedHostNames(options.host, options.allowedHosts), token };
  const pairing = token ? new Pairing(token, options.pairing) : null;
  const pairingCode = pairing ? pairing.issue() : null;
  // Token mode: /pair, /pair/new and /pair/status; loopback mode: /pair/status only ({"tokenRequired":false}).
  const pair = pairing && token ? pairingEndpoint({ pairing, token, onCode: (c) => options.onPairingCode?.(c) }) : pairingStatus(false);
  const serve = staticFiles(options.staticDir);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = checkHost(req, policy);
    if (!host.ok) {
      res.writeHead(host.status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`${host.reason}\n`);
      return;
    }
    if (await pair(req, res)) return;
    await serve(req, res);
  };
  const http = createServer(
    // Node's request time-outs are checked every connectionsCheckingInterval: a client that sends
    // half a request is cut after headersTimeout, not after the 60 s default.
    { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      res.on('error', () => res.destroy());
      handle(req, res).catch((err: unknown) => {
        log(`bridge HTTP ${req.method} ${(req.url ?? '').split('?')[0].slice(0, 200)}: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error\n');
        else res.destroy();
      });
    },
  );
  http.maxConnections = options.maxConnections ?? 256;
  http.on('clientError', answerClientError);
  const sockets = new Set<Socket>();
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('error', () => {}); // the request, upgrade or WebSocket layer above decides what it means
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolveListen, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${options.host} is already in use: stop the other process or pass --port N`)
          : err,
      );
    });
    http.listen(options.port, options.host, () => resolveListen());
  });
  http.on('error', (err) => log(`bridge HTTP server: ${err.message}`));

  const ws = createWsServer({ ...options, log });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => {});
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') {
      refuseUpgrade(socket, 404, 'the WebSocket is at /ws');
      return;
    }
    const verdict = checkUpgrade(req, policy);
    if (!verdict.ok) {
      refuseUpgrade(socket, verdict.status, verdict.reason);
      return;
    }
    ws.accept(req, socket, head);
  });

  const port = (http.address() as AddressInfo).port;
  const urlOf = (h: string) => `http://${h.includes(':') ? `[${h}]` : h}:${port}/`;
  // A wildcard address is not something a browser should open (and fails the Host check).
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const deviceUrls = wildcard
    ? Object.values(networkInterfaces())
        .flatMap((list) => list ?? [])
        .filter((a) => !a.internal && a.family === 'IPv4')
        .map((a) => urlOf(a.address))
    : isLoopbackHost(options.host)
      ? []
      : [urlOf(options.host)];
  return {
    url: urlOf(wildcard ? '127.0.0.1' : options.host),
    port,
    deviceUrls,
    http,
    wss: ws.wss,
    app: ws.app,
    tokenRequired,
    tokenFile,
    pairingCode,
    connections: () => sockets.size,
    pendingHellos: () => ws.pendingHellos(),
    async close() {
      const closed = new Promise<void>((r) => http.close(() => r()));
      await ws.close();
      http.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
