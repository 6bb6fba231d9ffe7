// Commands and requests to the bridge (docs/app-protocol.md §3–4): halt, resume, cancel… and
// historical bars, sent at once and answered by
// the bridge's ack — never queued. Offline, a command is refused here with a sentence saying nothing
// was sent; an ack that does not come within the timeout is reported as unknown (check before
// trying again), not as a failure or a success.
import type { AckMessage, Bar, BarSizeCode, CommandMessage, ClockResponse, IntentLeg, OptionChainRequest, OptionChainResponse, PreviewResponse, SingleIntentMessage } from '../../shared/protocol/index.ts';
import type { BridgeConnection } from './socket.ts';

export type CommandOutcome =
  | { readonly ok: true; readonly ack: AckMessage }
  | { readonly ok: false; readonly reason: 'offline' | 'refused' | 'no-answer'; readonly message: string; readonly ack?: AckMessage };

export type CommandFields = Omit<CommandMessage, 'type' | 'commandId'>;

/** Minor 2: a one-leg order's fields with the lease stamp, as a preview or an intent carries them. */
export interface OrderFields {
  readonly legs: readonly IntentLeg[];
  readonly strategyId?: string;
  readonly leaseToken?: number;
  /** Bridge time (epoch ms). */
  readonly createdAt?: number;
}

export interface Commands {
  send(fields: CommandFields, timeoutMs?: number): Promise<CommandOutcome>;
  /** Historical bars (docs/app-protocol.md §3); rejects with a sentence when offline, refused or unanswered. */
  bars(instrument: string, barSize: BarSizeCode, duration: string, timeoutMs?: number): Promise<readonly Bar[]>;
  /** Minor 2: the guard's verdict and TWS's whatIf for an order (nothing placed); rejects with a sentence when offline, refused or unanswered. */
  preview(order: OrderFields, timeoutMs?: number): Promise<PreviewResponse>;
  /** An intent (one order), answered by its ack; never queued: offline it is refused with a sentence. */
  intent(intentId: string, order: OrderFields & { readonly createdAt: number }, timeoutMs?: number): Promise<CommandOutcome>;
  /** An option chain (docs/app-protocol.md §3); never queued: rejects with a sentence when offline, refused (`CODE: message`) or unanswered. */
  optionChain(symbol: string, options?: Pick<OptionChainRequest, 'expiry' | 'strikes' | 'openInterest'>, timeoutMs?: number): Promise<OptionChainResponse>;
  /**
   * The broker's time (docs/app-protocol.md §3 `clock`; on the simulator the replay clock): what days to
   * expiry count from. Optional for scripted Commands; without it a caller uses the device's clock.
   */
  clock?(timeoutMs?: number): Promise<ClockResponse>;
}

