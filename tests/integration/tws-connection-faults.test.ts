// The TWS connection manager under the simulator's faults (ib-protocol.md §7 P1, P4, P6, P12, P14),
// real @stoqey/ib over TCP: connectivity notices arrive as `info` and move the state (1100 not ready,
// 1101 ready + resubscribe, 1102 ready, 2110 degraded); 326 switches the client id; a nightly restart
// that rolls nextValidId back never lowers the next order id; any 505 raises an alarm, and a message
// that makes the client's decoder throw raises one and replaces the client — the process survives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventName, type Order } from '@stoqey/ib';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { IbTestClient } from '../support/ib-client.ts';
import { mkt, stock } from '../support/ib-orders.ts';
import { frame } from '../support/ib-raw.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { startTestConnection } from '../support/tws-connection.ts';

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00', nextValidId: 100 });
});
afterEach(async () => {
  await sim.close();
});

/** The simulator's session of a client id (to write raw bytes to its socket). */
function sessionOf(clientId: number) {
  const s = sim.state.byClientId.get(clientId);
  if (!s) throw new Error(`no session for client id ${clientId}`);
  return s;
}

describe('connectivity notices (id −1, `info`)', () => {
  it('1100 → connectivity-lost (not ready, no IBApi handed out); 1101 → ready and resubscribe; 1102 → ready without', async () => {
    const rec = await startTestConnection({ port: sim.port });
    const r = await rec.conn.whenReady(5000);

    sim.faults.connectivityLost();
    const lost = await rec.waitState('connectivity-lost');
    expect(lost.reason).toMatch(/^1100: Connectivity between IBKR and Trader Workstation has been lost/);
    expect(rec.conn.isReady()).toBe(false);
    expect(rec.conn.readyApi()).toBeUndefined();
    expect(rec.notices.find((n) => n.code === 1100)?.kind).toBe('info');

    sim.faults.connectivityRestored({ dataLost: true });
    await rec.waitState('ready', (s) => /^1101/.test(s.reason));
    expect(rec.resubscribes).toHaveLength(1);
    expect(rec.resubscribes[0].session).toBe(r.session); // same socket: only the subscriptions are gone
    expect(rec.conn.readyApi()).toBe(r.api);

    sim.faults.connectivityLost();
    await rec.waitState('connectivity-lost');
    sim.faults.connectivityRestored({ dataLost: false });
    await rec.waitState('ready', (s) => /^1102/.test(s.reason));
    expect(rec.resubscribes).toHaveLength(1);
    expect(rec.readies.map((x) => x.session)).toEqual([r.session, r.session, r.session]);
    expect(rec.alarms).toEqual([]);
  });

  it('2110 → degraded (not ready) until connectivity is restored', async () => {
    const rec = await startTestConnection({ port: sim.port });
    await rec.conn.whenReady(5000);
    sim.faults.connectivityLost({ code: 2110 });
    const degraded = await rec.waitState('degraded');
    expect(degraded.reason).toMatch(/^2110: /);
    expect(rec.conn.isReady()).toBe(false);
    sim.faults.connectivityRestored({ dataLost: false });
    await rec.waitState('ready');
    expect(rec.conn.isReady()).toBe(true);
  });
});

describe('client id in use (326)', () => {
  it('switches to the next client id and connects; after a drop it tries the configured id first again', async () => {
    const other = await IbTestClient.connect({ port: sim.port, clientId: 17 });
    const rec = await startTestConnection({ port: sim.port, clientId: 17 });
    const ready = await rec.conn.whenReady(5000);
    expect(ready.clientId).toBe(18);
    expect(rec.notices.find((n) => n.code === 326)?.kind).toBe('info');
    const refused = rec.states.find((s) => s.state === 'disconnected');
    expect(refused?.reason).toBe('client id 17 is in use (326); next: client id 18');
    expect(sim.clients().map((c) => c.clientId).sort()).toEqual([17, 18]);

    await other.disconnect();
    const mark = rec.states.length;
    sim.faults.dropConnections(18);
    await rec.waitState('ready', () => true, 5000, mark);
    expect(rec.conn.readyInfo()?.clientId).toBe(17);
    expect(rec.conn.readyInfo()?.session).toBeGreaterThan(ready.session);
  });

  it('bounded: with every candidate in use it cycles through the list with backoff, then connects when one frees', async () => {
    const a = await IbTestClient.connect({ port: sim.port, clientId: 30 });
    const b = await IbTestClient.connect({ port: sim.port, clientId: 31 });
    const rec = await startTestConnection({ port: sim.port, clientId: 30, clientIds: [30, 31] });
    const tried: number[] = [];
    while (tried.length < 4) tried.push(Number(/client id (\d+) is in use/.exec((await rec.waitState('disconnected')).reason)?.[1]));
    expect(tried).toEqual([30, 31, 30, 31]);
    expect(rec.states.filter((s) => s.state === 'disconnected').map((s) => s.retryInMs)).toEqual([50, 100, 200, 400]);
    await b.disconnect();
    expect((await rec.conn.whenReady(5000)).clientId).toBe(31);
    await a.disconnect();
  });
});

