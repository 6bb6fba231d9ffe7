// The bridge's WebSocket endpoint for the PWA: versioned hello → welcome first (CLIENT_TOO_OLD /
// SERVER_TOO_OLD close the socket), then the app protocol (app-protocol/: live topics, historical
// bars, option chains, intents and commands; docs/app-protocol.md). Every message is validated on
// arrival; an invalid one gets an error naming the field path and the connection stays usable.
// Fails closed on anything it does not understand.
//
// Robustness (docs/bridge-security.md §4): every socket has an 'error' handler, so a protocol
// error (oversized or unmasked frame, invalid UTF-8, reserved opcode or bits, bad close code) closes
// that one socket with the matching close code and never reaches the process. Per connection:
// messages up to maxPayloadBytes (larger → close 1009); unsent output up to maxBufferedBytes (a
// client that does not read is dropped, nobody else waits for it); a hello within helloTimeoutMs
// (else close 1008); at most maxPendingHellos connections without a hello at a time (more → 503);
// at most maxMessagesPerSecond on average (bursts of twice that; more → close 1008). And fairness:
// after MESSAGES_PER_TURN messages a socket stops being read until the next event-loop turn, so a
// client pipelining thousands of tiny frames cannot hold the loop (other clients, timers, SIGTERM).
// The caller (server.ts) checks Host, Origin and the token before calling accept().
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  CLOSE_PROTOCOL_MISMATCH,
  MIN_CLIENT_PROTOCOL,
  PROTOCOL_MINOR,
  PROTOCOL_VERSION,
  decodeClientMessage,
  protocolVerdict,
  MessageError,
  type ServerMessage,
  type Welcome,
} from '../shared/protocol/index.ts';
import { APP_SUBPROTOCOL } from './security/access-token.ts';
import { AppProtocol, type AppProtocolOptions } from './app-protocol/app-protocol.ts';
import type { HubClient } from './app-protocol/hub.ts';

export interface WsLimits {
  /** Largest accepted message (bytes); a larger frame closes the socket with 1009. */
  readonly maxPayloadBytes: number;
  /** Output queued for a client that does not read; above it the client is dropped. */
  readonly maxBufferedBytes: number;
  /** Time from the upgrade request to a successful hello. */
  readonly helloTimeoutMs: number;
  /** Connections that have not completed the hello yet; more are refused with 503. */
  readonly maxPendingHellos: number;
  /** Average messages a second one client may send (bursts of twice as many). */
  readonly maxMessagesPerSecond: number;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  maxPayloadBytes: 1 << 20,
  maxBufferedBytes: 8 << 20,
  helloTimeoutMs: 5_000,
  maxPendingHellos: 32,
  maxMessagesPerSecond: 1000,
};

/** Messages read from one socket per event-loop turn before it yields to everything else. */
const MESSAGES_PER_TURN = 64;

/** Close code for a connection that did not say hello in time, or sent too fast (policy violation). */
export const CLOSE_POLICY = 1008;

export interface WsServerOptions {
  readonly serverVersion: string;
  readonly broker: Welcome['broker'];
  /** The app protocol's data sources (the TWS connection) and budgets. */
  readonly appProtocol?: AppProtocolOptions;
  /** Wall clock for the welcome's bridgeTime (injected so tests can pin it). */
  readonly now?: () => number;
  readonly limits?: Partial<WsLimits>;
  /** Where to report dropped clients (default: console.error). Never given a token. */
  readonly log?: (line: string) => void;
}

export interface AppWsServer {
  readonly wss: WebSocketServer;
  /** The app protocol behind the welcome (subscriptions, historical bars, option chains). */
  readonly app: AppProtocol;
  /** Connections (upgrading or open) that have not completed the hello. */
  pendingHellos(): number;
  /** Upgrades a request that passed the access checks, or answers 503 when too many are pending. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Terminates every client and stops accepting. */
  close(): Promise<void>;
}

/** Refuses an upgrade with a plain HTTP answer and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  const body = `${reason}\n`;
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  // A client that never reads must not keep the socket: give the answer a moment, then cut.
  const cut = setTimeout(() => socket.destroy(), 1000).unref();
  socket.once('close', () => clearTimeout(cut));
}

/**
 * Sends one message unless the client is already `maxBufferedBytes` behind: then it is dropped
 * (terminate: a client that does not read cannot be sent a close frame). Every server → client
 * message goes through here, so a slow reader never makes the bridge hold unbounded output.
 * Returns whether the message was queued.
 */
export function sendBounded(ws: WebSocket, msg: ServerMessage, maxBufferedBytes: number, log: (line: string) => void, text?: string): boolean {
  if (ws.readyState !== WebSocket.OPEN) return false;
  ws.send(text ?? JSON.stringify(msg));
  if (ws.bufferedAmount > maxBufferedBytes) {
    log(`bridge WebSocket: dropped a client that is not reading (${ws.bufferedAmount} bytes unsent)`);
    ws.terminate();
    return false;
  }
  return true;
}

