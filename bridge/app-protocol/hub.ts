// The subscription hub (docs/app-protocol.md §2): one entry per live topic with ONE sequence, the
// topic's current state, its subscribers and the feed that fills it from TWS. Every subscriber gets
// the same snapshot (the state as of seq) and then the same deltas (seq + 1, + 2 …) through its
// bounded send. A client that misses a seq sends `resync` and gets a snapshot at the current seq.
// A restart of the TWS requests (new session, or 1101) resets the state: the next data becomes a
// fresh snapshot with seq + 1 for everyone ('restarted'), so nobody mixes old and new data.
// Updates from a feed within one event-loop turn are coalesced into one delta; every topic that
// changed is flushed in ONE pass at the turn's end, each message serialised once for all its
// subscribers and each client's socket corked for the pass (one write per client per pass, not one
// per delta: a burst of 100 quotes to 3 clients is 3 socket writes, not 300). No update waits more
// than MAX_HOLD_MS when its feed is `sliced` (quotes): a long burst (the IBApi decodes a whole TCP
// read in one go — hundreds of ticks, milliseconds) is flushed in slices as it is decoded, so a
// tick's latency does not grow with the size of the burst it came in.
import type { IBApi } from '@stoqey/ib';
import { applyPatch, MAX_TOPICS_PER_CLIENT, type AckCode, type ServerMessage, type SnapshotMessage } from '../../shared/protocol/index.ts';
import type { TwsLink } from './tws-link.ts';

/** The longest an update waits for the end of its turn before the pending ones are flushed anyway. */
export const MAX_HOLD_MS = 0.25;

/** One app connection as the hub sees it; send() is the bounded send (false: not sent / dropped). */
export interface HubClient {
  /** `text`: the message already serialised (the hub serialises a delta once for all subscribers). */
  send(msg: ServerMessage, text?: string): boolean;
  /** Holds writes until uncork() (the hub's flush pass); optional. */
  cork?(): void;
  uncork?(): void;
}

export interface FeedSink {
  /** New or changed fields of the topic's state (null deletes a field); coalesced per turn. */
  update(patch: Record<string, unknown>): void;
  /** The topic cannot go on (TWS refused it): subscribers are told and dropped. */
  fail(code: AckCode, message: string): void;
}

/** What fills one topic from TWS. */
export interface Feed {
  /** Makes the TWS requests on `api`; called when TWS is (again) ready. */
  start(api: IBApi, sink: FeedSink): void;
  /** Cancels the TWS requests (api: undefined when TWS is not ready) and stops listening. */
  stop(api: IBApi | undefined): void;
  /** Gives back what the feed holds (a market data line). */
  dispose?(): void;
  /**
   * Its updates stand alone (quotes: each tick is a fact of its own): during a long burst they are
   * sent in slices, no later than MAX_HOLD_MS after they arrive. Others (an order's openOrder and
   * orderStatus, an account's values) are sent whole at the end of the turn.
   */
  readonly sliced?: boolean;
}

/** Makes the feed of a topic, or refuses it with a code and a sentence. */
export type FeedFactory = (topic: string) => Feed | { readonly code: AckCode; readonly message: string };

export interface TopicResult {
  readonly topic: string;
  readonly ok: boolean;
  readonly code?: AckCode;
  readonly message?: string;
}

class Entry {
  seq = 0;
  state: Record<string, unknown> = {};
  ready = false;
  /** Incremented at every (re)start: a sink of an older start is ignored. */
  generation = 0;
  pending: Record<string, unknown> | undefined;
  /** The api the feed's requests were last made on. */
  api: IBApi | undefined;
  /** Why the feed failed (the entry is removed then). */
  failure: { code: AckCode; message: string } | undefined;
  readonly subscribers = new Set<HubClient>();
  constructor(
    readonly topic: string,
    readonly feed: Feed,
  ) {}
}

