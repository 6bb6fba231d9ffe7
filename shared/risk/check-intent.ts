// The pure risk gate (docs/trading-model.md §11): intent × sleeve state × limits → the intent
// (maybe resized) or a denial with a reason code. Closes and reducing orders always pass the limits.
import type { OrderIntent } from '../domain/intent.ts';
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
  /** Signed units held in the intent's instrument once the intents before it are done, and its last price. */
  readonly position: number;
  readonly price: number;
  /** Units per contract of the instrument. */
  readonly multiplier?: number;
  /** The default entry size (fraction < 1 or units ≥ 1). */
  readonly defaultSize: number;
}

export type RiskDecision =
  | { readonly ok: true; readonly intent: OrderIntent; readonly adjusted?: RiskReason }
  | { readonly ok: false; readonly reason: RiskReason };

/** Whether an intent opens or adds exposure (closes and reducing orders are never entries). */
export function isEntry(intent: OrderIntent, position: number): boolean {
  if (intent.action === 'close') return false;
  if (intent.action === 'target') return intent.weight !== 0;
  return position === 0 || (intent.action === 'buy') === position > 0;
}

export function checkIntent(intent: OrderIntent, s: RiskState, limits: RiskLimits): RiskDecision {
  if (!isEntry(intent, s.position)) return { ok: true, intent };
  const value = (units: number) => Math.abs(units) * s.price * (s.multiplier ?? 1);
  if (intent.action === 'target') {
    // A target that does not grow the position's value is a reduction.
    if (Math.abs(intent.weight) * s.equity <= value(s.position) && Math.sign(intent.weight) === Math.sign(s.position)) return { ok: true, intent };
  }
  if (limits.maxDrawdown !== undefined && s.peakEquity > 0 && (s.peakEquity - s.equity) / s.peakEquity >= limits.maxDrawdown) {
    return { ok: false, reason: 'MAX_DRAWDOWN_HALT' };
  }
  if (limits.positionSizeLimit !== undefined) {
    const limit = limits.positionSizeLimit;
    if (intent.action === 'target') {
      return Math.abs(intent.weight) > limit ? { ok: true, intent: { ...intent, weight: Math.sign(intent.weight) * limit }, adjusted: 'POSITION_SIZE_CAPPED' } : { ok: true, intent };
    }
    if (intent.action === 'close') return { ok: true, intent };
    const held = value(s.position) / s.equity;
    const room = limit - held;
    if (room <= 0) return { ok: false, reason: 'POSITION_SIZE_FULL' };
    const size = intent.size ?? s.defaultSize;
    if (size < 1 && size > room) return { ok: true, intent: { ...intent, size: room }, adjusted: 'POSITION_SIZE_CAPPED' };
    if (size >= 1) {
      const maxUnits = Math.floor((room * s.equity) / (s.price * (s.multiplier ?? 1)));
      if (maxUnits < 1) return { ok: false, reason: 'POSITION_SIZE_FULL' };
      if (size > maxUnits) return { ok: true, intent: { ...intent, size: maxUnits }, adjusted: 'POSITION_SIZE_CAPPED' };
    }
  }
  return { ok: true, intent };
}
