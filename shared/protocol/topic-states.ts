// What a client holds of the bridge's live topics (docs/app-protocol.md §2): each topic's state from
// its snapshot, then its deltas applied in seq order with applyPatch; a delta past a gap asks for a
// resync (the caller sends it) and is dropped; TOPIC_FAILED and refused subscriptions are kept as
// failures. The app and the CLI's bridge client hold topics by this one rule.
import { applyPatch } from './topics.ts';
import type { AckMessage, ResyncMessage, ServerMessage } from './messages.ts';

export interface TopicFailure {
  readonly code: string;
  readonly message: string;
}

export interface TopicState {
  readonly seq: number;
  readonly data: Readonly<Record<string, unknown>>;
}

export class TopicStates {
  private readonly states = new Map<string, { seq: number; data: Record<string, unknown> }>();
  private readonly failures = new Map<string, TopicFailure>();

  /**
   * Applies one message from the bridge. Returns the topic whose state changed (or failed), and a
   * resync to send when a delta came past a gap.
   */
  apply(m: ServerMessage): { readonly topic?: string; readonly resync?: ResyncMessage } {
    if (m.type === 'snapshot' && typeof m.topic === 'string' && typeof m.data === 'object' && m.data !== null) {
      this.states.set(m.topic, { seq: m.seq, data: { ...m.data } });
      this.failures.delete(m.topic);
      return { topic: m.topic };
    }
    if (m.type === 'delta' && typeof m.topic === 'string') {
      const s = this.states.get(m.topic);
      if (s && m.seq === s.seq + 1 && typeof m.data === 'object' && m.data !== null) {
        applyPatch(s.data, m.data);
        s.seq = m.seq;
        return { topic: m.topic };
      }
      if (s && m.seq > s.seq + 1) return { resync: { type: 'resync', topic: m.topic, lastSeq: s.seq } };
      return {};
    }
    if (m.type === 'error' && m.code === 'TOPIC_FAILED' && typeof m.topic === 'string') {
      this.failures.set(m.topic, { code: m.ackCode ?? 'TWS_ERROR', message: m.message });
      this.states.delete(m.topic);
      return { topic: m.topic };
    }
    return {};
  }

  /** Records the refusals of a subscribe's ack. */
  refused(ack: AckMessage): void {
    for (const r of ack.results ?? []) if (!r.ok) this.failures.set(r.topic, { code: r.code ?? 'TWS_ERROR', message: r.message ?? 'refused' });
  }

  /** The topic's state, or undefined before its snapshot. */
  state(topic: string): TopicState | undefined {
    return this.states.get(topic);
  }

  failure(topic: string): TopicFailure | undefined {
    return this.failures.get(topic);
  }

  /** Forgets a topic (unsubscribed). */
  forget(topic: string): void {
    this.states.delete(topic);
    this.failures.delete(topic);
  }

  /** Forgets every topic (a new connection: the bridge sends new snapshots). */
  clear(): void {
    this.states.clear();
    this.failures.clear();
  }
}