export class SubscriptionHub {
  private readonly topics = new Map<string, Entry>();
  private readonly clients = new Map<HubClient, Set<string>>();
  /** Entries with a pending patch, flushed together at the end of the turn (or after MAX_HOLD_MS). */
  private dirty: Entry[] = [];
  /** Whether a pending update could go out in a slice, and when the oldest such arrived (performance.now()). */
  private sliceHeld = false;
  private heldSince = 0;
  private flushScheduled = false;

  constructor(
    private readonly link: TwsLink,
    private readonly makeFeed: FeedFactory,
    /** The hold bound (MAX_HOLD_MS; tests of coalescing alone set it high). */
    private readonly maxHoldMs = MAX_HOLD_MS,
  ) {
    link.on('restart', (api) => {
      for (const e of this.topics.values()) this.start(e, api);
    });
  }

  /** Topics with at least one subscriber. */
  topicCount(): number {
    return this.topics.size;
  }

  /** The current seq of a topic (undefined when nobody holds it). */
  seqOf(topic: string): number | undefined {
    return this.topics.get(topic)?.seq;
  }

  /**
   * Adds the client to a topic (starting its feed if it is new). A snapshot the client can have now
   * is pushed onto `after` (sent once the caller has acknowledged the request).
   */
  subscribe(client: HubClient, topic: string, after: (() => void)[] = []): TopicResult {
    const mine = this.clientTopics(client);
    if (mine.has(topic)) {
      // Subscribing again is a request for the current state.
      const e = this.topics.get(topic)!;
      if (e.ready) after.push(() => client.send(this.snapshot(e, 'subscribed')));
      return { topic, ok: true };
    }
    if (mine.size >= MAX_TOPICS_PER_CLIENT) return { topic, ok: false, code: 'TOO_MANY_SUBSCRIPTIONS', message: `a client may hold at most ${MAX_TOPICS_PER_CLIENT} topics; unsubscribe some first` };
    let e = this.topics.get(topic);
    if (!e) {
      const feed = this.makeFeed(topic);
      if (!('start' in feed)) return { topic, ok: false, code: feed.code, message: feed.message };
      e = new Entry(topic, feed);
      this.topics.set(topic, e);
      const api = this.link.api();
      if (api) this.start(e, api);
      // A feed can refuse at once (no managed account…): then the subscription is refused.
      if (e.failure) return { topic, ok: false, ...e.failure };
    }
    e.subscribers.add(client);
    mine.add(topic);
    const entry = e;
    if (e.ready) after.push(() => client.send(this.snapshot(entry, 'subscribed')));
    return { topic, ok: true };
  }

  unsubscribe(client: HubClient, topic: string): TopicResult {
    const mine = this.clients.get(client);
    if (!mine?.delete(topic)) return { topic, ok: false, code: 'NOT_SUBSCRIBED', message: `this connection does not hold ${topic}` };
    const e = this.topics.get(topic);
    if (e) {
      e.subscribers.delete(client);
      if (e.subscribers.size === 0) this.remove(e);
    }
    return { topic, ok: true };
  }

  /** The client missed a seq: a snapshot at the current seq (now, or when the topic has data). */
  resync(client: HubClient, topic: string, after: (() => void)[] = []): TopicResult {
    const e = this.topics.get(topic);
    if (!e || !this.clients.get(client)?.has(topic)) return { topic, ok: false, code: 'NOT_SUBSCRIBED', message: `this connection does not hold ${topic}; subscribe first` };
    if (e.ready) {
      after.push(() => {
        if (!e.ready || this.topics.get(topic) !== e) return;
        this.flush(e); // whatever is pending goes to everybody first, so the snapshot is the latest state
        client.send(this.snapshot(e, 'resync'));
      });
    }
    return { topic, ok: true };
  }

  /** The connection closed: every topic it held is released. */
  detach(client: HubClient): void {
    for (const topic of [...(this.clients.get(client) ?? [])]) this.unsubscribe(client, topic);
    this.clients.delete(client);
  }

  /** Stops every feed (bridge shutdown). */
  close(): void {
    for (const e of [...this.topics.values()]) this.remove(e);
    this.clients.clear();
  }