export function createCommands(bridge: BridgeConnection): Commands {
  let next = 1;
  const waiting = new Map<string, (ack: AckMessage) => void>();
  const barsWaiting = new Map<string, { resolve: (bars: readonly Bar[]) => void; reject: (e: Error) => void }>();
  const previewsWaiting = new Map<string, { resolve: (p: PreviewResponse) => void; reject: (e: Error) => void }>();
  // The option chain requests waiting for their answer (an `optionChain`, or an ack refusing it).
  const chainsWaiting = new Map<string, { resolve: (c: OptionChainResponse) => void; reject: (e: Error) => void }>();
  const clocksWaiting = new Map<string, { resolve: (c: ClockResponse) => void; reject: (e: Error) => void }>();
  bridge.onMessage((m) => {
    if (m.type === 'optionChain' || m.type === 'clock') {
      const w = (m.type === 'clock' ? clocksWaiting : chainsWaiting).get(m.id);
      chainsWaiting.delete(m.id);
      clocksWaiting.delete(m.id);
      w?.resolve(m as never);
      return;
    }
    if (m.type === 'preview') {
      const w = previewsWaiting.get(m.id);
      previewsWaiting.delete(m.id);
      w?.resolve(m);
      return;
    }
    if (m.type === 'historicalBars') {
      const w = barsWaiting.get(m.id);
      barsWaiting.delete(m.id);
      w?.resolve(m.bars);
      return;
    }
    if (m.type !== 'ack') return;
    const c = chainsWaiting.get(m.id) ?? clocksWaiting.get(m.id);
    if (c) {
      chainsWaiting.delete(m.id);
      clocksWaiting.delete(m.id);
      c.reject(new Error(`${m.code ?? 'refused'}: ${m.message ?? 'the bridge refused the option chain request'}`));
      return;
    }
    const p = previewsWaiting.get(m.id);
    if (p) {
      previewsWaiting.delete(m.id);
      p.reject(new Error(`${m.code ?? 'refused'}: ${m.message ?? 'the bridge refused the preview'}`));
      return;
    }
    const b = barsWaiting.get(m.id);
    if (b) {
      barsWaiting.delete(m.id);
      b.reject(new Error(`${m.code ?? 'refused'}: ${m.message ?? 'the bridge refused the request'}`));
      return;
    }
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    w(m);
  });
  return {
    optionChain(symbol, options = {}, timeoutMs = 60_000) {
      const id = `app-chain-${Date.now().toString(36)}-${next++}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          chainsWaiting.delete(id);
          reject(new Error(`no option chain of ${symbol} from the bridge within ${timeoutMs / 1000} s — load it again`));
        }, timeoutMs);
        const settle = <T>(f: (v: T) => void) => (v: T) => {
          clearTimeout(timer);
          f(v);
        };
        chainsWaiting.set(id, { resolve: settle(resolve), reject: settle(reject) });
        if (!bridge.send({ type: 'optionChain', id, symbol, ...options })) {
          clearTimeout(timer);
          chainsWaiting.delete(id);
          reject(new Error('the bridge is not connected: nothing was sent (requests are never queued) — load the chain again once it is back'));
        }
      });
    },
    clock(timeoutMs = 10_000) {
      const id = `app-clock-${next++}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          clocksWaiting.delete(id);
          reject(new Error(`no broker time from the bridge within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        clocksWaiting.set(id, { resolve: (c) => (clearTimeout(timer), resolve(c)), reject: (e) => (clearTimeout(timer), reject(e)) });
        if (!bridge.send({ type: 'clock', id })) {
          clearTimeout(timer);
          clocksWaiting.delete(id);
          reject(new Error('the bridge is not connected: nothing was sent'));
        }
      });
    },
    bars(instrument, barSize, duration, timeoutMs = 30_000) {
      const id = `app-bars-${next++}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          barsWaiting.delete(id);
          reject(new Error(`no bars of ${instrument} from the bridge within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        barsWaiting.set(id, {
          resolve: (b) => {
            clearTimeout(timer);
            resolve(b);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        if (!bridge.send({ type: 'historicalBars', id, instrument, barSize, duration })) {
          clearTimeout(timer);
          barsWaiting.delete(id);
          reject(new Error('the bridge is not connected'));
        }
      });
    },
    preview(order, timeoutMs = 15_000) {
      const id = `app-preview-${Date.now().toString(36)}-${next++}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          previewsWaiting.delete(id);
          reject(new Error(`no preview from the bridge within ${timeoutMs / 1000} s; review again`));
        }, timeoutMs);
        const settle = <T>(f: (v: T) => void) => (v: T) => {
          clearTimeout(timer);
          f(v);
        };
        previewsWaiting.set(id, { resolve: settle(resolve), reject: settle(reject) });
        if (!bridge.send({ type: 'preview', id, ...order })) {
          clearTimeout(timer);
          previewsWaiting.delete(id);
          reject(new Error('the bridge is not connected: nothing was sent (orders and reviews are never queued) — review again once it is back'));
        }
      });
    },
    intent(intentId, order, timeoutMs = 15_000) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(intentId);
          resolve({ ok: false, reason: 'no-answer', message: `no answer from the bridge within ${timeoutMs / 1000} s: the order may or may not have been placed — check the orders; sending again is safe (the same intent id never makes a second order)` });
        }, timeoutMs);
        waiting.set(intentId, (ack) => {
          clearTimeout(timer);
          resolve(ack.ok ? { ok: true, ack } : { ok: false, reason: 'refused', message: `${ack.code ?? 'refused'}: ${ack.message ?? 'the bridge refused the order'}`, ack });
        });
        const msg: SingleIntentMessage = { type: 'intent', intentId, ...order };
        if (!bridge.send(msg)) {
          clearTimeout(timer);
          waiting.delete(intentId);
          resolve({ ok: false, reason: 'offline', message: 'the bridge is not connected: the order was not sent (orders are never queued) — send it again once the bridge is back' });
        }
      });
    },
    send(fields, timeoutMs = 10_000) {
      const commandId = `app-cmd-${Date.now().toString(36)}-${next++}`;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(commandId);
          resolve({ ok: false, reason: 'no-answer', message: `no answer from the bridge within ${timeoutMs / 1000} s: the ${fields.kind} may or may not have happened — check before trying again` });
        }, timeoutMs);
        waiting.set(commandId, (ack) => {
          clearTimeout(timer);
          resolve(ack.ok ? { ok: true, ack } : { ok: false, reason: 'refused', message: `${ack.code ?? 'refused'}: ${ack.message ?? 'the bridge refused it'}`, ack });
        });
        if (!bridge.send({ type: 'command', commandId, ...fields })) {
          clearTimeout(timer);
          waiting.delete(commandId);
          resolve({ ok: false, reason: 'offline', message: `the bridge is not connected: nothing was sent (commands are never queued) — ${fields.kind} again once it is back` });
        }
      });
    },
  };
}