describe('nightly restart with a rolled-back nextValidId (P4)', () => {
  it('reconnects, and the next order id stays above every id used; an order with it is accepted (no 103)', async () => {
    const rec = await startTestConnection({ port: sim.port, clientId: 12 });
    const r1 = await rec.conn.whenReady(5000);
    expect(r1.nextOrderId).toBe(100);
    // Three orders with ids from the store, as the broker will place them.
    const used: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await rec.store.reserve();
      const seen = new Promise<void>((resolve) => r1.api.on(EventName.orderStatus, (oid: number) => oid === id && resolve()));
      r1.api.placeOrder(id, stock('SPY'), mkt('BUY', 1, { orderRef: `intent-${i}` }) as Order);
      await seen;
      used.push(id);
    }
    expect(used).toEqual([100, 101, 102]);

    const rolled = await sim.faults.nightlyRestart({ downMs: 300, rollBackBy: 10 });
    expect(rolled.get(12)).toBe(93);
    const down = await rec.waitState('disconnected', () => true, 5000, 0);
    expect(down.reason).toBe('the connection closed');
    const r2 = await rec.conn.whenReady(5000);
    expect(r2.session).toBeGreaterThan(r1.session);
    expect(r2.nextValidId).toBe(93); // what the restarted Gateway announces…
    expect(r2.nextOrderId).toBe(103); // …is not what we use: max(persisted + 1, nextValidId)

    const id = await rec.store.reserve();
    expect(id).toBe(103);
    const errors: number[] = [];
    r2.api.on(EventName.error, (_e: Error, code: number, reqId: number) => reqId === id && errors.push(code));
    const accepted = new Promise<void>((resolve) => r2.api.on(EventName.orderStatus, (oid: number) => oid === id && resolve()));
    r2.api.placeOrder(id, stock('SPY'), mkt('BUY', 1, { orderRef: 'intent-after-restart' }) as Order);
    await accepted;
    expect(errors).not.toContain(103);
    expect(rec.alarms).toEqual([]);
  });
});

describe('decoding problems (P12)', () => {
  it('a 505 (a message the client dropped) raises an alarm with its text; the connection stays up', async () => {
    const rec = await startTestConnection({ port: sim.port, clientId: 14 });
    const r = await rec.conn.whenReady(5000);
    // CURRENT_TIME with one field too many: stoqey reports 505 "unprocessed data left on queue".
    sessionOf(14).writeRaw(frame([49, 1, 1325602800, 'extra']));
    const alarm = await rec.waitAlarm();
    expect(alarm.code).toBe(505);
    expect(alarm.clientId).toBe(14);
    expect(alarm.message).toMatch(/^Decoding error on CURRENT_TIME: unprocessed data left on queue/);
    expect(rec.conn.isReady()).toBe(true);
    expect(rec.conn.readyInfo()?.session).toBe(r.session);
  });

  it('a message that makes the decoder throw (not an underrun) raises an alarm and a new client connects; nothing crashes', async () => {
    const rec = await startTestConnection({ port: sim.port, clientId: 15 });
    const r = await rec.conn.whenReady(5000);
    // ERR_MSG whose advancedOrderReject is not JSON: stoqey's JSON.parse throws inside the socket's
    // 'data' handler, which without the guard is an uncaught exception that ends the process.
    sessionOf(15).writeRaw(frame([4, 2, 7, 201, 'Order rejected', '{not json']));
    const alarm = await rec.waitAlarm();
    expect(alarm.code).toBe(505);
    expect(alarm.message).toMatch(/^a message from TWS made the client throw \(.*JSON.*\); replacing the client$/);
    const down = await rec.waitState('disconnected', () => true, 5000, 0);
    expect(down.reason).toBe('a message from TWS could not be decoded');
    const r2 = await rec.conn.whenReady(5000);
    expect(r2.session).toBeGreaterThan(r.session);
  });
});
