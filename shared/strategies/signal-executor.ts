// The one translation from a strategy signal to order intents, shared by every mode.
import type { OrderIntent, StrategySignal } from './strategy.ts';

export interface SignalExecution {
  /** Whether a SELL may open a short when flat (else it only closes longs). */
  readonly allowShort: boolean;
  /** Signals below this confidence are ignored. */
  readonly minConfidence: number;
}

/** BUY: close a short, then buy when flat; SELL: close a long, then (if allowed) sell short. */
export function intentsForSignal(signal: StrategySignal, position: number, exec: SignalExecution): readonly OrderIntent[] {
  if (signal.signal === 'HOLD' || signal.confidence < exec.minConfidence) return [];
  const tag = `${signal.signal.toLowerCase()} ${signal.confidence.toFixed(2)}: ${signal.reason}`;
  if (signal.signal === 'BUY') {
    if (position > 0) return [];
    return position < 0 ? [{ action: 'close', tag }, { action: 'buy', tag }] : [{ action: 'buy', tag }];
  }
  if (position < 0) return [];
  if (position > 0) return exec.allowShort ? [{ action: 'close', tag }, { action: 'sell', tag }] : [{ action: 'close', tag }];
  return exec.allowShort ? [{ action: 'sell', tag }] : [];
}
