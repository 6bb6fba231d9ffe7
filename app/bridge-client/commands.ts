// Commands and requests to the bridge (docs/app-protocol.md §3–4): halt, resume, cancel… and
// historical bars, sent at once and answered by
// the bridge's ack — never queued. Offline, a command is refused here with a sentence saying nothing
// was sent; an ack that does not come within the timeout is reported as unknown (check before
// trying again), not as a failure or a success.
import type { AckMessage, Bar, BarSizeCode, CommandMessage } from '../../shared/protocol/index.ts';
import type { BridgeConnection } from './socket.ts';

export type CommandOutcome =
  | { readonly ok: true; readonly ack: AckMessage }
  | { readonly ok: false; readonly reason: 'offline' | 'refused' | 'no-answer'; readonly message: string; readonly ack?: AckMessage };

export type CommandFields = Omit<CommandMessage, 'type' | 'commandId'>;

export interface Commands {
  send(fields: CommandFields, timeoutMs?: number): Promise<CommandOutcome>;
  /** Historical bars (docs/app-protocol.md §3); rejects with a sentence when offline, refused or unanswered. */
  bars(instrument: string, barSize: BarSizeCode, duration: string, timeoutMs?: number): Promise<readonly Bar[]>;
}

export function createCommands(bridge: BridgeConnection): Commands {
  let next = 1;
  const waiting = new Map<string, (ack: AckMessage) => void>();
  const barsWaiting = new Map<string, { resolve: (bars: readonly Bar[]) => void; reject: (e: Error) => void }>();
  bridge.onMessage((m) => {
    if (m.type === 'historicalBars') {
      const w = barsWaiting.get(m.id);
      barsWaiting.delete(m.id);
      w?.resolve(m.bars);
      return;
    }
    if (m.type !== 'ack') return;
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
