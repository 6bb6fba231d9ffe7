// The subscription hub's fan-out (docs/app-protocol.md §2): a turn's updates of a topic become one
// delta; every topic that changed in a turn goes out in one flush pass, each delta serialised once
// and each client's socket corked for the pass (one write per client, not one per delta); and a long
// burst — the IBApi decoding a whole TCP read at once — is flushed in slices, no update held longer
// than MAX_HOLD_MS, with seqs still contiguous — for quotes; topics whose updates belong together
// are never sliced. TWS is a fake here: the hub is driven through its
// feed sinks, as the quote feeds drive it (the real path: tests/integration/app-protocol.test.ts).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { IBApi } from '@stoqey/ib';
import { MAX_HOLD_MS, SubscriptionHub, type Feed, type FeedSink, type HubClient } from '../../../bridge/app-protocol/hub.ts';
import type { TwsLink } from '../../../bridge/app-protocol/tws-link.ts';
import type { ServerMessage } from '../../../shared/protocol/index.ts';

const turn = () => new Promise((r) => setImmediate(r));
/** A hold bound no pause of the test can reach: what a turn coalesces, without the slicing. */
const NO_SLICING = 60_000;

/** A client recording what it is sent and, per write, how many messages left together. */
class Recorder implements HubClient {
  readonly messages: ServerMessage[] = [];
  readonly texts: (string | undefined)[] = [];
  /** Messages per socket write: a write happens at uncork (or at each send when not corked). */
  readonly writes: number[] = [];
  private corked = 0;
  private held = 0;
  send(msg: ServerMessage, text?: string): boolean {
    this.messages.push(msg);
    this.texts.push(text);
    if (this.corked > 0) this.held++;
    else this.writes.push(1);
    return true;
  }
  cork(): void {
    this.corked++;
  }
  uncork(): void {
    if (--this.corked === 0 && this.held > 0) {
      this.writes.push(this.held);
      this.held = 0;
    }
  }
  deltas(topic?: string) {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: 'delta' }> => m.type === 'delta' && (topic === undefined || m.topic === topic));
  }
}

function setup(maxHoldMs?: number) {
  const api = {} as IBApi;
  const link = Object.assign(new EventEmitter(), { api: () => api }) as unknown as TwsLink;
  const sinks = new Map<string, FeedSink>();
  const hub = new SubscriptionHub(link, (topic): Feed => ({
    sliced: topic.startsWith('quotes:'),
    start: (_api, sink) => void sinks.set(topic, sink),
    stop: () => void sinks.delete(topic),
  }), maxHoldMs);
  return { hub, sinks };
}

/** Subscribes the clients and gets every topic past its snapshot. */
async function subscribed(topics: string[], clients: Recorder[], maxHoldMs?: number) {
  const s = setup(maxHoldMs);
  for (const c of clients) for (const t of topics) s.hub.subscribe(c, t);
  for (const t of topics) s.sinks.get(t)!.update({ bid: 1 });
  await turn();
  for (const c of clients) expect(c.messages.filter((m) => m.type === 'snapshot')).toHaveLength(topics.length);
  return s;
}

