// Fault injection (ib-protocol.md §7): connectivity loss and restore (1100/1101/1102, 2110), dropped
// connections, bursts, nightly restart with a rolled-back nextValidId, slow responses, read-only
// mode; with IBApi and IBApiNext (auto-reconnect) over TCP.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { EventName, IBApiTickType as T, OrderAction, OrderType, type Contract, type Order } from '@stoqey/ib';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { SPY, nextSimulatorEvent, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00' });
});
afterAll(async () => {
  await sim.close();
});

const ticksOf = (c: IbTestClient, reqId: number, after: number) =>
  c.events(EventName.tickPrice, (id: number) => id === reqId, after).length + c.events(EventName.tickSize, (id: number) => id === reqId, after).length;

describe('connectivity lost and restored', () => {
  it('IBApiNext (reconnectInterval > 0): 1100 drops its socket, it reconnects and resubscribes, and after 1101 data resumes', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 1, reconnectInterval: 200 });
    const lasts: number[] = [];
    const sub = c.next.getMarketData(SPY as Contract, '', false, false).subscribe((u) => {
      const v = u.all.get(T.LAST)?.value;
      if (v !== undefined) lasts.push(v);
    });
    onTestFinished(() => sub.unsubscribe());
    await nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 1 && id === 1);
    sim.clock.advance(60_000);
    await c.next.getCurrentTime();
    expect(lasts.length).toBeGreaterThan(0);

    const closed = nextSimulatorEvent(sim, 'session-closed', (s: { clientId: number }) => s.clientId === 1);
    const resubscribed = nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 1 && id === 1);
    sim.faults.connectivityLost();
    await closed; // IBApiNext closed the socket itself on 1100 (§1.2)
    await resubscribed; // …reconnected with the same client id and re-sent reqMktData
    expect(c.ledger.infos.map((i) => i.code)).toContain(1100);

    // While connectivity is lost nothing streams.
    const during = lasts.length;
    sim.clock.advance(60_000);
    await c.next.getCurrentTime();
    expect(lasts.length).toBe(during);

    sim.faults.connectivityRestored({ dataLost: true }); // 1101
    sim.clock.advance(60_000);
    await c.next.getCurrentTime();
    expect(lasts.length).toBeGreaterThan(during);
    expect(c.ledger.infos.map((i) => i.code)).toContain(1101);
  });

  it('IBApi: ticks stop on 1100; 1102 resumes the same subscription; 1101 drops it until the client resubscribes', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    c.api.reqMktData(1, SPY as Contract, '', false, false);
    await c.sync();
    sim.faults.connectivityLost();
    await c.waitForInfo(1100, { after: 0 });
    let at = c.mark();
    sim.clock.advance(120_000);
    await c.sync();
    expect(ticksOf(c, 1, at)).toBe(0);

    sim.faults.connectivityRestored({ dataLost: false });
    await c.waitForInfo(1102, { after: at });
    sim.clock.advance(120_000);
    await c.sync();
    expect(ticksOf(c, 1, at)).toBeGreaterThan(0);

    sim.faults.connectivityLost();
    sim.faults.connectivityRestored({ dataLost: true });
    await c.waitForInfo(1101, { after: at });
    at = c.mark();
    sim.clock.advance(120_000);
    await c.sync();
    expect(ticksOf(c, 1, at)).toBe(0);
    expect(sim.clients().find((x) => x.clientId === 2)?.marketDataLines).toBe(0);
    c.api.reqMktData(2, SPY as Contract, '', false, false);
    await c.sync();
    expect(ticksOf(c, 2, at)).toBeGreaterThan(0);
  });

  it('IBApiNext drops and comes back on 2110 as well', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 3, reconnectInterval: 150 });
    const back = nextSimulatorEvent(sim, 'session-ready', (s: { clientId: number }) => s.clientId === 3);
    sim.faults.connectivityLost({ code: 2110 });
    await back;
    sim.faults.connectivityRestored({ dataLost: false });
    expect(await c.next.getCurrentTime()).toBe(Math.floor(sim.clock.now() / 1000));
    expect(c.ledger.infos.map((i) => i.code)).toContain(2110);
  });
});

