// The bridge's TWS connection manager against the embedded simulator over real TCP with the real
// @stoqey/ib (ib-protocol.md §7 P2, P3, P6, P13): ready only after nextValidId, handshake time-out and
// retry, reconnect with exponential backoff (bounded, reset after a stable period), a new IBApi for
// every connection, and explicit host/port/client id that the library's environment defaults
// (IB_HOST, IB_PORT, MAX_REQ_PER_SECOND) never override.
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { ibApiOptions } from '../../bridge/ib/tws-endpoint.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { closedPort, startTestConnection } from '../support/tws-connection.ts';

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00', nextValidId: 100 });
});
afterEach(async () => {
  await sim.close();
});

describe('readiness', () => {
  it('is ready only after nextValidId: connected-but-waiting is not ready, and no IBApi is handed out', async () => {
    sim.faults.setResponseDelay(400); // every reply, nextValidId included, comes 400 ms late
    const rec = await startTestConnection({ port: sim.port });
    await rec.waitState('handshaking', () => true, 5000, 0); // TWS answered (`connected`): not ready yet
    const t0 = performance.now();
    expect(rec.conn.isReady()).toBe(false);
    expect(rec.conn.readyApi()).toBeUndefined();
    expect(rec.conn.readyInfo()).toBeUndefined();
    const ready = await rec.conn.whenReady(5000);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(350);
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'handshaking', 'ready']);
    expect(ready.clientId).toBe(11);
    expect(ready.nextValidId).toBe(100);
    expect(ready.nextOrderId).toBe(100); // a fresh store: max(persisted + 1, nextValidId) = nextValidId
    expect(rec.store.peek()).toBe(100);
    expect(ready.accounts).toEqual(['DU1234567']);
    expect(ready.serverVersion).toBe(193);
    expect(rec.conn.readyApi()).toBe(ready.api);
    expect(rec.alarms).toEqual([]);
  });

  it('the persisted order id wins over a lower nextValidId at connect', async () => {
    const first = await startTestConnection({ port: sim.port });
    await first.store.observeNextValidId(250); // ids up to 249 were used in an earlier run
    await first.conn.stop();
    const rec = await startTestConnection({ port: sim.port, stateDir: first.stateDir });
    const ready = await rec.conn.whenReady(5000);
    expect(ready.nextValidId).toBe(100);
    expect(ready.nextOrderId).toBe(250);
  });

  it('times the handshake out when nextValidId does not come, drops the attempt and retries until it does', async () => {
    sim.faults.setResponseDelay(1500);
    const rec = await startTestConnection({ port: sim.port, handshakeTimeoutMs: 300 });
    const timedOut = await rec.waitState('disconnected', (s) => /handshake time-out/.test(s.reason));
    expect(timedOut.reason).toBe('no nextValidId within 300 ms (handshake time-out)');
    expect(timedOut.retryInMs).toBe(50);
    expect(rec.conn.isReady()).toBe(false);
    sim.faults.setResponseDelay(0);
    const ready = await rec.conn.whenReady(5000);
    expect(ready.session).toBeGreaterThanOrEqual(2); // a new IBApi for the retry
    expect(rec.readies).toHaveLength(1);
  });
});

