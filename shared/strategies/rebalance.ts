// Fixed-weight rebalancing (a portfolio strategy: one object sees all its symbols). Each symbol has a
// target weight of the sleeve's equity (`[symbols.<SYM>].weight`; equal weights when none are
// given; their sum ≤ 1, the rest stays cash). On the first bar of each new period — daily, weekly
// (ISO weeks), monthly or quarterly, judged from the primary timeframe's bar start times (UTC dates)
// — and on its very first decision, it emits a `target` intent for each symbol whose weight is off:
//   band      (default) both directions, only when |actual − target| > band × target (relative);
//   buy_only  only buys underweights (any whole-share shortfall); overweights are left alone;
//   sell_only only sells overweights (any whole-share excess).
// `symbolModes` overrides the mode per symbol (`[strategies.rebalance.symbol_overrides.<SYM>] mode`).
// The very first decision also buys every symbol not yet held (the initial allocation), whatever
// the mode. A symbol is "off" only when the whole-share target differs from the position, with the
// executor's own sizing: trunc(weight × equity / price).
//
// Sells come before buys, so the sells fund the buys. When the planned buys would leave less than
// FUNDING_RESERVE of the equity in cash (at the decision's closes), overweight symbols inside their
// band are trimmed to their targets too (largest excess first; never a buy_only symbol) — a buy
// the sleeve cannot pay for would be refused whole. When even that cannot pay for the buys (no
// sells allowed), the buys are scaled down to what the cash covers with BUY_CUSHION to spare.
// Every intent's tag says why: "SPY 31.2 % → 40 % target (band 5 %)".
import { MS_PER_DAY, isoWeekday, yyyymmddFromDays } from '../data/iso-time.ts';
import { ParameterError } from '../errors.ts';
import { object } from '../config/schema.ts';
import { STRATEGY_PARAMS, type StrategyParams } from '../config/strategy-params.ts';
import { NO_INTENTS, type BarContext, type BarsRef, type InitContext, type OrderIntent, type Strategy } from './strategy.ts';

export type RebalanceMode = 'band' | 'buy_only' | 'sell_only';
export type RebalanceFrequency = 'daily' | 'weekly' | 'monthly' | 'quarterly';

export interface RebalanceParams {
  readonly mode: RebalanceMode;
  /** Relative to each target: 0.05 = a 40 % target is left alone between 38 % and 42 %. */
  readonly band: number;
  readonly frequency: RebalanceFrequency;
  /** Target weight of each symbol, of the sleeve's equity; default equal weights. */
  readonly weights?: Readonly<Record<string, number>>;
  /** Per-symbol mode overrides. */
  readonly symbolModes?: Readonly<Record<string, 'buy_only' | 'sell_only'>>;
}

/** Cash (a fraction of the equity) the planned buys should leave before in-band overweights are trimmed to fund them. */
export const FUNDING_RESERVE = 0.005;
/** Buys scaled down to the cash leave this fraction of their cost spare (commissions, overnight gaps). */
export const BUY_CUSHION = 0.01;

const OWNER = 'rebalance';
const TOLERANCE = 1e-9;
const SCHEMA = object(STRATEGY_PARAMS.rebalance.params);
const USER_KEYS = Object.keys(STRATEGY_PARAMS.rebalance.params);

/**
 * Rebalance parameters from a parameter table: `mode`, `band`, `frequency` validated with their
 * defaults from the one table (shared/config/strategy-params.ts), plus the internal `weights` and
 * `symbolModes` the config layer fills from `[strategies.rebalance.symbol_overrides.<SYM>]`.
 */
export function rebalanceParams(raw: Record<string, unknown>): RebalanceParams {
  const own: Record<string, unknown> = {};
  for (const key of USER_KEYS) if (raw[key] !== undefined) own[key] = raw[key];
  const p: StrategyParams<'rebalance'> = SCHEMA.parse(own, ['strategies', OWNER]);
  return {
    mode: p.mode,
    band: p.band,
    frequency: p.frequency,
    ...(raw.weights !== undefined && { weights: raw.weights as Record<string, number> }),
    ...(raw.symbolModes !== undefined && { symbolModes: raw.symbolModes as Record<string, 'buy_only' | 'sell_only'> }),
  };
}

