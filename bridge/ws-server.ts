// The bridge's WebSocket endpoint for the PWA: versioned hello first, then (later issues)
// market streams, commands and sync. Fails closed on anything it does not understand.
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CLOSE_PROTOCOL_MISMATCH,
  PROTOCOL_VERSION,
  decodeClientMessage,
  isCompatibleProtocol,
  MessageError,
  type ServerHello,
  type ServerMessage,
} from '../shared/protocol/index.ts';

export interface WsServerOptions {
  readonly serverVersion: string;
  readonly broker: ServerHello['broker'];
  /** Wall clock for serverTime (injected so tests can pin it). */
  readonly now?: () => number;
}

function send(ws: WebSocket, msg: ServerMessage): void {
  ws.send(JSON.stringify(msg));
}

/** Attaches the `/ws` endpoint to an HTTP server. */
export function attachWsServer(http: Server, options: WsServerOptions): WebSocketServer {
  const now = options.now ?? Date.now;
  const wss = new WebSocketServer({ server: http, path: '/ws', maxPayload: 1 << 20 });
  wss.on('connection', (ws) => {
    let greeted = false;
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send(ws, { type: 'error', code: 'BAD_MESSAGE', message: '$: binary frames are not accepted' });
        return;
      }
      let msg;
      try {
        msg = decodeClientMessage(data.toString());
      } catch (err) {
        const code = err instanceof MessageError && err.path === 'type' ? 'UNKNOWN_TYPE' : 'BAD_MESSAGE';
        send(ws, { type: 'error', code, message: (err as Error).message });
        return;
      }
      if (msg.type === 'hello') {
        if (!isCompatibleProtocol(msg.protocol)) {
          send(ws, {
            type: 'error',
            code: 'PROTOCOL_MISMATCH',
            message: `bridge speaks protocol ${PROTOCOL_VERSION}, client ${msg.client} speaks ${msg.protocol}; update the older side`,
          });
          ws.close(CLOSE_PROTOCOL_MISMATCH, 'protocol mismatch');
          return;
        }
        greeted = true;
        send(ws, {
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          server: 'moneytrailz-bridge',
          serverVersion: options.serverVersion,
          broker: options.broker,
          serverTime: now(),
        });
        return;
      }
      if (!greeted) send(ws, { type: 'error', code: 'HELLO_REQUIRED', message: 'send a hello first' });
    });
  });
  return wss;
}
