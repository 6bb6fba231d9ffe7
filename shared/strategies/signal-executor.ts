// The one translation from a strategy signal to order intents, shared by every mode. Several signals
// from one strategy are combined by the weighted aggregator of shared/signals first (equal weights).
import type { OrderIntent } from '../domain/intent.ts';
import type { StrategySignal } from './strategy.ts';

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
  const confidence = signal.confidence;
  if (signal.signal === 'BUY') {
    if (position > 0) return [];
    return position < 0 ? [{ action: 'close', tag, confidence }, { action: 'buy', tag, confidence }] : [{ action: 'buy', tag, confidence }];
  }
  if (position < 0) return [];
  if (position > 0) return exec.allowShort ? [{ action: 'close', tag, confidence }, { action: 'sell', tag, confidence }] : [{ action: 'close', tag, confidence }];
  return exec.allowShort ? [{ action: 'sell', tag, confidence }] : [];
}
