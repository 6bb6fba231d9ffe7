// Number formatting for signal reasons (deterministic, locale-free).
import type { SignalKind } from '../strategies/strategy.ts';

/** Prices and indicator values: 2 decimals from 1 up, 3 significant digits below. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  return a >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** `part` as a percentage of `|whole|`, e.g. '0.42 %' (2 significant digits below 0.1 %: '0.0034 %'); '' when `whole` is 0. */
export function formatPercentOf(part: number, whole: number): string {
  if (whole === 0) return '';
  const p = (100 * part) / Math.abs(whole);
  return `${Math.abs(p) >= 0.1 || p === 0 ? p.toFixed(2) : p.toPrecision(2)} %`;
}

/** 'by 0.42 % (0.0123)' or, when the reference is 0, 'by 0.0123'. */
export function formatOvershoot(overshoot: number, reference: number): string {
  const pct = formatPercentOf(overshoot, reference);
  return pct ? `by ${pct} (${formatValue(overshoot)})` : `by ${formatValue(overshoot)}`;
}

/** 'BUY 0.42' style. */
export function formatSignal(kind: SignalKind, confidence: number): string {
  return kind === 'HOLD' ? 'HOLD' : `${kind} ${confidence.toFixed(2)}`;
}

/** A signed score with 2 decimals, e.g. '+0.45', '-0.10', '0.00'. */
export function formatScore(score: number): string {
  const s = score.toFixed(2);
  return score > 0 && s !== '0.00' ? `+${s}` : s === '-0.00' ? '0.00' : s;
}
