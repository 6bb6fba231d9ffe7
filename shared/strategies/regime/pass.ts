// One run of the regime rebalance (docs/regime-rebalance.md §2; wheel-rules.md §2.10): `regimePass(config,
// snapshot, state) → { orders, decisions, state }`, pure, its only clock the snapshot's. In thetagang's order: the
// basket's targets and drifts, the regime, ratio and cooldown gates, the bands, the flow and deficit rails, then
// the orders — band trades first, else the deficit rail, else the flow rail — each filtered by the symbol's
// policy. Any unusable input (a price, the history, the base, the weights) fails closed: no order, a decision.
import { MS_PER_DAY } from '../../data/iso-time.ts';
import { exchangeCalendar, type ExchangeCalendar } from '../../time/exchange-calendar.ts';
import { stockLimitOnTick } from '../wheel/pricing.ts';
import { bandBreach, type BandResult } from './bands.ts';
import { bandOrders } from './band-orders.ts';
import { describeTarget, rebalanceBase, symbolTarget, type SymbolTarget } from './base.ts';
import { regimeRebalancePolicy, type RegimeConfig } from './config.ts';
import { cooldown, lastTaggedFill, type Execution } from './cooldown.ts';
import { deficitOrders } from './deficit-orders.ts';
import { directionalImbalance, flowBasket, flowOrders } from './flow-orders.ts';
import { policyFilter } from './policy.ts';
import { NO_RAILS, railGates, type RailState } from './rails.ts';
import { ratioGate, type RatioGateResult } from './ratio-gate.ts';
import { normalizedWeights, proxyWeights, regimeGate, weightedReturnIndex } from './regime-gate.ts';
import { regimeOrderRef, usd, type RegimeDecision, type RegimeStep } from './types.ts';
import { volatilityWeight } from './volatility-weight.ts';

/** A symbol's quote: the market price (last) and, when two-sided, the midpoint the order's limit uses. */
export interface RegimeQuote {
  readonly last: number;
  readonly midpoint?: number;
}

/** What the pass reads (docs/regime-rebalance.md §2). */
export interface RegimeSnapshot {
  /** Now, epoch ms. */
  readonly time: number;
  readonly netLiquidation: number;
  /** Market value of the account's options (left out of the base by net_liq_ex_options). */
  readonly optionsMarketValue: number;
  readonly quotes: ReadonlyMap<string, RegimeQuote>;
  /** Stock shares held, by symbol. */
  readonly shares: ReadonlyMap<string, number>;
  /** Daily closes of completed sessions, aligned across symbols (one date per index), oldest first. */
  readonly closes: ReadonlyMap<string, readonly number[]>;
  /** Recent executions (the cooldown reads the tagged ones). */
  readonly executions: readonly Execution[];
}

/** What one run leaves for the next: the rails' hysteresis and the volatility-weighted weights. */
export interface RegimeState extends RailState {
  readonly effectiveWeights: ReadonlyMap<string, number>;
}

export const INITIAL_REGIME_STATE: RegimeState = { ...NO_RAILS, effectiveWeights: new Map() };

/** A stock limit order, DAY, tagged for the cooldown. */
export interface RegimeOrder {
  readonly symbol: string;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly orderType: 'LMT';
  readonly limit: number;
  readonly tif: 'DAY';
  readonly orderRef: string;
}

/** How the run traded: thetagang's mode names (`hard`, `soft`, `hard+deficit`, `deficit`, `flow`, `no`). */
export type RegimeMode = 'hard' | 'soft' | 'hard+deficit' | 'soft+deficit' | 'deficit' | 'flow' | 'no';

export interface RegimeResult {
  readonly orders: readonly RegimeOrder[];
  readonly decisions: readonly RegimeDecision[];
  readonly state: RegimeState;
  readonly mode: RegimeMode;
  /** Cash the flow rail holds back from cash management for target gaps it could not fill (§2.5). */
  readonly reservedCash: number;
}

/** The basket's gates and targets once its inputs are usable. */
interface Basket {
  readonly symbols: readonly string[];
  readonly targets: readonly SymbolTarget[];
  readonly base: number;
  readonly closes: ReadonlyMap<string, readonly number[]>;
  readonly effective: ReadonlyMap<string, number>;
}

