// The app protocol over real WebSockets (docs/app-protocol.md; issue 11 item 7): the bridge with a
// real TwsConnection to the embedded simulator (real @stoqey/ib over TCP, step clock), and app
// clients over real `ws` sockets. Two clients get the same snapshot and the same sequenced deltas;
// a client that misses a seq and asks for a resync gets a snapshot with a new base seq that equals
// the state the other client built from deltas; an invalid message gets an error naming the field
// path and the next valid message works; an old client gets CLIENT_TOO_OLD; quotes share one TWS
// line per instrument within the line budget; TWS's 1101 restarts the streams with a fresh snapshot.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyPatch, CLOSE_PROTOCOL_MISMATCH, PROTOCOL_VERSION, type AckMessage, type DeltaMessage, type ProtocolErrorMessage, type ServerMessage, type SnapshotMessage } from '../../shared/protocol/index.ts';
import { openAppClient } from '../support/bridge-ws-client.ts';
import { mkt, stock } from '../support/ib-orders.ts';
import { startHarness, welcomedClient, type AppClient, type Harness } from '../support/app-protocol-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({}, { quoteLines: 3, chainLines: 4, maxRequestsPerClient: 2 });
});
afterAll(async () => {
  await h?.close();
});

const isSnapshot = (topic: string, reason?: SnapshotMessage['reason']) => (m: ServerMessage) => m.type === 'snapshot' && m.topic === topic && (reason === undefined || m.reason === reason);
const isAck = (id: string) => (m: ServerMessage) => m.type === 'ack' && m.id === id;
const deltasOf = (c: AppClient, topic: string) => c.log.filter((m): m is DeltaMessage => m.type === 'delta' && m.topic === topic);
/** Line-holding clients of the simulator (the bridge's connection is client id 21). */
const simLines = () => h.sim.clients().find((c) => c.clientId === 21)?.marketDataLines ?? 0;

/** Advances the replay, then waits until both clients have every delta the hub sent. */
async function advance(ms: number, topic: string, clients: AppClient[]): Promise<number> {
  h.sim.clock.advance(ms);
  await h.twsBarrier();
  const seq = h.bridge.app.hub.seqOf(topic)!;
  for (const c of clients) await c.wait((m) => (m.type === 'delta' || m.type === 'snapshot') && m.topic === topic && m.seq === seq);
  return seq;
}

