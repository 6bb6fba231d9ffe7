// The pure risk gate: intent × account state × limits → the intent (maybe resized) or a denial.
import type { OrderIntent } from '../strategies/strategy.ts';
import type { RiskReason } from './denial-reason.ts';

export interface RiskLimits {
  /** Halt new entries once 1 − equity/peak reaches this (fraction in (0, 1]). */
  readonly maxDrawdown?: number;
  /** Cap a position's value at this fraction of equity (fraction in (0, 1]). */
  readonly positionSizeLimit?: number;
}

export interface RiskState {
  readonly equity: number;
  readonly peakEquity: number;
  /** Signed shares held in the intent's symbol once the intents before it are done, and the last price. */
  readonly position: number;
  readonly price: number;
  /** The default entry size (fraction < 1 or shares ≥ 1). */
  readonly defaultSize: number;
}

export type RiskDecision =
  | { readonly ok: true; readonly intent: OrderIntent; readonly adjusted?: RiskReason }
  | { readonly ok: false; readonly reason: RiskReason };

/** Whether an intent opens or adds exposure (closes and reducing orders are always allowed). */
function isEntry(intent: OrderIntent, position: number): boolean {
  if (intent.action === 'close') return false;
  return position === 0 || (intent.action === 'buy') === position > 0;
}

export function checkIntent(intent: OrderIntent, s: RiskState, limits: RiskLimits): RiskDecision {
  if (intent.action === 'close' || !isEntry(intent, s.position)) return { ok: true, intent };
  if (limits.maxDrawdown !== undefined && s.peakEquity > 0 && (s.peakEquity - s.equity) / s.peakEquity >= limits.maxDrawdown) {
    return { ok: false, reason: 'MAX_DRAWDOWN_HALT' };
  }
  if (limits.positionSizeLimit !== undefined) {
    const held = (Math.abs(s.position) * s.price) / s.equity;
    const room = limits.positionSizeLimit - held;
    if (room <= 0) return { ok: false, reason: 'POSITION_SIZE_FULL' };
    const size = intent.size ?? s.defaultSize;
    if (size < 1 && size > room) return { ok: true, intent: { ...intent, size: room }, adjusted: 'POSITION_SIZE_CAPPED' };
    if (size >= 1) {
      const maxShares = Math.floor((room * s.equity) / s.price);
      if (maxShares < 1) return { ok: false, reason: 'POSITION_SIZE_FULL' };
      if (size > maxShares) return { ok: true, intent: { ...intent, size: maxShares }, adjusted: 'POSITION_SIZE_CAPPED' };
    }
  }
  return { ok: true, intent };
}