describe('dropped connections', () => {
  it('IBApi sees `disconnected`; IBApiNext reconnects and its market data resumes', async () => {
    const a = await IbTestClient.connect({ port: sim.port, clientId: 11 });
    const n = await IbNextTestClient.connect({ port: sim.port, clientId: 12, reconnectInterval: 150 });
    let ticks = 0;
    const sub = n.next.getMarketData(SPY as Contract, '', false, false).subscribe(() => ticks++);
    onTestFinished(() => sub.unsubscribe());
    await nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 12 && id === 1);
    const gone = a.waitFor(EventName.disconnected);
    const resubscribed = nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 12 && id === 1);
    expect(sim.faults.dropConnections()).toBeGreaterThanOrEqual(2);
    await gone;
    await resubscribed;
    const before = ticks;
    sim.clock.advance(60_000);
    await n.next.getCurrentTime();
    expect(ticks).toBeGreaterThan(before);
  });
});

describe('a burst of messages in one TCP write', () => {
  it('IBApi decodes 60 messages written at once without a decoding error', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 21 });
    const at = c.mark();
    expect(sim.faults.burst({ clientId: 21, count: 60 })).toBe(1);
    await c.waitFor(EventName.currentTime, () => c.events(EventName.currentTime, undefined, at).length >= 60, { after: at });
    expect(c.events(EventName.currentTime, undefined, at)).toHaveLength(60);
  });

  it('IBApiNext keeps working through a burst of 200', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 22 });
    sim.faults.burst({ clientId: 22, count: 200 });
    expect(await c.next.getCurrentTime()).toBeGreaterThan(0);
  });
});

describe('nightly restart', () => {
  it('drops everyone, comes back on the same port, and a reconnecting client gets a LOWER nextValidId than before', async () => {
    const s = await startTestSimulator({ start: '2012-01-03T10:00', nextValidId: 1000 });
    onTestFinished(() => s.close());
    const a = await IbTestClient.connect({ port: s.port, clientId: 7 });
    expect(a.events(EventName.nextValidId)[0].args[0]).toBe(1000);
    const n = await IbNextTestClient.connect({ port: s.port, clientId: 8, reconnectInterval: 100 });
    n.allow(502); // connection refused while the "Gateway" is down
    expect(n.events(EventName.nextValidId)[0].args[0]).toBe(1000);

    const dropped = a.waitFor(EventName.disconnected);
    const rolled = await s.faults.nightlyRestart({ downMs: 300, rollBackBy: 10 });
    await dropped;
    expect(rolled.get(7)).toBe(990);

    // IBApiNext reconnects by itself and is told 990.
    await n.waitFor(EventName.nextValidId, (id: number) => id === 990, { after: 0, timeoutMs: 5000 });
    // A new IBApi connection with the same id, after the restart:
    const a2 = await IbTestClient.connect({ port: s.port, clientId: 7 });
    const rolledBack = a2.events(EventName.nextValidId)[0].args[0] as number;
    expect(rolledBack).toBeLessThan(1000);
    // ib-protocol.md P4: a client keeps its own persisted counter and takes the max.
    const highestUsedBeforeRestart = 1004;
    expect(Math.max(highestUsedBeforeRestart + 1, rolledBack)).toBe(1005);
  });
});

describe('slow responses and read-only mode', () => {
  it('delays every reply by the configured time', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 31 });
    sim.faults.setResponseDelay(150);
    try {
      const t0 = performance.now();
      await c.sync();
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    } finally {
      sim.faults.setResponseDelay(0);
    }
    const t1 = performance.now();
    await c.sync();
    expect(performance.now() - t1).toBeLessThan(140);
  });

  it('refuses placeOrder with 321 in read-only mode; the same order is accepted once the mode is off', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 32 });
    const order: Order = { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 100, tif: 'DAY', transmit: true };
    c.allow(321, 5001);
    sim.faults.setReadOnly(true);
    c.api.placeOrder(5001, SPY as Contract, order);
    const [err] = await c.waitForError(321, 5001);
    expect((err as Error).message).toMatch(/Read-Only/);
    sim.faults.setReadOnly(false);
    c.api.placeOrder(5002, SPY as Contract, order);
    await c.waitFor(EventName.orderStatus, (id: number, status: string) => id === 5002 && status === 'Submitted');
  });
});