describe('live topics: snapshot + sequenced deltas to every client', () => {
  let a: AppClient;
  let b: AppClient;

  it('two clients subscribed to quotes:SPY get the same snapshot and the same deltas as the clock moves, over one TWS line', async () => {
    a = await welcomedClient(h.url, 'a');
    b = await welcomedClient(h.url, 'b');
    a.send({ type: 'subscribe', id: 'a1', subscriptions: [{ topic: 'quotes:SPY' }] });
    const ackA = await a.wait<AckMessage>(isAck('a1'));
    expect(ackA).toMatchObject({ ok: true, results: [{ topic: 'quotes:SPY', ok: true }] });
    const snapA = await a.wait<SnapshotMessage>(isSnapshot('quotes:SPY'));
    b.send({ type: 'subscribe', id: 'b1', subscriptions: [{ topic: 'quotes:SPY' }] });
    const snapB = await b.wait<SnapshotMessage>(isSnapshot('quotes:SPY'));
    // The ack comes before the snapshot.
    expect(b.log.findIndex(isAck('b1'))).toBeLessThan(b.log.findIndex(isSnapshot('quotes:SPY')));
    expect(snapB).toEqual(snapA);
    expect(snapA.reason).toBe('subscribed');
    expect(snapA.data.bid).toBeGreaterThan(100);
    expect(snapA.data.ask).toBeGreaterThan(snapA.data.bid as number);
    expect(simLines()).toBe(1); // one TWS line for both clients

    for (let i = 0; i < 3; i++) await advance(60_000, 'quotes:SPY', [a, b]);
    const da = deltasOf(a, 'quotes:SPY');
    const db = deltasOf(b, 'quotes:SPY');
    expect(da.length).toBeGreaterThanOrEqual(3);
    expect(db).toEqual(da);
    // Consecutive seqs after the snapshot's base.
    expect(da.map((d) => d.seq)).toEqual(da.map((_, i) => snapA.seq + 1 + i));
    // The quote moved.
    const state = applyPatch({ ...snapA.data }, {});
    for (const d of da) applyPatch(state, d.data);
    expect(state).not.toEqual(snapA.data);
  });

  it('a client that misses a delta asks for a resync and gets a snapshot with a new base seq equal to the state built from deltas', async () => {
    const before = deltasOf(b, 'quotes:SPY').length;
    await advance(60_000, 'quotes:SPY', [a, b]);
    await advance(60_000, 'quotes:SPY', [a, b]);
    // b "drops" the first of these deltas: it sees a seq jump and reports the gap.
    const got = deltasOf(b, 'quotes:SPY').slice(before);
    expect(got.length).toBeGreaterThanOrEqual(2);
    const lastApplied = got[0].seq - 1;
    const mark = b.log.length;
    b.send({ type: 'resync', id: 'gap1', topic: 'quotes:SPY', lastSeq: lastApplied });
    expect(await b.wait<AckMessage>(isAck('gap1'), 5000, mark)).toMatchObject({ ok: true });
    const re = await b.wait<SnapshotMessage>(isSnapshot('quotes:SPY', 'resync'), 5000, mark);
    expect(re.seq).toBeGreaterThan(lastApplied);
    expect(re.seq).toBe(h.bridge.app.hub.seqOf('quotes:SPY'));
    // a applied every delta from its snapshot: the same state as b's resnapshot at the same seq.
    const snapA = a.log.find(isSnapshot('quotes:SPY')) as SnapshotMessage;
    const stateA: Record<string, unknown> = { ...snapA.data };
    for (const d of deltasOf(a, 'quotes:SPY').filter((d) => d.seq <= re.seq)) applyPatch(stateA, d.data);
    expect(re.data).toEqual(stateA);
    // Deltas continue from the new base for b (and are the same as a's).
    const seq = await advance(60_000, 'quotes:SPY', [a, b]);
    const next = deltasOf(b, 'quotes:SPY').filter((d) => d.seq > re.seq);
    expect(next[0].seq).toBe(re.seq + 1);
    expect(next.at(-1)!.seq).toBe(seq);
    expect(next).toEqual(deltasOf(a, 'quotes:SPY').filter((d) => d.seq > re.seq));
  });

  it('an invalid message gets an error naming the field path; the connection stays usable', async () => {
    const mark = b.log.length;
    b.send({ type: 'subscribe', id: 'bad1', subscriptions: [{ topic: 'account' }, { topic: 'pnl' }, { topic: 'quotes:spy' }] });
    const err = await b.wait<ProtocolErrorMessage>((m) => m.type === 'error', 5000, mark);
    expect(err).toMatchObject({ code: 'BAD_MESSAGE', path: 'subscriptions[2].topic', id: 'bad1' });
    expect(err.message).toMatch(/^subscriptions\[2\]\.topic: quotes:<SYMBOL\|conId\|OSI>: expected an upper-case symbol/);
    // Nothing of the invalid message was applied.
    expect(h.bridge.app.hub.seqOf('account')).toBeUndefined();

    const cases: [unknown, string, RegExp][] = [
      ['{"type":"subscribe"', '$', /not valid JSON/],
      [{ type: 'subscribe', id: 'x', subscriptions: [] }, 'subscriptions', /at least 1 item/],
      [{ type: 'subscribe', id: 'x', subscriptions: [{ topic: 'bars:SPY:7m' }] }, 'subscriptions[0].topic', /bar size of 5s, 1m/],
      [{ type: 'unsubscribe', id: 'x', topics: ['quotes:SPY', 7] }, 'topics[1]', /expected a string, got 7/],
      [{ type: 'resync', topic: 'quotes:SPY', lastSeq: -1 }, 'lastSeq', /at least 0/],
      [{ type: 'historicalBars', id: 'h', instrument: 'SPY', barSize: '1m', duration: '2 days' }, 'duration', /TWS duration/],
      [{ type: 'intent', intentId: 'i1', createdAt: 1, legs: [{ instrument: 'SPY', side: 'BUY', quantity: 10, orderType: 'LMT' }] }, 'legs[0].limitPrice', /expected a number, got nothing/],
      [{ type: 'intent', intentId: 'i1', createdAt: 1, legs: [{ instrument: 'SPY', side: 'HOLD', quantity: 10, orderType: 'MKT' }] }, 'legs[0].side', /one of "BUY", "SELL"/],
      [{ type: 'intent', intentId: 'i1', createdAt: 1, legs: [{ instrument: 'SPY', side: 'BUY', quantity: 1.5, orderType: 'MKT' }] }, 'legs[0].quantity', /integer/],
      [{ type: 'command', commandId: 'c1', kind: 'setLimit', limit: 'maxOrderValue' }, 'value', /expected a number/],
      [{ type: 'command', commandId: 'c1', kind: 'explode' }, 'kind', /one of "halt"/],
    ];
    for (const [msg, path, re] of cases) {
      const at = b.log.length;
      b.send(msg);
      const e = await b.wait<ProtocolErrorMessage>((m) => m.type === 'error', 5000, at);
      expect(e.path, JSON.stringify(msg)).toBe(path);
      expect(e.message, JSON.stringify(msg)).toMatch(re);
    }

    // The same connection: valid messages work, and the quote stream went on throughout.
    const at = b.log.length;
    b.send({ type: 'subscribe', id: 'ok2', subscriptions: [{ topic: 'account' }, { topic: 'positions' }, { topic: 'orders' }, { topic: 'pnl' }] });
    expect(await b.wait<AckMessage>(isAck('ok2'), 5000, at)).toMatchObject({ ok: true });
    const account = await b.wait<SnapshotMessage>(isSnapshot('account'), 5000, at);
    expect(account.data.account).toBe('DU1234567');
    expect(Number(account.data['NetLiquidation:USD'])).toBeGreaterThan(0);
    expect((await b.wait<SnapshotMessage>(isSnapshot('positions'), 5000, at)).data).toEqual({});
    expect((await b.wait<SnapshotMessage>(isSnapshot('orders'), 5000, at)).data).toEqual({});
    const pnl = await b.wait<SnapshotMessage>(isSnapshot('pnl'), 5000, at);
    expect(pnl.data).toMatchObject({ account: 'DU1234567', dailyPnL: expect.any(Number) });
    await advance(60_000, 'quotes:SPY', [a, b]);
    expect(deltasOf(b, 'quotes:SPY').at(-1)!.seq).toBe(h.bridge.app.hub.seqOf('quotes:SPY'));

    // Intents and commands are validated fully and acknowledged (the order path comes later).
    b.send({ type: 'intent', intentId: 'manual-1', createdAt: 1, legs: [{ instrument: 'SPY', side: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: 120 }] });
    expect(await b.wait<AckMessage>(isAck('manual-1'), 5000, at)).toMatchObject({ ok: false, code: 'NOT_AVAILABLE', message: expect.stringMatching(/nothing was sent to TWS/) });
    b.send({ type: 'command', commandId: 'halt-1', kind: 'halt' });
    expect(await b.wait<AckMessage>(isAck('halt-1'), 5000, at)).toMatchObject({ ok: false, code: 'NOT_AVAILABLE' });
    // Unsubscribing something not held is answered per topic.
    b.send({ type: 'unsubscribe', id: 'u0', topics: ['quotes:QQQ'] });
    expect(await b.wait<AckMessage>(isAck('u0'), 5000, at)).toMatchObject({ ok: false, code: 'NOT_SUBSCRIBED', results: [{ topic: 'quotes:QQQ', ok: false }] });
  });

  it('quotes take one TWS line per instrument within the budget: refused with LINES_EXHAUSTED when full, released by the last unsubscribe', async () => {
    const at = a.log.length;
    a.send({ type: 'subscribe', id: 'q3', subscriptions: [{ topic: 'quotes:AAPL' }, { topic: 'quotes:QQQ' }, { topic: 'quotes:TLT' }] });
    const ack = await a.wait<AckMessage>(isAck('q3'), 5000, at);
    expect(ack.ok).toBe(false);
    expect(ack.results).toEqual([
      { topic: 'quotes:AAPL', ok: true },
      { topic: 'quotes:QQQ', ok: true },
      { topic: 'quotes:TLT', ok: false, code: 'LINES_EXHAUSTED', message: expect.stringMatching(/all 3 market data lines/) },
    ]);
    await a.wait(isSnapshot('quotes:QQQ'), 5000, at);
    expect(simLines()).toBe(3);
    a.send({ type: 'unsubscribe', id: 'u1', topics: ['quotes:AAPL'] });
    await a.wait(isAck('u1'), 5000, at);
    await h.twsBarrier();
    expect(simLines()).toBe(2);
    a.send({ type: 'subscribe', id: 'q4', subscriptions: [{ topic: 'quotes:TLT' }] });
    expect(await a.wait<AckMessage>(isAck('q4'), 5000, at)).toMatchObject({ ok: true });
    await a.wait(isSnapshot('quotes:TLT'), 5000, at);
    // SPY is held by a and b: a leaving keeps the line; b closing its socket releases it.
    a.send({ type: 'unsubscribe', id: 'u2', topics: ['quotes:SPY'] });
    await a.wait(isAck('u2'), 5000, at);
    expect(h.bridge.app.hub.seqOf('quotes:SPY')).toBeDefined();
    b.close();
    await b.raw.closed;
    await vi.waitFor(() => expect(h.bridge.app.hub.seqOf('quotes:SPY')).toBeUndefined());
    await h.twsBarrier();
    expect(simLines()).toBe(2); // QQQ and TLT
    expect(h.bridge.app.quoteLines.inUse()).toBe(2);
  });

  it("TWS's 1101 (connectivity back, data lost) restarts the lines and every subscriber gets a fresh snapshot at seq + 1", async () => {
    const seq = h.bridge.app.hub.seqOf('quotes:QQQ')!;
    const at = a.log.length;
    h.sim.faults.connectivityLost();
    h.sim.faults.connectivityRestored({ dataLost: true });
    const re = await a.wait<SnapshotMessage>(isSnapshot('quotes:QQQ', 'restarted'), 5000, at);
    expect(re.seq).toBe(seq + 1);
    expect(re.data.bid).toBeGreaterThan(0);
    await h.twsBarrier();
    expect(simLines()).toBe(2); // made again, not leaked
    const next = await advance(60_000, 'quotes:QQQ', [a]);
    expect(deltasOf(a, 'quotes:QQQ').at(-1)!.seq).toBe(next);
  });

  it('quotes by conId; a contract TWS does not know fails the topic (TOPIC_FAILED, UNKNOWN_INSTRUMENT) and gives its line back', async () => {
    const at = a.log.length;
    a.send({ type: 'subscribe', id: 'bad-con', subscriptions: [{ topic: 'quotes:12345' }] });
    expect(await a.wait<AckMessage>(isAck('bad-con'), 5000, at)).toMatchObject({ ok: true }); // TWS answers later
    const failed = await a.wait<ProtocolErrorMessage>((m) => m.type === 'error' && m.topic === 'quotes:12345', 5000, at);
    expect(failed).toMatchObject({ code: 'TOPIC_FAILED', ackCode: 'UNKNOWN_INSTRUMENT' });
    expect(h.bridge.app.hub.seqOf('quotes:12345')).toBeUndefined();
    expect(h.bridge.app.quoteLines.inUse()).toBe(2);
    a.send({ type: 'subscribe', id: 'con', subscriptions: [{ topic: 'quotes:756733' }] });
    const snap = await a.wait<SnapshotMessage>(isSnapshot('quotes:756733'), 5000, at);
    expect(snap.data.last).toBeGreaterThan(100); // SPY
    expect(h.bridge.app.quoteLines.inUse()).toBe(3);
    a.close();
    await a.raw.closed;
    await vi.waitFor(() => expect(h.bridge.app.quoteLines.inUse()).toBe(0));
    expect(h.bridge.app.hub.topicCount()).toBe(0);
    await h.twsBarrier();
    expect(simLines()).toBe(0);
  });
});

