// Order path benchmark (issue 11): intent → placeOrder → fill → app notified, on loopback. The bridge
// (startBridge) with its order path (bridge/trading/order-path.ts: order guard, IBKR broker, fsync'd
// journal, Reconciler) over a real TwsConnection (real @stoqey/ib over TCP) to the embedded simulator
// on the step clock, and one app client over a real `ws` WebSocket holding a runner lease and
// subscribed to the orders topic. Each intent is a 1-share market order (BUY and SELL alternate, so
// the position stays flat); the next is sent when the previous one's fill has reached the client.
// Measured in the client, from ws.send of the intent to the 'message' event of the orders delta that
// shows the order Filled; the ack (sent once the journal has the order) is timed beside it. Goal: p99
// < 10 ms. Bridge, simulator and client share one Node process; the journal is fsync'd in os.tmpdir().
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol/index.ts';
import { startOrderPathHarness } from '../support/order-path-harness.ts';
import { fmt, table } from './measure.ts';

const WARMUP = 50;
const INTENTS = 1000;
const GOAL_P99_MS = 10;
/** Between one fill and the next intent: placeOrder stays under TWS's 50 messages/s (ib-protocol.md §7 P9). */
const PAUSE_MS = 25;

export async function benchOrderPath(): Promise<string> {
  const h = await startOrderPathHarness({ guard: { max_orders_per_minute: 3000, intent_max_age_seconds: 60 } });
  const ws = new WebSocket(h.url);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    let waiter: { pred: (m: ServerMessage, at: number) => boolean; settle: (err?: unknown) => void } | undefined;
    ws.on('message', (data) => {
      const at = performance.now();
      const m = JSON.parse(data.toString()) as ServerMessage;
      const w = waiter;
      if (!w) return;
      try {
        if (w.pred(m, at)) w.settle();
      } catch (err) {
        w.settle(err);
      }
    });
    const until = (pred: (m: ServerMessage, at: number) => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench: no ${what} within 10 s`)), 10_000);
        waiter = {
          pred,
          settle: (err) => {
            clearTimeout(timer);
            waiter = undefined;
            if (err === undefined) resolve();
            else reject(err instanceof Error ? err : new Error(String(err)));
          },
        };
      });
    const send = (m: unknown) => ws.send(JSON.stringify(m));
    const welcome = until((m) => m.type === 'welcome', 'welcome');
    send({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'bench', clientVersion: '1' });
    await welcome;
    const sub = until((m) => m.type === 'snapshot' && m.topic === 'orders', 'orders snapshot');
    send({ type: 'subscribe', id: 'sub', subscriptions: [{ topic: 'orders' }] });
    await sub;
    let token = -1;
    const leased = until((m) => {
      if (m.type !== 'ack' || m.id !== 'lease') return false;
      if (!m.ok || !m.lease) throw new Error(`bench: no lease: ${m.message}`);
      token = m.lease.token;
      return true;
    }, 'lease');
    send({ type: 'command', commandId: 'lease', kind: 'acquireLease', strategyId: 'bench' });
    await leased;

    const acks: number[] = [];
    const fills: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < WARMUP + INTENTS; i++) {
      const intentId = `bench-${i}`;
      let ackAt = NaN;
      let fillAt = NaN;
      const filled = until((m, at) => {
        if (m.type === 'ack' && m.id === intentId) {
          if (!m.ok) throw new Error(`bench: ${intentId} refused: ${m.code} ${m.message}`);
          ackAt = at;
        } else if (m.type === 'delta' && m.topic === 'orders') {
          for (const row of Object.values(m.data) as ({ orderRef?: string; status?: string } | null)[]) if (row?.orderRef === intentId && row.status === 'Filled') fillAt = at;
        }
        return Number.isFinite(ackAt) && Number.isFinite(fillAt);
      }, `fill of ${intentId}`);
      const sentAt = performance.now();
      send({ type: 'intent', intentId, strategyId: 'bench', leaseToken: token, createdAt: Date.now(), legs: [{ instrument: 'SPY', side: i % 2 === 0 ? 'BUY' : 'SELL', quantity: 1, orderType: 'MKT', tif: 'DAY' }] });
      await filled;
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      if (i >= WARMUP) {
        acks.push(ackAt - sentAt);
        fills.push(fillAt - sentAt);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const p99 = percentile(sorted(fills), 99);
    const row = (name: string, xs: number[], goal: boolean) => {
      const s = sorted(xs);
      return [name, xs.length.toLocaleString('en-US'), fmt(percentile(s, 50), 3), fmt(percentile(s, 90), 3), fmt(percentile(s, 99), 3), fmt(s[s.length - 1], 3), goal ? (percentile(s, 99) < GOAL_P99_MS ? 'yes' : 'NO') : '–'];
    };
    return [
      `Order path: one app client over a real WebSocket sends intents (1-share market orders, BUY and SELL alternating) with its runner lease to the bridge; the order guard, the IBKR broker (order journaled and fsync'd before placeOrder) and a real TwsConnection to the embedded simulator on the step clock carry each out. ` +
        `${INTENTS} intents after ${WARMUP} warm-up ones, one at a time (the next when the previous fill reached the client), ${fmt(seconds)} s in all. ` +
        `Latency = from the client's ws.send of the intent to its 'message' event for the orders delta showing the order Filled; the ack (sent once the journal holds the order) is timed beside it. Bridge, simulator and client share one Node process; the journal is in ${'os.tmpdir()'}. ` +
        `Goal: intent → fill → app notified p99 < ${GOAL_P99_MS} ms — ${p99 < GOAL_P99_MS ? 'met' : 'NOT met'}.`,
      '',
      table(
        ['leg', 'intents', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'goal met'],
        [row('intent → placeOrder → fill → orders delta at the app', fills, true), row('intent → ack (journaled)', acks, false)],
      ),
    ].join('\n');
  } finally {
    ws.close();
    await h.close();
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const percentile = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