export function regimePass(config: RegimeConfig, snap: RegimeSnapshot, state: RegimeState = INITIAL_REGIME_STATE, calendar?: ExchangeCalendar): RegimeResult {
  const decisions: RegimeDecision[] = [];
  const decide = (step: RegimeStep, symbol: string, verdict: string, code: string, message: string) => decisions.push({ step, symbol, verdict, code, message });
  const abort = (step: RegimeStep, symbol: string, code: string, message: string): RegimeResult => {
    decide(step, symbol, 'abort', code, `${message}: nothing is traded this run`);
    return { orders: [], decisions, state: { ...state }, mode: 'no', reservedCash: 0 };
  };

  // ---- inputs: positive weights, prices, aligned history (§2.1) ----------------------------------
  const symbols: string[] = [];
  for (const [symbol, sc] of config.symbols) {
    if (sc.weight > 0) symbols.push(symbol);
    else decide('weights', symbol, 'skip', 'ZERO_WEIGHT', 'weight 0: not part of the basket');
  }
  if (symbols.length === 0) return abort('weights', '*', 'NO_POSITIVE_WEIGHT', 'no symbol has a positive weight');
  for (const s of symbols) {
    const last = snap.quotes.get(s)?.last;
    if (last === undefined || !(last > 0) || !Number.isFinite(last)) {
      return abort('inputs', s, 'NO_PRICE', `${s} has no usable market price (${last ?? 'missing'})`);
    }
  }
  const need = config.lookbackDays + 1;
  const lengths = new Set(symbols.map((s) => snap.closes.get(s)?.length ?? 0));
  if (lengths.size > 1) return abort('inputs', '*', 'UNALIGNED_HISTORY', `the daily closes are not aligned (lengths ${[...lengths].join(', ')})`);
  const length = [...lengths][0];
  if (length < need) return abort('inputs', '*', 'SHORT_HISTORY', `${length} aligned daily closes, lookback_days ${config.lookbackDays} needs ${need}`);
  for (const s of symbols) {
    const bad = snap.closes.get(s)!.findIndex((c) => !(c > 0) || !Number.isFinite(c));
    if (bad >= 0) return abort('inputs', s, 'BAD_HISTORY', `${s}'s daily close ${bad + 1} of ${length} is not a positive number`);
  }
  const closes = new Map(symbols.map((s) => [s, snap.closes.get(s)!.slice(length - need)]));

  // ---- base and weights (§2.1) --------------------------------------------------------------------
  const price = (s: string) => snap.quotes.get(s)!.last;
  const held = (s: string) => Math.floor(snap.shares.get(s) ?? 0);
  const managedValue = symbols.reduce((a, s) => a + held(s) * price(s), 0);
  const { netLiquidation, optionsMarketValue } = snap;
  const base = rebalanceBase(config.weightBase, { netLiquidation, optionsMarketValue, managedValue, marginUsage: config.marginUsage });
  if (base.reason.code === 'NO_BASE') return abort('weights', '*', base.reason.code, base.reason.message);
  decide('weights', '*', 'pass', base.reason.code, base.reason.message);
  const effective = new Map<string, number>();
  for (const s of symbols) {
    const sc = config.symbols.get(s)!;
    const vw = volatilityWeight(sc.weight, snap.closes.get(s)!, sc.volatilityWeight, state.effectiveWeights.get(s));
    effective.set(s, vw.weight);
    if (sc.volatilityWeight?.enabled) decide('weights', s, 'pass', vw.reason.code, vw.reason.message);
  }
  const total = [...effective.values()].reduce((a, w) => a + w, 0);
  if (total > 1 + config.eps) return abort('weights', '*', 'WEIGHTS_ABOVE_ONE', `the effective weights sum to ${total}, above 1`);
  if (config.weightBase === 'managed_stocks' && Math.abs(total - 1) > config.eps) {
    return abort('weights', '*', 'WEIGHTS_NOT_ONE', `weight_base managed_stocks needs the effective weights to sum to 1, got ${total}`);
  }
  const targets = symbols.map((s) => symbolTarget(s, held(s), price(s), effective.get(s)!, base.value));
  const basket: Basket = { symbols, targets, base: base.value, closes, effective };
  for (const t of basket.targets) decide('bands', t.symbol, 'measure', 'TARGET', describeTarget(t));
  return decideTrades(config, snap, state, basket, decisions, decide, calendar ?? exchangeCalendar(config.exchange));
}

