// Connection flows against the simulator with the real @stoqey/ib client over TCP: handshake,
// several clients, duplicate client id (326), version negotiation, framing robustness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName } from '@stoqey/ib';
import { MAX_SUPPORTED_SERVER_VERSION } from '@stoqey/ib/dist/api/api.js';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { formatEasternWithZone } from '../../../shared/time/tws-time.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { RawTwsClient, frame, hello } from '../../support/ib-raw.ts';
import { nextSimulatorEvent, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ nextValidId: 100 });
});
afterAll(async () => {
  await sim.close();
});

describe('handshake (IBApi)', () => {
  it('pins the client this simulator speaks to: @stoqey/ib offers at most server version 193', () => {
    expect(MAX_SUPPORTED_SERVER_VERSION).toBe(193);
    expect(sim.serverVersion).toBe(193);
  });

  it('answers 193 with the replay time, then managedAccounts, nextValidId and the three farm notices in order', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    const [version, time] = await c.waitFor(EventName.server, () => true, { after: 0 });
    expect(version).toBe(193);
    expect(time).toBe(formatEasternWithZone(sim.clock.now()));
    const names = c.log.events.map((e) => e.name).filter((n) => n === 'managedAccounts' || n === 'nextValidId');
    expect(names).toEqual(['managedAccounts', 'nextValidId']);
    expect(c.events(EventName.managedAccounts)[0].args[0]).toBe('DU1234567');
    expect(c.events(EventName.nextValidId)[0].args[0]).toBe(100);
    await c.waitForInfo(2158, { after: 0 });
    expect(c.ledger.infos.map((i) => i.code)).toEqual([2104, 2106, 2158]);
  });

  it('answers reqCurrentTime with the replay clock, which only the step API moves', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    let p = c.waitFor(EventName.currentTime);
    c.api.reqCurrentTime();
    expect((await p)[0]).toBe(Math.floor(sim.clock.now() / 1000));
    const before = sim.clock.now();
    sim.clock.advance(90_000);
    p = c.waitFor(EventName.currentTime);
    c.api.reqCurrentTime();
    expect((await p)[0]).toBe(Math.floor((before + 90_000) / 1000));
  });

  it('answers reqIds and reqManagedAccts', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    const ids = c.waitFor(EventName.nextValidId);
    c.api.reqIds();
    expect((await ids)[0]).toBe(100);
    const accts = c.waitFor(EventName.managedAccounts);
    c.api.reqManagedAccts();
    expect((await accts)[0]).toBe('DU1234567');
  });
});

describe('handshake (IBApiNext)', () => {
  it('connects, reports Connected and serves getCurrentTime and getManagedAccounts', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 11 });
    expect(await c.next.getCurrentTime()).toBe(Math.floor(sim.clock.now() / 1000));
    expect(await c.next.getManagedAccounts()).toEqual(['DU1234567']);
  });
});

describe('several clients', () => {
  it('serves several clients with different client ids at once', async () => {
    const clients = await Promise.all([21, 22, 23, 24].map((clientId) => IbTestClient.connect({ port: sim.port, clientId })));
    const next = await IbNextTestClient.connect({ port: sim.port, clientId: 25 });
    expect(sim.clients().map((c) => c.clientId)).toEqual(expect.arrayContaining([21, 22, 23, 24, 25]));
    const times = await Promise.all(
      clients.map((c) => {
        const p = c.waitFor(EventName.currentTime);
        c.api.reqCurrentTime();
        return p.then((a) => a[0]);
      }),
    );
    expect(new Set(times).size).toBe(1);
    expect(await next.next.getCurrentTime()).toBe(times[0]);
  });

  it('refuses a second connection with a client id in use: 326 as info (id -1), then the socket closes', async () => {
    const first = await IbTestClient.connect({ port: sim.port, clientId: 31 });
    const second = await IbTestClient.connect({ port: sim.port, clientId: 31, waitReady: false });
    await second.waitForInfo(326, { after: 0 });
    await second.waitFor(EventName.disconnected, () => true, { after: 0 });
    expect(second.events(EventName.nextValidId)).toHaveLength(0);
    expect(second.events(EventName.managedAccounts)).toHaveLength(0);
    expect(second.ledger.errors).toEqual([]); // 326 never arrives as an `error` (§1.1)
    const p = first.waitFor(EventName.currentTime);
    first.api.reqCurrentTime();
    await p; // the first connection is untouched
    expect(sim.clients().filter((c) => c.clientId === 31)).toHaveLength(1);
  });

  it('IBApiNext with a client id in use sees 326 only as info, never on next.error, and ends Disconnected', async () => {
    await IbTestClient.connect({ port: sim.port, clientId: 32 });
    const dup = new IbNextTestClientProbe(sim.port, 32);
    await dup.run();
  });

  it('frees the client id when its connection closes', async () => {
    const a = await IbTestClient.connect({ port: sim.port, clientId: 33 });
    const closed = nextSimulatorEvent(sim, 'session-closed', (s: { clientId: number }) => s.clientId === 33);
    await a.disconnect();
    await closed;
    const b = await IbTestClient.connect({ port: sim.port, clientId: 33 });
    expect(b.events(EventName.nextValidId)).toHaveLength(1);
  });
});