/** A key equal for two times exactly when they fall in the same period (UTC calendar). */
export function periodKey(time: number, frequency: RebalanceFrequency): number {
  const days = Math.floor(time / MS_PER_DAY);
  if (frequency === 'daily') return days;
  if (frequency === 'weekly') return days - isoWeekday(days); // the Sunday before the ISO week
  const ymd = yyyymmddFromDays(days);
  const month = Math.floor(ymd / 100) % 100;
  const year = Math.floor(ymd / 10_000);
  return frequency === 'monthly' ? year * 12 + month - 1 : year * 4 + Math.floor((month - 1) / 3);
}

interface Leg {
  readonly i: number;
  readonly qty: number;
  readonly desired: number;
  readonly weight: number;
  readonly why: string;
}

export class Rebalance implements Strategy {
  readonly name = 'rebalance';
  readonly type = STRATEGY_PARAMS.rebalance.type;
  readonly scope = 'portfolio' as const;
  readonly timeframes = ['1D'];
  readonly schema = STRATEGY_PARAMS.rebalance;
  /** Target weight per symbol, in `symbols` order. */
  readonly targets: readonly number[];
  private readonly modes: readonly RebalanceMode[];
  private bars: BarsRef[] = [];
  private lastPeriod = Number.NaN;
  private decided = false;

  constructor(
    readonly params: RebalanceParams,
    readonly symbols: readonly string[],
  ) {
    if (symbols.length === 0) throw new ParameterError(OWNER, 'symbols', 'is empty (a rebalance needs at least one symbol)');
    if (new Set(symbols).size !== symbols.length) throw new ParameterError(OWNER, 'symbols', `lists a symbol twice (${symbols.join(', ')})`);
    if (!(params.band > 0 && params.band < 1)) throw new ParameterError(OWNER, 'band', `must be a number in (0, 1), got ${params.band}`);
    const weights = params.weights;
    if (weights === undefined || Object.keys(weights).length === 0) {
      this.targets = symbols.map(() => 1 / symbols.length);
    } else {
      for (const [sym, w] of Object.entries(weights)) {
        if (!symbols.includes(sym)) throw new ParameterError(OWNER, 'weights', `names ${sym}, which is not one of its symbols (${symbols.join(', ')})`);
        if (typeof w !== 'number' || !(w >= 0 && w <= 1)) throw new ParameterError(OWNER, 'weights', `of ${sym} must be a number in [0, 1], got ${String(w)}`);
      }
      const missing = symbols.filter((s) => weights[s] === undefined);
      if (missing.length > 0) throw new ParameterError(OWNER, 'weights', `has none for ${missing.join(', ')} (give every symbol a weight, or none for equal weights)`);
      this.targets = symbols.map((s) => weights[s]);
    }
    const sum = this.targets.reduce((a, b) => a + b, 0);
    if (sum > 1 + TOLERANCE) throw new ParameterError(OWNER, 'weights', `sum to ${+sum.toFixed(6)} (at most 1: weights are fractions of the sleeve's equity)`);
    const overrides = params.symbolModes ?? {};
    for (const [sym, m] of Object.entries(overrides)) {
      if (!symbols.includes(sym)) throw new ParameterError(OWNER, 'symbolModes', `names ${sym}, which is not one of its symbols (${symbols.join(', ')})`);
      if (m !== 'buy_only' && m !== 'sell_only') throw new ParameterError(OWNER, 'symbolModes', `of ${sym} must be "buy_only" or "sell_only", got ${String(m)}`);
    }
    this.modes = symbols.map((s) => overrides[s] ?? params.mode);
  }

  init(ctx: InitContext): void {
    this.bars = this.symbols.map((symbol) => ctx.bars({ symbol }));
  }

  onBar(ctx: BarContext): readonly OrderIntent[] {
    // The newest primary bar among the symbols dates the decision.
    let time = Number.NaN;
    for (const b of this.bars) {
      const t = b.time.at(0);
      if (t === t && !(t <= time)) time = t;
    }
    if (!(time === time)) return NO_INTENTS;
    const period = periodKey(time, this.params.frequency);
    if (this.decided && period === this.lastPeriod) return NO_INTENTS;
    const first = !this.decided;
    this.decided = true;
    this.lastPeriod = period;
    const equity = ctx.equity;
    if (!(equity > 0)) return NO_INTENTS;
    return this.plan(ctx, equity, first);
  }

