// The app's live topics (docs/app-protocol.md §2) as Solid accessors: a view asks for a topic, the
// bridge connection subscribes to it (and again after every reconnect: the bridge sends a new
// snapshot), and the state is held by the shared TopicStates rule (snapshot, deltas in seq order,
// resync on a gap). When the bridge goes away the last state stays, marked not live with the time it
// was last updated, so a view says "as of 14:02, bridge offline" instead of pretending.
import { createEffect, createRoot, createSignal, on, untrack, type Accessor } from 'solid-js';
import { TopicStates, type TopicFailure } from '../../shared/protocol/index.ts';
import type { BridgeConnection } from './socket.ts';

export interface LiveTopic {
  /** The topic's last known state (kept while offline), undefined before the first snapshot. */
  readonly data: Accessor<Readonly<Record<string, unknown>> | undefined>;
  /** True while the bridge is connected and the state is current. */
  readonly live: Accessor<boolean>;
  /** When the state last changed (epoch ms), undefined before the first snapshot. */
  readonly updatedAt: Accessor<number | undefined>;
  /** Why the bridge refused or stopped the topic. */
  readonly failure: Accessor<TopicFailure | undefined>;
}

interface Entry {
  readonly topic: LiveTopic;
  readonly set: (data: Readonly<Record<string, unknown>>) => void;
  readonly fail: (f: TopicFailure | undefined) => void;
}

export interface Topics {
  /** The live topic (subscribed on first use, until released). */
  topic(name: string): LiveTopic;
  /** Unsubscribes a topic no view needs any more (a symbol taken off the watchlist frees its quote line). */
  release(name: string): void;
}

export function createTopics(bridge: BridgeConnection, now: () => number = Date.now): Topics {
  const states = new TopicStates();
  const entries = new Map<string, Entry>();
  let nextId = 1;
  const connected = () => bridge.status().state === 'connected';

  const subscribe = (names: readonly string[]) => {
    if (names.length === 0) return;
    bridge.send({ type: 'subscribe', id: `app-sub-${nextId++}`, subscriptions: names.map((topic) => ({ topic })) });
  };

  bridge.onMessage((msg) => {
    if (msg.type === 'ack') {
      states.refused(msg);
      for (const r of msg.results ?? []) if (!r.ok) entries.get(r.topic)?.fail(states.failure(r.topic));
      return;
    }
    const { topic, resync } = states.apply(msg);
    if (resync) bridge.send(resync);
    if (!topic) return;
    const e = entries.get(topic);
    if (!e) return;
    const s = states.state(topic);
    if (s) e.set({ ...s.data });
    e.fail(states.failure(topic));
  });

  // Every (re)connection: the bridge knows nothing of this client's topics.
  createRoot(() =>
    createEffect(
      on(connected, (c) => {
        if (!c) return;
        states.clear();
        subscribe([...entries.keys()]);
      }),
    ),
  );

  return {
    topic(name) {
      const hit = entries.get(name);
      if (hit) return hit.topic;
      const [data, setData] = createSignal<Readonly<Record<string, unknown>> | undefined>(undefined);
      const [updatedAt, setUpdatedAt] = createSignal<number | undefined>(undefined);
      const [failure, setFailure] = createSignal<TopicFailure | undefined>(undefined);
      const topic: LiveTopic = { data, updatedAt, failure, live: () => connected() && data() !== undefined && failure() === undefined };
      entries.set(name, {
        topic,
        set: (d) => {
          setData(d);
          setUpdatedAt(now());
        },
        fail: setFailure,
      });
      if (untrack(connected)) subscribe([name]);
      return topic;
    },
    release(name) {
      if (!entries.delete(name)) return;
      states.forget(name);
      if (untrack(connected)) bridge.send({ type: 'unsubscribe', id: `app-unsub-${nextId++}`, topics: [name] });
    },
  };
}