/** Connects IBApiNext with a duplicate id and checks the 326 path without the fixture's wait for nextValidId. */
class IbNextTestClientProbe {
  constructor(
    private readonly port: number,
    private readonly clientId: number,
  ) {}

  async run(): Promise<void> {
    const { IBApiNext } = await import('@stoqey/ib');
    const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const next = new IBApiNext({ host: '127.0.0.1', port: this.port, reconnectInterval: 0, logger: silent });
    const errors: number[] = [];
    next.error.subscribe((e) => errors.push(e.code));
    const api = (next as unknown as { api: import('@stoqey/ib').IBApi }).api;
    const info = new Promise<number>((resolve) => api.on(EventName.info, (_m: string, code: number) => code === 326 && resolve(code)));
    const closed = new Promise<void>((resolve) => api.on(EventName.disconnected, () => resolve()));
    next.connect(this.clientId);
    expect(await info).toBe(326);
    await closed;
    next.disconnect();
    expect(errors).toEqual([]);
  }
}

describe('version negotiation and framing (raw socket)', () => {
  it('answers 193 to a client offering v100..250', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    raw.write(hello('v100..250'));
    const first = await raw.waitFor(() => true);
    expect(first[0]).toBe('193');
    raw.destroy();
  });

  it('closes the connection of a client offering only versions above 193, sending nothing', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    raw.write(hello('v194..200'));
    expect(await raw.closedWithin(2000)).toBe(true);
    expect(raw.messages).toEqual([]);
  });

  it('closes the connection of a client whose highest version is below 193 (only the 193 layouts are spoken)', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    raw.write(hello('v100..150'));
    expect(await raw.closedWithin(2000)).toBe(true);
    expect(raw.messages).toEqual([]);
  });

  it('closes a connection that does not start with API\\0', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    raw.write('GET / HTTP/1.1\r\n\r\n');
    expect(await raw.closedWithin(2000)).toBe(true);
  });

  it('reads a handshake and requests split into single bytes, and many frames in one chunk', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    const bytes = Buffer.concat([hello(), frame([71, 2, 41, ''])]);
    for (const b of bytes) raw.write(Buffer.from([b]));
    await raw.waitFor((m) => m[0] === '9');
    const before = raw.messages.length;
    const many = Buffer.concat(Array.from({ length: 30 }, () => frame([49, 1])));
    raw.write(many);
    await raw.waitFor(() => raw.messages.slice(before).filter((m) => m[0] === '49').length === 30);
    raw.destroy();
  });

  it('answers an unknown message id with error 321 (id -1) and keeps serving', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    await raw.handshake(42);
    const at = raw.messages.length;
    raw.write(frame([999, 1, 2, 3]));
    const err = await raw.waitFor((m) => m[0] === '4', 2000, at);
    expect(err.slice(0, 4)).toEqual(['4', '2', '-1', '321']);
    expect(err[4]).toMatch(/999/);
    raw.write(frame([49, 1]));
    await raw.waitFor((m) => m[0] === '49', 2000, at);
    raw.destroy();
  });

  it('answers a request with a wrong field count with error 320 naming the message and field', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    await raw.handshake(43);
    const at = raw.messages.length;
    raw.write(frame([9, 8, 77, 0, 'SPY'])); // REQ_CONTRACT_DATA cut after 5 of 19 fields
    const err = await raw.waitFor((m) => m[0] === '4', 2000, at);
    expect(err.slice(0, 4)).toEqual(['4', '2', '77', '320']);
    expect(err[4]).toMatch(/REQ_CONTRACT_DATA \(9\).*secType/);
    raw.write(frame([49, 1, 'extra']));
    const extra = await raw.waitFor((m) => m[0] === '4' && m[3] === '320' && m[2] === '-1', 2000, at);
    expect(extra[4]).toMatch(/REQ_CURRENT_TIME \(49\).*extra field/);
    raw.destroy();
  });

  it('closes a connection that sends requests before START_API', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    raw.write(Buffer.concat([hello(), frame([49, 1])]));
    expect(await raw.closedWithin(3000)).toBe(true);
  });
});
