// One HTTP server on one port: the built PWA at `/` and the app's WebSocket at `/ws`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { WebSocketServer } from 'ws';
import { staticFiles } from './http/static-files.ts';
import { attachWsServer, type WsServerOptions } from './ws-server.ts';

export interface BridgeOptions extends WsServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Folder with the built PWA (dist/). */
  readonly staticDir: string;
}

export interface RunningBridge {
  readonly url: string;
  readonly port: number;
  readonly http: Server;
  readonly wss: WebSocketServer;
  close(): Promise<void>;
}

/** Starts the bridge's HTTP + WebSocket server; rejects with a clear message if the port is taken. */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const serve = staticFiles(options.staticDir);
  const http = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  const sockets = new Set<Socket>();
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${options.host} is already in use: stop the other process or pass --port N`)
          : err,
      );
    });
    http.listen(options.port, options.host, () => resolve());
  });
  // Attached only once listening: ws re-emits the HTTP server's errors and would crash on EADDRINUSE.
  const wss = attachWsServer(http, options);
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    port,
    http,
    wss,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