function decideTrades(
  config: RegimeConfig,
  snap: RegimeSnapshot,
  state: RegimeState,
  basket: Basket,
  decisions: RegimeDecision[],
  decide: (step: RegimeStep, symbol: string, verdict: string, code: string, message: string) => void,
  calendar: ExchangeCalendar,
): RegimeResult {
  const { symbols, targets, base, closes, effective } = basket;
  const verdict = (ok: boolean) => (ok ? 'pass' : 'block');

  // ---- gates: regime, ratio, cooldown (§2.3, §2.4) ---------------------------------------------
  const values = new Map(targets.map((t) => [t.symbol, t.value]));
  const proxy = normalizedWeights(proxyWeights(values, effective))!;
  const proxySymbols = [...proxy.keys()];
  const series = weightedReturnIndex(proxySymbols, proxy, closes, config.lookbackDays + 1);
  const regime = regimeGate(series, config);
  decide('regime', '*', verdict(regime.ok), regime.reason.code, regime.reason.message);
  let ratio: RatioGateResult | undefined;
  if (config.ratioGate) {
    ratio = ratioGate(symbols, closes, effective, config.ratioGate, config.lookbackDays, config.eps);
    const shadow = config.ratioGate.enabled ? '' : ' (ratio_gate.enabled = false: reported only)';
    decide('ratio', '*', config.ratioGate.enabled ? verdict(ratio.ok) : 'report', ratio.reason.code, `${ratio.reason.message}${shadow}`);
  }
  const ratioOk = !config.ratioGate?.enabled || ratio?.ok === true;
  const since = snap.time - Math.max(config.orderHistoryLookbackDays, 1) * MS_PER_DAY;
  const cool = cooldown(lastTaggedFill(snap.executions, symbols, since), snap.time, config.cooldownDays, calendar);
  decide('cooldown', '*', verdict(cool.ok), cool.reason.code, cool.reason.message);

  // ---- bands (§2.2) and the rails (§2.5) ------------------------------------------------------
  const bands = bandBreach(targets, config);
  decide('bands', '*', bands.soft ? 'breach' : 'pass', bands.reason.code, bands.reason.message);
  const blockers = [...(regime.ok ? [] : ['regime']), ...(cool.ok ? [] : ['cooldown']), ...(ratioOk ? [] : ['ratio'])];
  const hard = bands.hard;
  const soft = bands.soft && blockers.length === 0;
  const rails = railGates(base, targets.reduce((a, t) => a + t.value, 0), config, state);
  const allowed = (s: string) => config.symbols.get(s)?.noTrading !== true;
  const flow = flowBasket(targets, allowed);
  const direction = directionalImbalance(flow, rails.capacity, config.flowImbalanceTau);
  const flowBlockers = [
    ...(rails.capacity > 0 || regime.ok ? [] : ['regime']),
    ...(cool.ok ? [] : ['cooldown']),
    ...(ratioOk ? [] : ['ratio']),
    ...(rails.flowGate && !direction.ok ? ['directional imbalance'] : []),
  ];
  const flowEligible = rails.flowGate && flowBlockers.length === 0;

  // ---- the orders, in thetagang's precedence (§2.5) -------------------------------------------
  const orders = new Map<string, number>();
  const add = (m: ReadonlyMap<string, number>) => {
    for (const [s, n] of m) if (n !== 0) orders.set(s, (orders.get(s) ?? 0) + n);
  };
  let mode: RegimeMode = 'no';
  let deficitAfter = false;
  const weights = new Map(symbols.map((s) => [s, effective.get(s)! / [...effective.values()].reduce((a, w) => a + w, 0)]));
  if (hard || soft) {
    mode = hard ? 'hard' : 'soft';
    add(bandOrders(targets, hard, config.hardBandRebalanceFraction, allowed));
    const after = new Map(targets.map((t) => [t.symbol, t.shares + (orders.get(t.symbol) ?? 0)]));
    const investedAfter = targets.reduce((a, t) => a + after.get(t.symbol)! * t.price, 0);
    const shortfall = Math.max(0, investedAfter - base);
    deficitAfter = shortfall >= rails.deficitStopAmount;
    if (deficitAfter) {
      const sells = deficitOrders(targets, after, Math.max(0, shortfall - rails.deficitStopAmount), weights, allowed);
      if (sells.size > 0) {
        mode = hard ? 'hard+deficit' : 'soft+deficit';
        add(sells);
      }
    }
  } else if (rails.deficitGate) {
    mode = 'deficit';
    add(deficitOrders(targets, new Map(targets.map((t) => [t.symbol, t.shares])), Math.max(0, -rails.capacity - rails.deficitStopAmount), weights, allowed));
  } else if (flowEligible) {
    mode = 'flow';
    add(flowOrders(flow, rails.capacity, config.flowImbalanceTau));
  }
  const flowVerdict = !rails.flowGate ? 'closed' : !flowEligible ? 'block' : mode === 'flow' ? 'trade' : 'superseded';
  decide('flow', '*', flowVerdict, ...flowStatus(rails, direction.ok, flowBlockers, mode, direction.reason.message));
  if (rails.deficitGate) decide('deficit', '*', 'open', rails.reason.code, rails.reason.message);
  decide('mode', '*', mode === 'no' ? 'hold' : 'rebalance', ...modeReason(mode, bands, blockers));

  // ---- per symbol: the policy, then the order (§2.6) ------------------------------------------
  const out = [];
  const bought = new Map<string, number>();
  for (const t of targets) {
    const want = orders.get(t.symbol) ?? 0;
    const f = policyFilter({
      shares: want,
      price: t.price,
      currentValue: t.value,
      targetValue: t.targetValue,
      netLiquidation: snap.netLiquidation,
      noTrading: !allowed(t.symbol),
      policy: regimeRebalancePolicy(config, t.symbol),
    });
    if (f.shares === 0) {
      if (want === 0) decide('order', t.symbol, 'hold', f.reason.code, `${t.symbol}: no trade (mode ${mode})`);
      else decide('order', t.symbol, 'skip', f.reason.code, `${t.symbol}: ${f.reason.message}`);
      continue;
    }
    const q = snap.quotes.get(t.symbol)!;
    const mid = q.midpoint !== undefined && q.midpoint > 0 ? q.midpoint : undefined;
    const limit = stockLimitOnTick(mid ?? q.last);
    if (f.shares > 0) bought.set(t.symbol, f.shares);
    const action = f.shares > 0 ? 'BUY' : 'SELL';
    out.push({ symbol: t.symbol, action, quantity: Math.abs(f.shares), orderType: 'LMT', limit, tif: 'DAY', orderRef: regimeOrderRef(t.symbol) } as const);
    const source = mid !== undefined ? 'midpoint' : 'market price, no midpoint';
    decide('order', t.symbol, action.toLowerCase(), f.reason.code, `${t.symbol}: ${f.reason.message} at limit ${limit} (${source}), mode ${mode}`);
  }

  // ---- what the next run remembers, and the cash the flow rail holds back (§2.5) ---------------
  let reservedCash = 0;
  if (mode === 'flow' && rails.flowGate && rails.capacity > 0) {
    const buyValue = targets.reduce((a, t) => a + (bought.get(t.symbol) ?? 0) * t.price, 0);
    if (buyValue > 0) {
      const remaining = Math.max(0, rails.capacity - buyValue);
      const gapValue = (t: SymbolTarget) => Math.max(t.targetShares - t.shares - bought.get(t.symbol)!, 0) * t.price;
      const gaps = targets.filter((t) => bought.has(t.symbol)).reduce((a, t) => a + gapValue(t), 0);
      reservedCash = Math.min(remaining, gaps);
      const why = `${usd(reservedCash)} held back from cash management for the target gaps flow could not fill`;
      if (reservedCash > 0) decide('flow', '*', 'reserve', 'RESERVED_CASH', why);
    }
  }
  const next: RegimeState = {
    flowActive: rails.flowGate && (mode === 'flow' || mode === 'no'),
    deficitActive: hard || soft ? deficitAfter : rails.deficitGate,
    effectiveWeights: effective,
  };
  return { orders: out, decisions, state: next, mode, reservedCash };
}