describe('the hub fans quotes out', () => {
  it("coalesces a topic's updates of one turn into one delta with the last value of each field", async () => {
    const a = new Recorder();
    const { sinks } = await subscribed(['quotes:SPY'], [a], NO_SLICING);
    const sink = sinks.get('quotes:SPY')!;
    sink.update({ bid: 450.01 });
    sink.update({ ask: 450.03 });
    sink.update({ bid: 450.02, bidSize: 300 });
    expect(a.deltas()).toHaveLength(0); // nothing before the turn ends
    await turn();
    expect(a.deltas()).toEqual([{ type: 'delta', topic: 'quotes:SPY', seq: 1, data: { bid: 450.02, ask: 450.03, bidSize: 300 } }]);
  });

  it('sends every topic of a turn in one pass: one write per client, each delta serialised once for all', async () => {
    const clients = [new Recorder(), new Recorder(), new Recorder()];
    const topics = Array.from({ length: 20 }, (_, i) => `quotes:S${i}`);
    const { sinks } = await subscribed(topics, clients, NO_SLICING);
    for (const c of clients) c.writes.length = 0;
    for (const t of topics) sinks.get(t)!.update({ last: 10 });
    await turn();
    for (const c of clients) {
      expect(c.deltas()).toHaveLength(20);
      expect(c.writes).toEqual([20]);
    }
    const text = clients[0].texts.at(-1);
    expect(text).toBe(JSON.stringify(clients[0].messages.at(-1)));
    expect(clients[1].texts.at(-1)).toBe(text);
    expect(clients[2].texts.at(-1)).toBe(text);
  });

  it(`flushes a long burst in slices: no update waits more than ${MAX_HOLD_MS} ms for the end of its turn`, async () => {
    const a = new Recorder();
    const topics = Array.from({ length: 40 }, (_, i) => `quotes:S${i}`);
    const { sinks } = await subscribed(topics, [a]);
    a.writes.length = 0;
    // One synchronous burst lasting about 4 ms, as the IBApi decoding a large TCP read.
    const sentBefore: number[] = [];
    for (let i = 0; i < topics.length; i++) {
      const t0 = performance.now();
      while (performance.now() - t0 < 0.1); // decoding the next message
      sinks.get(topics[i])!.update({ last: 100 + i });
      sentBefore.push(a.deltas().length);
    }
    // Deltas left during the burst, in several slices (writes), not all at its end.
    expect(a.deltas().length).toBeGreaterThan(0);
    expect(a.writes.length).toBeGreaterThan(3);
    await turn();
    expect(a.deltas()).toHaveLength(40);
    // Each update went out within the hold bound: at the latest once updates at least 0.1 ms apart
    // had gone on past MAX_HOLD_MS (the last few are sent at the turn's end).
    const bound = Math.ceil(MAX_HOLD_MS / 0.1);
    for (let i = 0; i + bound < topics.length; i++) expect(sentBefore[i + bound]).toBeGreaterThan(i);
    expect(a.deltas().map((d) => d.data)).toEqual(topics.map((_, i) => ({ last: 100 + i })));
  });

  it('keeps each topic gap-free when a burst splits its updates across slices', async () => {
    const a = new Recorder();
    const { sinks } = await subscribed(['quotes:SPY', 'quotes:QQQ'], [a]);
    const spy = sinks.get('quotes:SPY')!;
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      while (performance.now() - t0 < 0.05);
      spy.update({ last: 400 + i });
      sinks.get('quotes:QQQ')!.update({ last: 300 + i });
    }
    await turn();
    for (const topic of ['quotes:SPY', 'quotes:QQQ']) {
      const seqs = a.deltas(topic).map((d) => d.seq);
      expect(seqs.length).toBeGreaterThan(1);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(a.deltas(topic).at(-1)!.data).toEqual({ last: (topic === 'quotes:SPY' ? 400 : 300) + 29 });
    }
  });

  it("never slices a topic whose updates belong together (an order's openOrder and orderStatus): it goes out whole at the turn's end", async () => {
    const a = new Recorder();
    const { sinks } = await subscribed(['orders', 'quotes:SPY'], [a]);
    const orders = sinks.get('orders')!;
    const quotes = sinks.get('quotes:SPY')!;
    orders.update({ '21:7': { orderId: 7, status: 'Filled', filled: 0, remaining: 10 } });
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      while (performance.now() - t0 < 0.1);
      quotes.update({ last: 400 + i });
    }
    orders.update({ '21:7': { orderId: 7, status: 'Filled', filled: 10, remaining: 0 } });
    expect(a.deltas('quotes:SPY').length).toBeGreaterThan(0); // the quotes went out in slices meanwhile
    expect(a.deltas('orders')).toHaveLength(0);
    await turn();
    expect(a.deltas('orders')).toEqual([{ type: 'delta', topic: 'orders', seq: 1, data: { '21:7': { orderId: 7, status: 'Filled', filled: 10, remaining: 0 } } }]);
  });

  it('sends nothing for a topic whose last subscriber left before its turn ended', async () => {
    const a = new Recorder();
    const { hub, sinks } = await subscribed(['quotes:SPY'], [a]);
    const sink = sinks.get('quotes:SPY')!;
    sink.update({ bid: 1.5 });
    hub.unsubscribe(a, 'quotes:SPY');
    await turn();
    expect(a.deltas()).toHaveLength(0);
  });
});
