// The bridge with the app protocol against the embedded simulator for tests: a simulator on the step
// clock, a real TwsConnection (real @stoqey/ib over TCP), startBridge with that connection, and app
// clients over real `ws` WebSockets that collect every message and can wait for one that matches.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventName } from '@stoqey/ib';
import { startBridge, type RunningBridge } from '../../bridge/server.ts';
import type { AppProtocolOptions } from '../../bridge/app-protocol/app-protocol.ts';
import { TwsConnection } from '../../bridge/ib/tws-connection.ts';
import { OrderIdStore } from '../../bridge/journal/order-id-store.ts';
import type { RunningSimulator, SimulatorOptions } from '../../bridge/simulator/index.ts';
import { PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol/index.ts';
import { openAppClient, type TestAppClient } from './bridge-ws-client.ts';
import { startTestSimulator } from './ib-simulator.ts';

export interface Harness {
  readonly sim: RunningSimulator;
  readonly conn: TwsConnection;
  readonly bridge: RunningBridge;
  readonly url: string;
  /** Resolves once every message TWS sent before now has been handled by the bridge (a TWS round trip). */
  twsBarrier(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(simOptions: SimulatorOptions = {}, app: Omit<AppProtocolOptions, 'tws'> = {}): Promise<Harness> {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00', ...simOptions });
  const dir = await mkdtemp(join(tmpdir(), 'mt-app-proto-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const conn = new TwsConnection({ host: '127.0.0.1', port: sim.port, clientId: 21, orderIds: await OrderIdStore.open(dir), maxReqPerSec: 50, backoff: { initialMs: 50, maxMs: 400 }, random: () => 0 });
  conn.start();
  await conn.whenReady(5000);
  const bridge = await startBridge({ host: '127.0.0.1', port: 0, staticDir: dir, serverVersion: '0.0.0-test', broker: 'simulator', log: () => {}, appProtocol: { ...app, tws: conn } });
  return {
    sim,
    conn,
    bridge,
    url: `ws://127.0.0.1:${bridge.port}/ws`,
    async twsBarrier() {
      const api = conn.readyApi();
      if (!api) throw new Error('TWS not ready');
      await new Promise<void>((resolve) => {
        api.once(EventName.currentTime, () => resolve());
        api.reqCurrentTime();
      });
      // The hub flushes coalesced updates on the next turn.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    },
    async close() {
      await bridge.close();
      await conn.stop();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An app client that has been welcomed; every message after the welcome is kept in `log`. */
export interface AppClient {
  readonly raw: TestAppClient;
  readonly log: ServerMessage[];
  send(msg: unknown): void;
  /** The first message (from index `from` of the log on) matching; waits for it. */
  wait<T extends ServerMessage = ServerMessage>(pred: (m: ServerMessage) => boolean, timeoutMs?: number, from?: number): Promise<T>;
  close(): void;
}

export async function welcomedClient(url: string, name: string): Promise<AppClient> {
  const raw = await openAppClient(url);
  const log: ServerMessage[] = [];
  const listeners = new Set<() => void>();
  raw.ws.on('message', (d) => {
    log.push(JSON.parse(d.toString()) as ServerMessage);
    for (const l of [...listeners]) l();
  });
  raw.ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: name, clientVersion: '1' }));
  const welcome = await raw.next();
  if (welcome.type !== 'welcome') throw new Error(`expected a welcome, got ${JSON.stringify(welcome)}`);
  log.shift(); // the log holds what came after the welcome
  return {
    raw,
    log,
    send: (msg) => raw.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    wait<T extends ServerMessage>(pred: (m: ServerMessage) => boolean, timeoutMs = 5000, from = 0): Promise<T> {
      const find = () => log.slice(from).find(pred) as T | undefined;
      const hit = find();
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${name}: no matching message within ${timeoutMs} ms; got ${JSON.stringify(log.slice(from)).slice(0, 1500)}`));
        }, timeoutMs);
        const check = () => {
          const h = find();
          if (!h) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(h);
        };
        listeners.add(check);
      });
    },
    close: () => raw.ws.close(),
  };
}