describe('reconnecting', () => {
  it('reconnects after a dropped connection with a new IBApi, backing off while drops repeat, and resets the backoff after a stable period', async () => {
    const rec = await startTestConnection({ port: sim.port, stableMs: 400 });
    const r1 = await rec.conn.whenReady(5000);

    sim.faults.dropConnections();
    const d1 = await rec.waitState('disconnected');
    expect(d1.reason).toBe('the connection closed');
    expect(d1.retryInMs).toBe(50);
    expect(rec.conn.readyApi()).toBeUndefined();
    const r2 = await rec.conn.whenReady(5000);
    expect(r2.session).toBe(r1.session + 1);
    expect(r2.api).not.toBe(r1.api); // P13: never the same client again
    expect(r1.api.isConnected).toBe(false);

    // A second drop before the connection was stable: the delay doubles.
    sim.faults.dropConnections();
    expect((await rec.waitState('disconnected')).retryInMs).toBe(100);
    await rec.conn.whenReady(5000);

    // Up for longer than stableMs: the next drop starts from the first delay again.
    await new Promise((r) => setTimeout(r, 550));
    sim.faults.dropConnections();
    expect((await rec.waitState('disconnected')).retryInMs).toBe(50);
    await rec.conn.whenReady(5000);
    expect(rec.alarms).toEqual([]);
  });

  it('keeps retrying a refused connection with exponential, bounded delays', async () => {
    const port = await closedPort();
    const rec = await startTestConnection({ port, backoff: { initialMs: 20, maxMs: 80 } });
    const seen: number[] = [];
    while (seen.length < 5) seen.push((await rec.waitState('disconnected')).retryInMs!);
    expect(seen).toEqual([20, 40, 80, 80, 80]);
    expect(rec.notices.some((n) => n.code === 502 && /ECONNREFUSED/.test(n.message))).toBe(true);
    expect(rec.conn.isReady()).toBe(false);
  });

  it('jitter shortens a delay by at most its share', async () => {
    const port = await closedPort();
    const rec = await startTestConnection({ port, backoff: { initialMs: 1000, jitter: 0.2 }, random: () => 0.5 });
    expect((await rec.waitState('disconnected')).retryInMs).toBe(900);
  });

  it('stop() ends retrying and closes the socket; whenReady rejects', async () => {
    const rec = await startTestConnection({ port: sim.port });
    await rec.conn.whenReady(5000);
    const closed = new Promise((r) => sim.events.once('session-closed', r));
    await rec.conn.stop();
    await closed;
    expect(rec.conn.state).toBe('stopped');
    await expect(rec.conn.whenReady(1000)).rejects.toThrow(/^TWS connection stopped$/);
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.clients()).toHaveLength(0);
  });
});

describe('listeners', () => {
  it("a listener that throws raises an alarm and does not stop the connection from getting ready", async () => {
    const rec = await startTestConnection({ port: sim.port });
    rec.conn.on('state', (s) => {
      if (s.state === 'handshaking') throw new Error('listener bug');
    });
    const ready = await rec.conn.whenReady(5000);
    expect(ready.nextOrderId).toBe(100);
    expect(rec.alarms).toEqual([{ code: 0, message: "a 'state' listener of the TWS connection threw: listener bug", clientId: 11 }]);
  });
});

describe("the library's environment defaults never apply", () => {
  it('connects to the configured host, port and client id even with IB_HOST, IB_PORT and MAX_REQ_PER_SECOND set', async () => {
    const saved = { IB_HOST: process.env.IB_HOST, IB_PORT: process.env.IB_PORT, MAX_REQ_PER_SECOND: process.env.MAX_REQ_PER_SECOND };
    process.env.IB_HOST = '192.0.2.1'; // TEST-NET: unreachable
    process.env.IB_PORT = String(await closedPort());
    process.env.MAX_REQ_PER_SECOND = '1';
    try {
      const rec = await startTestConnection({ port: sim.port, clientId: 23 });
      const ready = await rec.conn.whenReady(5000);
      expect(ready.clientId).toBe(23);
      expect(sim.clients().map((c) => c.clientId)).toEqual([23]);
      // Twenty requests go out at once: not one per second, as MAX_REQ_PER_SECOND=1 would make it.
      const t0 = performance.now();
      let answered = 0;
      await new Promise<void>((resolve) => {
        ready.api.on('currentTime' as never, () => {
          if (++answered === 20) resolve();
        });
        for (let i = 0; i < 20; i++) ready.api.reqCurrentTime();
      });
      expect(performance.now() - t0).toBeLessThan(3000);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('every IBApi is created with all four options set, validated', () => {
    expect(ibApiOptions({ host: 'localhost', port: 7497, clientId: 17 })).toEqual({ host: 'localhost', port: 7497, clientId: 17, maxReqPerSec: 40 });
    expect(() => ibApiOptions({ host: '', port: 7497, clientId: 1 })).toThrow(/^host: expected a host name/);
    expect(() => ibApiOptions({ host: 'h', port: 0, clientId: 1 })).toThrow(/^port: expected an integer in \[1, 65535\], got 0/);
    expect(() => ibApiOptions({ host: 'h', port: 7497, clientId: -1 })).toThrow(/^client id: expected an integer in \[0, 2147483647\]/);
    expect(() => ibApiOptions({ host: 'h', port: 7497, clientId: 1 }, 60)).toThrow(/^maxReqPerSec: expected an integer in \[1, 50\]/);
  });
});