  private clientTopics(client: HubClient): Set<string> {
    let s = this.clients.get(client);
    if (!s) this.clients.set(client, (s = new Set()));
    return s;
  }

  private start(e: Entry, api: IBApi): void {
    const generation = ++e.generation;
    e.api = api;
    if (e.ready) e.seq++; // the restarted state is a new base for everyone
    e.ready = false;
    e.state = {};
    e.pending = undefined;
    const live = () => e.generation === generation && this.topics.get(e.topic) === e;
    const sink: FeedSink = {
      update: (patch) => {
        if (!live()) return;
        if (e.pending) Object.assign(e.pending, patch);
        else {
          e.pending = { ...patch };
          this.held(e);
        }
        if (this.sliceHeld && performance.now() - this.heldSince >= this.maxHoldMs) this.flushTurn(false);
      },
      fail: (code, message) => {
        if (!live()) return;
        e.failure = { code, message };
        for (const c of e.subscribers) {
          c.send({ type: 'error', code: 'TOPIC_FAILED', topic: e.topic, ackCode: code, message: `${e.topic}: ${message}` });
          this.clients.get(c)?.delete(e.topic);
        }
        e.subscribers.clear();
        this.remove(e);
      },
    };
    try {
      e.feed.start(api, sink);
    } catch (err) {
      sink.fail('TWS_ERROR', `the request could not be made: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** An entry got a pending patch: it is flushed at the end of the turn at the latest. */
  private held(e: Entry): void {
    this.dirty.push(e);
    if (!this.sliceHeld && e.ready && e.feed.sliced) {
      this.sliceHeld = true;
      this.heldSince = performance.now();
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushTurn(true);
    });
  }

  /**
   * Every topic with a pending patch sends its delta — at the end of a turn, or as a slice of a long
   * burst (endOfTurn false: only sliced feeds' deltas; a first snapshot, and topics whose updates
   * belong together, wait for the turn's end) — with the client sockets corked meanwhile.
   */
  private flushTurn(endOfTurn: boolean): void {
    const dirty = this.dirty;
    if (dirty.length === 0) return;
    this.dirty = [];
    this.sliceHeld = false;
    const corked: HubClient[] = [];
    for (const c of this.clients.keys()) {
      if (!c.cork) continue;
      c.cork();
      corked.push(c);
    }
    try {
      // An entry removed or restarted since its update has no pending patch of that start any more
      // (start() and remove() clear or orphan it): flush() finds nothing to send.
      for (let i = 0; i < dirty.length; i++) {
        const e = dirty[i];
        if (this.topics.get(e.topic) !== e) continue;
        if (endOfTurn || (e.ready && e.feed.sliced)) this.flush(e);
        else this.dirty.push(e);
      }
    } finally {
      for (const c of corked) c.uncork?.();
    }
  }

  private flush(e: Entry): void {
    const patch = e.pending;
    if (!patch) return;
    e.pending = undefined;
    applyPatch(e.state, patch);
    if (!e.ready) {
      e.ready = true;
      const msg = this.snapshot(e, e.seq === 0 ? 'subscribed' : 'restarted');
      for (const c of e.subscribers) c.send(msg);
      return;
    }
    e.seq++;
    const msg: ServerMessage = { type: 'delta', topic: e.topic, seq: e.seq, data: patch };
    const text = JSON.stringify(msg);
    for (const c of e.subscribers) c.send(msg, text);
  }

  private snapshot(e: Entry, reason: SnapshotMessage['reason']): SnapshotMessage {
    return { type: 'snapshot', topic: e.topic, seq: e.seq, data: { ...e.state }, reason };
  }

  private remove(e: Entry): void {
    if (this.topics.get(e.topic) !== e) return;
    this.topics.delete(e.topic);
    e.generation++;
    // While TWS's connectivity is lost (1100) the socket is up and the requests live on at TWS: a
    // cancel is still sent on the api they were made on (it only reduces what TWS streams).
    const api = this.link.api() ?? (e.api?.isConnected ? e.api : undefined);
    try {
      e.feed.stop(api);
    } finally {
      e.feed.dispose?.();
    }
  }
}