  private plan(ctx: BarContext, equity: number, first: boolean): readonly OrderIntent[] {
    const { symbols, targets, modes } = this;
    const band = this.params.band;
    const n = symbols.length;
    const price = new Float64Array(n);
    const qty = new Float64Array(n);
    const desired = new Float64Array(n);
    const sells: Leg[] = [];
    const buys: Leg[] = [];
    const spare: number[] = [];
    for (let i = 0; i < n; i++) {
      price[i] = this.bars[i].close.at(0);
      qty[i] = ctx.positionOf(symbols[i]);
      if (!(price[i] > 0)) continue; // no price yet: it waits for the next period
      desired[i] = Math.trunc((targets[i] * equity) / price[i]);
      const delta = desired[i] - qty[i];
      if (delta === 0) continue;
      const actual = (qty[i] * price[i]) / equity;
      const outside = Math.abs(actual - targets[i]) > band * targets[i];
      const mode = modes[i];
      const leg = (why: string): Leg => ({ i, qty: qty[i], desired: desired[i], weight: targets[i], why });
      if (first && qty[i] === 0 && delta > 0) buys.push(leg('first allocation'));
      else if (delta < 0 && (mode === 'sell_only' || (mode === 'band' && outside))) sells.push(leg(mode === 'band' ? `band ${fmt(band * 100, 2)} %` : 'sell only'));
      else if (delta > 0 && (mode === 'buy_only' || (mode === 'band' && outside))) buys.push(leg(mode === 'band' ? `band ${fmt(band * 100, 2)} %` : 'buy only'));
      else if (delta < 0 && mode !== 'buy_only') spare.push(i); // overweight inside its band (or sell-only): may fund buys
    }
    if (buys.length > 0) {
      const cost = (legs: readonly Leg[]) => legs.reduce((s, l) => s + (l.desired - l.qty) * price[l.i], 0);
      let cash = ctx.cash - cost(sells) - cost(buys);
      // Fund the buys: trim overweights inside their band to their targets, largest excess first.
      spare.sort((a, b) => (qty[b] - desired[b]) * price[b] - (qty[a] - desired[a]) * price[a] || a - b);
      for (const i of spare) {
        if (cash >= FUNDING_RESERVE * equity) break;
        sells.push({ i, qty: qty[i], desired: desired[i], weight: targets[i], why: 'funds the buys' });
        cash += (qty[i] - desired[i]) * price[i];
      }
      if (cash < 0) {
        // Still unaffordable (buys only): scale the buys down to the cash, with a cushion.
        const wanted = cost(buys);
        const scale = Math.max(0, (wanted + cash) / (1 + BUY_CUSHION)) / wanted;
        const capped: Leg[] = [];
        for (const l of buys) {
          const units = l.qty + Math.floor((l.desired - l.qty) * scale);
          if (units <= l.qty) continue;
          // A weight the executor's trunc(weight × equity / price) turns back into `units` at these prices.
          const weight = ((units + 1e-6) * price[l.i]) / equity;
          capped.push({ i: l.i, qty: l.qty, desired: units, weight, why: `${l.why}; capped by cash at ${fmt(weight * 100, 1)} %` });
        }
        buys.splice(0, buys.length, ...capped);
      }
    }
    if (sells.length === 0 && buys.length === 0) return NO_INTENTS;
    sells.sort((a, b) => a.i - b.i);
    const intents: OrderIntent[] = [];
    for (const l of [...sells, ...buys]) {
      const actual = (l.qty * price[l.i]) / equity;
      intents.push({
        action: 'target',
        instrument: symbols[l.i],
        weight: l.weight,
        tag: `${symbols[l.i]} ${fmt(actual * 100, 1, true)} % → ${fmt(targets[l.i] * 100, 2)} % target (${l.why})`,
      });
    }
    return intents;
  }
}

/** A number with at most `digits` decimals (trailing zeros dropped unless `fixed`). */
function fmt(x: number, digits: number, fixed = false): string {
  const s = x.toFixed(digits);
  return fixed ? s : String(+s);
}
