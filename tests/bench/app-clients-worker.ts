// The bridge benchmark's app clients (bridge.ts) in a worker thread of their own: a browser on a
// phone or desktop is never the bridge's thread, so the clients' WebSocket decoding and JSON parsing
// must not queue behind the bridge's work (nor the bridge's behind theirs). Each client says hello,
// subscribes to the topics and records every delta as (topic index, seq, receive time); the parent
// asks for the records once every client has what the hub sent (the bench parses the messages then:
// a receive time is the moment the client's WebSocket delivered the message). Times are process.hrtime in ms: the
// same monotonic clock in every thread.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol/index.ts';
import { hrMs } from './measure.ts';

export interface ClientsStart {
  readonly url: string;
  readonly topics: readonly string[];
  readonly clients: number;
  /** The client name in its hello (with -1, -2 … when the worker runs several). */
  readonly name: string;
}

/** Parent → worker. */
export type ClientsRequest = { readonly type: 'drain'; readonly targets: readonly number[] } | { readonly type: 'close' };

/** Worker → parent. */
export type ClientsReply =
  | { readonly type: 'ready'; readonly base: readonly (readonly number[])[] }
  | { readonly type: 'drained'; readonly records: readonly Float64Array[]; readonly deltas: readonly number[]; readonly gaps: number }
  | { readonly type: 'failed'; readonly message: string };

interface Client {
  readonly ws: WebSocket;
  deltas: number;
  gaps: number;
  /** (topic index, seq, received at) triples since the last drain. */
  records: number[];
  /** Messages received but not read yet, with their receive times: the bench's own JSON parsing is
   * left until the parent asks (a receive time must not include the client's handling of the
   * messages before it — an app's own work is not the bridge's latency). */
  raw: (string | number)[];
  /** The last seq per topic (gap check). */
  readonly lastSeq: Int32Array;
}

const start = workerData as ClientsStart;
const port = parentPort!;
const topicIndex = new Map(start.topics.map((t, i) => [t, i]));
const clients: Client[] = [];
let waiting: { targets: readonly number[] } | undefined;

const fail = (message: string) => port.postMessage({ type: 'failed', message } satisfies ClientsReply);

/** Reads the messages a client has received since it was last read. */
function read(c: Client): void {
  const raw = c.raw;
  for (let i = 0; i < raw.length; i += 2) {
    const m = JSON.parse(raw[i] as string) as { type: string; topic?: string; seq?: number };
    if (m.type !== 'delta' && m.type !== 'snapshot') continue;
    const t = topicIndex.get(m.topic!)!;
    if (m.type === 'delta') {
      if (c.lastSeq[t] >= 0 && m.seq !== c.lastSeq[t] + 1) c.gaps++;
      c.deltas++;
      c.records.push(t, m.seq!, raw[i + 1] as number);
    }
    c.lastSeq[t] = m.seq!;
  }
  c.raw = [];
}

function checkDrained(): void {
  if (!waiting) return;
  for (const c of clients) read(c);
  if (clients.some((c, i) => c.deltas < waiting!.targets[i])) return;
  waiting = undefined;
  const records = clients.map((c) => Float64Array.from(c.records));
  for (const c of clients) c.records = [];
  port.postMessage({ type: 'drained', records, deltas: clients.map((c) => c.deltas), gaps: clients.reduce((n, c) => n + c.gaps, 0) } satisfies ClientsReply);
}

async function connect(i: number): Promise<{ client: Client; base: number[] }> {
  const ws = new WebSocket(start.url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client: Client = { ws, deltas: 0, gaps: 0, records: [], raw: [], lastSeq: new Int32Array(start.topics.length).fill(-1) };
  const base = new Array<number>(start.topics.length).fill(-1);
  let subscribed = false;
  let snapshots = 0;
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const at = hrMs();
      if (subscribed) {
        client.raw.push(data.toString(), at);
        if (waiting) checkDrained();
        return;
      }
      const m = JSON.parse(data.toString()) as { type: string; topic?: string; seq?: number; ok?: boolean; message?: string };
      if (m.type === 'delta') {
        client.raw.push(data.toString(), at);
      } else if (m.type === 'snapshot') {
        const t = topicIndex.get(m.topic!)!;
        client.lastSeq[t] = m.seq!;
        if (base[t] < 0) snapshots++;
        base[t] = m.seq!;
        if (snapshots === start.topics.length) {
          subscribed = true;
          resolve();
        }
      } else if (m.type === 'welcome') {
        ws.send(JSON.stringify({ type: 'subscribe', id: 'bench', subscriptions: start.topics.map((topic) => ({ topic })) }));
      } else if (m.type === 'ack' && !m.ok) reject(new Error(`bench: subscribe refused: ${m.message}`));
      else if (m.type === 'error') reject(new Error(`bench: ${data.toString()}`));
    });
    ws.on('close', () => fail(`app client ${i + 1} was dropped`));
    ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: start.clients === 1 ? start.name : `${start.name}-${i + 1}`, clientVersion: '1' }));
  });
  return { client, base };
}

port.on('message', (msg: ClientsRequest) => {
  if (msg.type === 'close') {
    for (const c of clients) {
      c.ws.removeAllListeners('close');
      c.ws.terminate();
    }
    port.close();
    return;
  }
  waiting = { targets: msg.targets };
  checkDrained();
});

try {
  const bases: number[][] = [];
  for (let i = 0; i < start.clients; i++) {
    const { client, base } = await connect(i);
    clients.push(client);
    bases.push(base);
  }
  port.postMessage({ type: 'ready', base: bases } satisfies ClientsReply);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
