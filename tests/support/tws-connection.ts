// The bridge's TwsConnection in tests: a real OrderIdStore in a temporary folder, fast backoff, no
// jitter, and a recorder of every state change, notice, alarm and ready event it emits. Stopped when
// the test finishes; its folder removed.
import { onTestFinished } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwsConnection, type TwsAlarm, type TwsConnectionOptions, type TwsNotice, type TwsReady, type TwsState, type TwsStateChange } from '../../bridge/ib/tws-connection.ts';
import { OrderIdStore } from '../../bridge/journal/order-id-store.ts';

export interface Recorded {
  readonly conn: TwsConnection;
  readonly store: OrderIdStore;
  readonly stateDir: string;
  readonly states: TwsStateChange[];
  readonly notices: TwsNotice[];
  readonly alarms: TwsAlarm[];
  readonly readies: TwsReady[];
  readonly resubscribes: TwsReady[];
  /** Resolves on the first state change (from now, or from `after`) into `state` matching `pred`. */
  waitState(state: TwsState, pred?: (s: TwsStateChange) => boolean, timeoutMs?: number, after?: number): Promise<TwsStateChange>;
  /** Resolves on the first alarm (from `after`, an index into alarms) matching `pred`. */
  waitAlarm(pred?: (a: TwsAlarm) => boolean, timeoutMs?: number, after?: number): Promise<TwsAlarm>;
}

export type TestConnectionOptions = Partial<Omit<TwsConnectionOptions, 'port'>> & { readonly port: number; readonly stateDir?: string };

function waitIn<T>(list: T[], pred: (x: T) => boolean, after: number, timeoutMs: number, what: string, subscribe: (fn: () => void) => () => void): Promise<T> {
  const find = () => list.slice(after).find(pred);
  const hit = find();
  if (hit) return Promise.resolve(hit);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; seen: ${JSON.stringify(list.slice(after))}`));
    }, timeoutMs);
    const off = subscribe(() => {
      const h = find();
      if (h) {
        clearTimeout(timer);
        off();
        resolve(h);
      }
    });
  });
}

/** A started TwsConnection to 127.0.0.1:`port` (client id 11 unless given), recorded. */
export async function startTestConnection(options: TestConnectionOptions): Promise<Recorded> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'tws-conn-')));
  const store = await OrderIdStore.open(stateDir);
  const conn = new TwsConnection({
    host: '127.0.0.1',
    clientId: 11,
    orderIds: store,
    handshakeTimeoutMs: 3000,
    backoff: { initialMs: 50, maxMs: 400 },
    random: () => 0,
    maxReqPerSec: 50,
    ...options,
  });
  const rec: Recorded = {
    conn,
    store,
    stateDir,
    states: [],
    notices: [],
    alarms: [],
    readies: [],
    resubscribes: [],
    waitState: (state, pred = () => true, timeoutMs = 5000, after = rec.states.length) =>
      waitIn(rec.states, (s) => s.state === state && pred(s), after, timeoutMs, `state '${state}'`, (fn) => {
        conn.on('state', fn);
        return () => conn.off('state', fn);
      }),
    waitAlarm: (pred = () => true, timeoutMs = 5000, after = rec.alarms.length) =>
      waitIn(rec.alarms, pred, after, timeoutMs, 'an alarm', (fn) => {
        conn.on('alarm', fn);
        return () => conn.off('alarm', fn);
      }),
  };
  conn.on('state', (s) => rec.states.push(s));
  conn.on('notice', (n) => rec.notices.push(n));
  conn.on('alarm', (a) => rec.alarms.push(a));
  conn.on('ready', (r) => rec.readies.push(r));
  conn.on('resubscribe', (r) => rec.resubscribes.push(r));
  onTestFinished(async () => {
    await conn.stop();
    if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
  });
  conn.start();
  return rec;
}

/** A TCP port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