describe('orders and positions follow TWS', () => {
  it('an order placed on the TWS connection appears in orders as deltas up to Filled, and its fill in positions', async () => {
    const c = await welcomedClient(h.url, 'blotter');
    c.send({ type: 'subscribe', id: 'op', subscriptions: [{ topic: 'orders' }, { topic: 'positions' }] });
    const orders0 = await c.wait<SnapshotMessage>(isSnapshot('orders'));
    const positions0 = await c.wait<SnapshotMessage>(isSnapshot('positions'));
    const orderId = h.conn.readyInfo()!.nextOrderId;
    h.conn.readyApi()!.placeOrder(orderId, stock('SPY'), mkt('BUY', 10, { orderRef: 'app-proto-test-1' }));
    h.sim.clock.advance(1_000);
    const key = `21:${orderId}`;
    const filled = await c.wait<DeltaMessage>((m) => m.type === 'delta' && m.topic === 'orders' && (m.data[key] as { status?: string } | undefined)?.status === 'Filled');
    expect(filled.data[key]).toMatchObject({ orderId, clientId: 21, symbol: 'SPY', action: 'BUY', quantity: 10, orderRef: 'app-proto-test-1', filled: 10, remaining: 0 });
    const pos = await c.wait<DeltaMessage>((m) => m.type === 'delta' && m.topic === 'positions' && m.data['DU1234567:756733'] !== undefined);
    expect(pos.data['DU1234567:756733']).toMatchObject({ symbol: 'SPY', position: 10, avgCost: expect.any(Number) });
    // Deltas of each topic are numbered from its snapshot.
    const orderSeqs = c.log.filter((m): m is DeltaMessage => m.type === 'delta' && m.topic === 'orders').map((d) => d.seq);
    expect(orderSeqs).toEqual(orderSeqs.map((_, i) => orders0.seq + 1 + i));
    expect(positions0.data['DU1234567:756733']).toBeUndefined();
    c.close();
  });
});