/** §2.5: the flow rail's status in thetagang's terms, as a code and a sentence. */
function flowStatus(
  rails: ReturnType<typeof railGates>,
  directionOk: boolean,
  blockers: readonly string[],
  mode: RegimeMode,
  direction: string,
): [string, string] {
  if (rails.deficitGate) return ['FLOW_SUPERSEDED', `superseded by the deficit rail: ${rails.reason.message}`];
  if (!rails.flowGate) return ['FLOW_BELOW_THRESHOLD', rails.reason.message];
  if (!directionOk) return ['FLOW_DIRECTIONAL_IMBALANCE', `${rails.reason.message}; ${direction}`];
  if (blockers.length > 0) return ['FLOW_BLOCKED', `${rails.reason.message}; blocked by ${blockers.join(', ')}`];
  if (mode !== 'flow') return ['FLOW_SUPERSEDED', `${rails.reason.message}; superseded by the ${mode} band rebalance`];
  return ['FLOW_SELECTED', `${rails.reason.message}; ${direction}`];
}

/** §2.5: the run's mode as a code and a sentence. */
function modeReason(mode: RegimeMode, bands: BandResult, blockers: readonly string[]): [string, string] {
  const rail = mode.endsWith('+deficit') ? '; the deficit rail sells what the trades leave above the base' : '';
  switch (mode) {
    case 'hard':
    case 'hard+deficit':
      return ['HARD_REBALANCE', `${bands.reason.message}${rail}`];
    case 'soft':
    case 'soft+deficit':
      return ['SOFT_REBALANCE', `${bands.reason.message}; the gates pass${rail}`];
    case 'deficit':
      return ['DEFICIT_REBALANCE', 'the deficit rail sells the basket down towards the base'];
    case 'flow':
      return ['FLOW_REBALANCE', 'the flow rail moves the inferred capacity through the basket'];
    default:
      if (bands.soft && blockers.length > 0) {
        return ['SOFT_BLOCKED', `${bands.reason.message}; blocked by the ${blockers.join(', ')} gate${blockers.length > 1 ? 's' : ''}`];
      }
      return ['NO_REBALANCE', bands.reason.message];
  }
}
