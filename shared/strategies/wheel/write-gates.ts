// The gates a new write must pass (wheel-rules §1.9, §1.10, §2.2, §2.3; T6–T11, S16): red/green day
// rules against the previous close, the daily-move threshold (a % of the close or N σ of daily log
// returns), and for calls the minimum position size (% of NLV) and minimum excess over the target.
import type { Reason, Right } from './types.ts';
import { rightName } from './targets.ts';

/** T6: the close the gates compare with: the previous session's close, or the market price when it has none. */
export function gateClose(close: number | undefined, price: number): number {
  return close !== undefined && Number.isFinite(close) ? close : price;
}

/** One level of write-threshold settings (undefined = not set there). */
export interface ThresholdLevel {
  /** A fraction of the close. */
  readonly percent?: number;
  /** A number of daily σ. */
  readonly sigma?: number;
}

export type WriteThreshold = { readonly kind: 'percent'; readonly value: number } | { readonly kind: 'sigma'; readonly value: number } | { readonly kind: 'none' };

/**
 * §1.10: the threshold that applies, from the most specific level to the least (symbol.right, symbol,
 * constants.right, constants): the first level that sets either decides; σ wins over % at the same
 * level. (thetagang lets constants-level σ win over a constants.right %; we apply the documented
 * rule at every level: a % set more specifically disables a σ set less specifically.)
 */
export function resolveWriteThreshold(levels: readonly (ThresholdLevel | undefined)[]): WriteThreshold {
  for (const l of levels) {
    if (!l) continue;
    if (l.sigma !== undefined) return { kind: 'sigma', value: l.sigma };
    if (l.percent !== undefined) return { kind: 'percent', value: l.percent };
  }
  return { kind: 'none' };
}

/** Sample standard deviation (n − 1) of the daily log returns of a close series; NaN with fewer than 3 closes. */
export function dailyLogReturnStdev(closes: readonly number[]): number {
  const n = closes.length - 1;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 1; i <= n; i++) mean += Math.log(closes[i] / closes[i - 1]);
  mean /= n;
  let ss = 0;
  for (let i = 1; i <= n; i++) {
    const d = Math.log(closes[i] / closes[i - 1]) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** The daily move and the threshold it must reach. */
export interface MoveCheck {
  readonly move: number;
  readonly threshold: number;
}

/**
 * T7: move = |price − close| (close per T6); threshold = percent × close, or with σ:
 * close × (e^σ − 1) × N over the daily closes given (`daily_stddev_window`). NaN threshold when the
 * σ history is too short.
 */
export function moveAndThreshold(price: number, close: number | undefined, rule: WriteThreshold, closes: readonly number[] = []): MoveCheck {
  const c = gateClose(close, price);
  const move = Math.abs(price - c);
  if (rule.kind === 'none') return { move, threshold: 0 };
  if (rule.kind === 'percent') return { move, threshold: rule.value * c };
  return { move, threshold: c * (Math.exp(dailyLogReturnStdev(closes)) - 1) * rule.value };
}

export type GateCode = 'GREEN_DAY' | 'RED_DAY' | 'MOVE_BELOW_THRESHOLD' | 'NO_HISTORY' | 'POSITION_BELOW_NLV_THRESHOLD' | 'EXCESS_BELOW_THRESHOLD';

/** Whether writing is allowed on green days (price above the close) and on red days (below). */
export interface WriteWhen {
  readonly green: boolean;
  readonly red: boolean;
}

/**
 * S16 (defaults: puts red only, calls green only): a write is skipped on a green day when `green` is
 * off and on a red day when `red` is off; a price equal to the close, or no close, never blocks.
 */
export function redGreenGate(right: Right, price: number, close: number | undefined, when: WriteWhen): Reason<GateCode> | undefined {
  const c = gateClose(close, price);
  if (!when.green && price > c) return { code: 'GREEN_DAY', message: `no ${rightName(right)} on a green day: price ${fmt(price)} > previous close ${fmt(c)} and write_when.${rightName(right)}.green = false` };
  if (!when.red && price < c) return { code: 'RED_DAY', message: `no ${rightName(right)} on a red day: price ${fmt(price)} < previous close ${fmt(c)} and write_when.${rightName(right)}.red = false` };
  return undefined;
}

/** T7: the daily-move gate: skipped when the move since the close is below the threshold. */
export function moveGate(right: Right, check: MoveCheck): Reason<GateCode> | undefined {
  if (!Number.isFinite(check.threshold)) return { code: 'NO_HISTORY', message: `no ${rightName(right)}: the σ write threshold needs at least 3 daily closes of history` };
  if (check.move < check.threshold) return { code: 'MOVE_BELOW_THRESHOLD', message: `no ${rightName(right)}: daily move ${fmt(check.move)} < write threshold ${fmt(check.threshold)}` };
  return undefined;
}

/** The call-writing size thresholds (`write_when.calls.min_threshold_percent[_relative]`, symbol over default). */
export interface CallThresholds {
  /** The stock position must be at least this fraction of net liquidation. */
  readonly minPercent?: number;
  /** The stock position must exceed its target value by at least this fraction. */
  readonly minPercentRelative?: number;
}

/** T11: each call threshold from the symbol's setting, else the wheel's default (per key). */
export function resolveCallThresholds(symbol: CallThresholds | undefined, defaults: CallThresholds | undefined): CallThresholds {
  return { minPercent: symbol?.minPercent ?? defaults?.minPercent, minPercentRelative: symbol?.minPercentRelative ?? defaults?.minPercentRelative };
}

/**
 * T8–T11: calls are written only when the position is large enough: value = shares × price must be
 * ≥ minPercent × NLV, and (with a target) (value − target × price) / (target × price) ≥ minPercentRelative.
 */
export function callThresholdGate(shares: number, price: number, netLiquidation: number, target: number, t: CallThresholds): Reason<GateCode> | undefined {
  if (t.minPercent === undefined && t.minPercentRelative === undefined) return undefined;
  const value = shares * price;
  if (t.minPercent !== undefined) {
    const share = value / netLiquidation;
    if (share < t.minPercent) return { code: 'POSITION_BELOW_NLV_THRESHOLD', message: `no calls: position ${pct(share)} of NLV (${shares} sh × ${fmt(price)}) below threshold ${pct(t.minPercent)}` };
  }
  if (t.minPercentRelative !== undefined && target > 0) {
    const targetValue = target * price;
    const excess = (value - targetValue) / targetValue;
    if (excess < t.minPercentRelative) return { code: 'EXCESS_BELOW_THRESHOLD', message: `no calls: position ${shares} sh is ${pct(excess)} above its target ${target} sh, below threshold ${pct(t.minPercentRelative)}` };
  }
  return undefined;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? (Math.round(x * 100) / 100).toString() : String(x);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
