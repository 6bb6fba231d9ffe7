// A well-behaved app client of the bridge over a real `ws` WebSocket, for tests.
import WebSocket, { type ClientOptions } from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol/index.ts';

export interface TestAppClient {
  readonly ws: WebSocket;
  /** The next message (parsed), in arrival order. */
  next(timeoutMs?: number): Promise<ServerMessage>;
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
}

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
export function openAppClient(url: string, protocols: string[] = [], options: ClientOptions = {}): Promise<TestAppClient> {
  const ws = new WebSocket(url, protocols, options);
  const queue: ServerMessage[] = [];
  const waiters: ((m: ServerMessage) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as ServerMessage;
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused with ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.on('error', () => {});
      resolve({
        ws,
        closed,
        next: (timeoutMs = 5000) =>
          queue.length
            ? Promise.resolve(queue.shift()!)
            : new Promise((res, rej) => {
                const t = setTimeout(() => rej(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
                waiters.push((m) => {
                  clearTimeout(t);
                  res(m);
                });
              }),
      });
    });
  });
}

export const helloMessage = (client = 'test'): string =>
  JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client, clientVersion: '1' });

/** Connects, says hello, returns the bridge's answer and closes. */
export async function helloRoundTrip(url: string, protocols: string[] = [], options: ClientOptions = {}): Promise<ServerMessage> {
  const c = await openAppClient(url, protocols, options);
  c.ws.send(helloMessage());
  const answer = await c.next();
  c.ws.close();
  await c.closed;
  return answer;
}