describe('requests with a later answer', () => {
  it('one client may have at most maxRequestsPerClient waiting; more are refused with TOO_MANY_REQUESTS until they are answered', async () => {
    const c = await welcomedClient(h.url, 'many');
    h.sim.faults.setResponseDelay(300);
    try {
      for (const id of ['r1', 'r2', 'r3']) c.send({ type: 'historicalBars', id, instrument: 'SPY', barSize: '1d', duration: `${id.slice(1)}0 D`, end: '20120103-21:00:00' });
      expect(await c.wait<AckMessage>(isAck('r3'))).toMatchObject({ ok: false, code: 'TOO_MANY_REQUESTS' });
      expect((await c.wait((m) => m.type === 'historicalBars' && m.id === 'r1')).type).toBe('historicalBars');
      await c.wait((m) => m.type === 'historicalBars' && m.id === 'r2');
    } finally {
      h.sim.faults.setResponseDelay(0);
    }
    c.send({ type: 'historicalBars', id: 'r4', instrument: 'SPY', barSize: '1d', duration: '40 D', end: '20120103-21:00:00' });
    expect((await c.wait((m) => 'id' in m && m.id === 'r4')).type).toBe('historicalBars');
    c.close();
  });
});

describe('handshake', () => {
  it('an old client gets CLIENT_TOO_OLD and a close; a newer minor of the same major is welcomed', async () => {
    const old = await openAppClient(h.url);
    old.ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION - 1, client: 'stale-pwa', clientVersion: '0.9' }));
    expect(await old.next()).toMatchObject({ type: 'error', code: 'CLIENT_TOO_OLD', message: expect.stringMatching(/reload the app/) });
    expect(await old.closed).toBe(CLOSE_PROTOCOL_MISMATCH);

    const newer = await openAppClient(h.url);
    newer.ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, minor: 7, client: 'newer-pwa', clientVersion: '2.7', someFutureField: { x: 1 } }));
    expect(await newer.next()).toMatchObject({ type: 'welcome', protocol: PROTOCOL_VERSION, broker: 'simulator' });
    newer.ws.send(JSON.stringify({ type: 'subscribe', id: 's', subscriptions: [{ topic: 'positions' }] }));
    expect(await newer.next()).toMatchObject({ type: 'ack', id: 's', ok: true });
    newer.ws.close();
  });

  it('nothing but a hello before the welcome', async () => {
    const c = await openAppClient(h.url);
    c.ws.send(JSON.stringify({ type: 'subscribe', id: 's', subscriptions: [{ topic: 'positions' }] }));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'HELLO_REQUIRED' });
    c.ws.close();
  });
});