/** Creates the `/ws` endpoint; the HTTP server's 'upgrade' handler calls accept(). */
export function createWsServer(options: WsServerOptions): AppWsServer {
  const now = options.now ?? Date.now;
  const limits: WsLimits = { ...DEFAULT_WS_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => console.error(line));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    // A browser offering ['moneytrailz', 'bearer.<token>'] gets 'moneytrailz' back; the token is
    // never echoed. Clients offering no subprotocol get none (today's PWA).
    handleProtocols: (offered) => (offered.has(APP_SUBPROTOCOL) ? APP_SUBPROTOCOL : false),
  });
  wss.on('error', (err) => log(`bridge WebSocket server: ${err.message}`));
  const pending = new Set<Duplex>();
  /** Open WebSockets by their TCP socket (for the hello time-out). */
  const bySocket = new Map<Duplex, WebSocket>();

  const send = (ws: WebSocket, msg: ServerMessage): void => void sendBounded(ws, msg, limits.maxBufferedBytes, log);
  const app = new AppProtocol(options.appProtocol);

  const onConnection = (ws: WebSocket, socket: Duplex): void => {
    let greeted = false;
    const client: HubClient = {
      send: (msg, text) => sendBounded(ws, msg, limits.maxBufferedBytes, log, text),
      // The hub's flush pass: the deltas of one turn leave in one write (ws frames go to this socket).
      cork: () => socket.cork(),
      uncork: () => socket.uncork(),
    };
    // Protocol errors: ws has already chosen the close code (1002, 1007, 1009) and is closing
    // this socket; the handler only keeps the error from becoming the process's problem.
    ws.on('error', () => {});
    ws.on('close', () => {
      pending.delete(socket);
      app.detach(client);
    });
    // Token bucket for the message rate; a per-turn count for fairness.
    let allowance = 2 * limits.maxMessagesPerSecond;
    let refilledAt = Date.now();
    let thisTurn = 0;
    ws.on('message', (data, isBinary) => {
      if (++thisTurn === MESSAGES_PER_TURN) {
        ws.pause();
        setImmediate(() => {
          thisTurn = 0;
          if (ws.readyState !== WebSocket.CLOSED) ws.resume();
        });
      }
      const t = Date.now();
      allowance = Math.min(2 * limits.maxMessagesPerSecond, allowance + ((t - refilledAt) * limits.maxMessagesPerSecond) / 1000);
      refilledAt = t;
      if (allowance < 1) {
        if (ws.readyState === WebSocket.OPEN) {
          log(`bridge WebSocket: closed a client sending more than ${limits.maxMessagesPerSecond} messages a second`);
          ws.close(CLOSE_POLICY, 'too many messages');
          setTimeout(() => ws.terminate(), 1000).unref();
        }
        return;
      }
      allowance -= 1;
      if (isBinary) {
        send(ws, { type: 'error', code: 'BAD_MESSAGE', message: '$: binary frames are not accepted' });
        return;
      }
      let msg;
      try {
        msg = decodeClientMessage(data.toString());
      } catch (err) {
        const e = err instanceof MessageError ? err : new MessageError('$', String(err));
        const code = e.path === 'type' ? 'UNKNOWN_TYPE' : 'BAD_MESSAGE';
        send(ws, { type: 'error', code, message: e.message, path: e.path, ...(e.id === undefined ? {} : { id: e.id }) });
        return;
      }
      if (msg.type === 'hello') {
        const verdict = protocolVerdict(msg.protocol);
        if (verdict !== 'ok') {
          send(ws, {
            type: 'error',
            code: verdict === 'client-too-old' ? 'CLIENT_TOO_OLD' : 'SERVER_TOO_OLD',
            message:
              verdict === 'client-too-old'
                ? `bridge speaks protocol ${PROTOCOL_VERSION} (clients from ${MIN_CLIENT_PROTOCOL}), client ${msg.client} speaks ${msg.protocol}: reload the app to update it`
                : `bridge speaks protocol ${PROTOCOL_VERSION}, client ${msg.client} speaks ${msg.protocol}: update the bridge`,
          });
          ws.close(CLOSE_PROTOCOL_MISMATCH, verdict === 'client-too-old' ? 'client too old' : 'server too old');
          return;
        }
        greeted = true;
        pending.delete(socket);
        app.greet(client, msg); // the device that holds runner leases (app-protocol/order-desk.ts)
        send(ws, {
          type: 'welcome',
          protocol: PROTOCOL_VERSION,
          minor: PROTOCOL_MINOR,
          server: 'moneytrailz-bridge',
          serverVersion: options.serverVersion,
          broker: options.broker,
          bridgeTime: now(),
        });
        return;
      }
      if (!greeted) {
        send(ws, { type: 'error', code: 'HELLO_REQUIRED', message: 'send a hello first' });
        return;
      }
      try {
        app.handle(client, msg);
      } catch (err) {
        // A bug in a handler answers this one message and never reaches the socket or the process.
        log(`bridge app protocol: ${msg.type} failed: ${err instanceof Error ? err.message : String(err)}`);
        send(ws, { type: 'error', code: 'BAD_MESSAGE', message: `$: the bridge could not handle this ${msg.type}`, path: '$' });
      }
    });
  };

  return {
    wss,
    app,
    pendingHellos: () => pending.size,
    accept(req, socket, head) {
      if (pending.size >= limits.maxPendingHellos) {
        refuseUpgrade(socket, 503, 'too many connections are waiting for their hello: try again shortly');
        return;
      }
      pending.add(socket);
      socket.once('close', () => pending.delete(socket));
      const timer = setTimeout(() => {
        if (!pending.has(socket)) return;
        pending.delete(socket);
        const ws = bySocket.get(socket);
        if (ws) {
          ws.close(CLOSE_POLICY, 'no hello in time');
          setTimeout(() => ws.terminate(), 1000).unref();
        } else socket.destroy();
      }, limits.helloTimeoutMs);
      timer.unref();
      socket.once('close', () => {
        clearTimeout(timer);
        bySocket.delete(socket);
      });
      wss.handleUpgrade(req, socket, head, (ws) => {
        bySocket.set(socket, ws);
        wss.emit('connection', ws, req);
        onConnection(ws, socket);
      });
    },
    async close() {
      app.close();
      for (const client of wss.clients) client.terminate();
      for (const s of pending) s.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
