// THE engine (docs/trading-model.md §9–§12): strategy instances in sleeves of one account, fed by a
// clock and market data, sending orders through the broker seam. A driver moves it through time —
// the backtest (backtest.ts) with the simulated venue, paper and live trading with the bridge — and
// calls, per step: beginStep, setPrice (open), execute (intents decided before), setPrice (close),
// decide, execute again for fills at the close, settleExpiries, markEquity. The engine never knows
// whether the bars are replayed or live, nor which broker it holds.
import type { Timeframe } from '../data/bar-series.ts';
import type { Fill } from '../domain/fill.ts';
import type { Position } from '../domain/position.ts';
import type { InstrumentRef, OrderIntent } from '../domain/intent.ts';
import { instrumentKey, stock, type ComboInstrument, type HoldableInstrument, type OptionInstrument } from '../domain/instrument.ts';
import type { Order, OrderTicket } from '../domain/order.ts';
import type { Broker, BrokerListener, SubmitResult } from '../broker/broker.ts';
import type { CostModel } from '../broker/costs.ts';
import { availableFunds, buyingPower, netLiquidation, positionMark, type Marks } from '../portfolio/account-values.ts';
import { orderCommission } from '../portfolio/commissions.ts';
import { expiringPositions, settleExpiry, type ExpirySettlement } from '../portfolio/expiry.ts';
import { Ledger } from '../portfolio/ledger.ts';
import { CASH_ACCOUNT, type MarginPolicy } from '../portfolio/margin.ts';
import { checkIntent, type RiskLimits } from '../risk/check-intent.ts';
import { RISK_REASONS, type RiskReason } from '../risk/denial-reason.ts';
import { closesOnly, tradingStateDenial, type TradingState } from '../risk/trading-state.ts';
import { aggregateAt } from '../signals/aggregate.ts';
import { intentsForSignal } from '../strategies/signal-executor.ts';
import type { StrategySignal } from '../strategies/strategy.ts';
import type { ChainQuote, OptionQuotes } from '../options/option-quotes.ts';
import type { Clock } from '../time/clock.ts';
import { marketHoursGate } from '../time/market-hours.ts';
import { nextRun } from '../time/scheduler.ts';
import { coordinate, type CoordinatorView, type Owner, type Proposal, type TraceEntry } from './coordinator.ts';
import { executeComboIntent, executeIntent, type Execution, type ExecutionEnv, type SizedOrder } from './intent-executor.ts';
import type { MarketData } from './market-data.ts';
import { Sleeve, type SleeveSpec } from './sleeve.ts';
import { Unit, type UnitHost } from './unit-context.ts';

/** When market orders fill: at the next bar's open (default) or at the signal bar's close. */
export type FillTiming = 'next_open' | 'close';

export interface EngineSettings {
  readonly initialCash: number;
  /** Default entry size: fraction of available funds (< 1) or units (≥ 1). */
  readonly sizeFraction: number;
  readonly fill: FillTiming;
  /** Close what is open after the last bar (at its open for next_open fills, at its close otherwise). */
  readonly finalizeTrades: boolean;
  readonly costs: CostModel;
  readonly risk: RiskLimits;
  /** May a SELL signal open a short? (single-instance runs; instances carry their own) */
  readonly allowShort: boolean;
  /** Margin rules for sizing and buying power (default: no leverage, backtesting.py's margin = 1). */
  readonly margin?: MarginPolicy;
}

/** A risk rule or the coordinator acted on an intent. */
export interface RiskEvent {
  readonly type: 'IntentDenied' | 'IntentResized';
  /** Timeline step. */
  readonly bar: number;
  readonly time: number;
  readonly strategy: string;
  readonly instrument: string;
  /** The config key or component behind it: 'max_drawdown', 'position_size_limit', 'kill_switch', 'coordinator', 'buying_power', 'broker'. */
  readonly rule: string;
  readonly reason: RiskReason;
  readonly message: string;
}

/** One fill as the run's order list records it. */
export interface OrderRecord {
  readonly bar: number;
  readonly time: number;
  readonly strategy: string;
  readonly instrument: string;
  readonly qty: number;
  readonly price: number;
  readonly commission: number;
  readonly ref: string;
  /** Why: the intent's tag (a strategy's reason), or how it ended when no order asked ('assignment', 'finalize'…). */
  readonly tag?: string;
  readonly reason?: string;
}

/** The fill model sizing relies on (the venue's, or live quotes). */
export interface FillModel {
  /** The price a market order of this side fills at now, costs included (NaN without a price). */
  expectedFill(instrument: HoldableInstrument, key: string, side: 'BUY' | 'SELL', openClose: 'O' | 'C'): number;
}

interface Pending {
  readonly sleeve: Sleeve;
  readonly intent: OrderIntent;
  /** A combo (a roll) is sized and sent as one BAG order, never coordinated or netted (§12.4). */
  readonly instrument: HoldableInstrument | ComboInstrument;
  readonly key: string;
  readonly symbol: string;
  /** The symbol's index in the market data (-1 without data: it never trades). */
  readonly symbolId: number;
  readonly id: string;
  readonly confidence: number;
}

const RULE_OF: Partial<Record<RiskReason, string>> = {
  MAX_DRAWDOWN_HALT: 'max_drawdown',
  POSITION_SIZE_CAPPED: 'position_size_limit',
  POSITION_SIZE_FULL: 'position_size_limit',
  TRADING_HALTED: 'kill_switch',
  TRADING_REDUCING: 'kill_switch',
  INSUFFICIENT_FUNDS: 'buying_power',
  NO_PRICE: 'market_data',
  ORDER_REFUSED: 'broker',
};

export class Engine implements BrokerListener, Marks, UnitHost {
  readonly sleeves: Sleeve[];
  readonly account: Ledger;
  /** Total equity per step (every sleeve plus unallocated cash). */
  readonly equity: Float64Array;
  readonly riskEvents: RiskEvent[] = [];
  readonly trace: TraceEntry[] = [];
  readonly orders: OrderRecord[] = [];
  readonly expiries: { readonly bar: number; readonly sleeve: string; readonly settlement: ExpirySettlement }[] = [];
  /** The kill switch. */
  state: TradingState = 'ACTIVE';
  step = -1;
  private readonly units: Unit[] = [];
  private readonly prices: Float64Array;
  private readonly symbolIds = new Map<string, number>();
  private pending: Pending[] = [];
  private readonly owners = new Map<string, readonly Owner[]>();
  private readonly projections = new Map<Sleeve, Ledger>();
  /** The position each intent of one decision leaves (reused: no allocation per decision). */
  private readonly expected = new Map<string, number>();
  private readonly bySleeve = new Map<string, Sleeve>();
  private readonly margin: MarginPolicy;
  private readonly env: ExecutionEnv;
  private readonly unallocatedCash: number;
  private readonly accountIsSleeve: boolean;
  /** The owners of the order being submitted (the simulated venue fills market orders during submit). */
  private submitting: readonly Owner[] | undefined;
  /** One sleeve's order being sent (executeInOrder), reused: no allocation per order. */
  private readonly scratch: { sleeve: string; intentId: string; tag: string | undefined; qty: number } = { sleeve: '', intentId: '', tag: undefined, qty: 0 };
  private readonly scratchOwners: readonly Owner[] = [this.scratch];
  private scratchSleeve: Sleeve | undefined;
  private lastKey = '';
  private lastId = 0;
  /** The only unit, when there is one, ungated, triggered by and reading its primary frame alone (decide's fast path). */
  private readonly only: Unit | undefined;

  constructor(
    readonly market: MarketData,
    specs: readonly SleeveSpec[],
    readonly settings: EngineSettings,
    readonly clock: Clock,
    private readonly broker: Broker,
    fillModel: FillModel,
    private readonly options?: OptionQuotes,
  ) {
    const steps = market.steps;
    market.resetFrames();
    this.margin = settings.margin ?? CASH_ACCOUNT;
    this.prices = new Float64Array(market.symbols.length).fill(NaN);
    for (const s of market.symbols) this.symbolIds.set(s.symbol, s.id);
    this.sleeves = specs.map((spec) => new Sleeve(spec, spec.allocation * settings.initialCash, steps));
    let u = settings.initialCash;
    for (const s of this.sleeves) u -= s.capital;
    this.unallocatedCash = Math.abs(u) < 1e-9 * settings.initialCash ? 0 : u;
    // One sleeve with all the capital: its books are the account's (one ledger, booked once).
    this.accountIsSleeve = this.sleeves.length === 1 && this.unallocatedCash === 0;
    this.account = this.accountIsSleeve ? this.sleeves[0].ledger : Ledger.withCash(settings.initialCash);
    this.equity = this.accountIsSleeve ? this.sleeves[0].equity : new Float64Array(steps).fill(settings.initialCash);
    for (const s of this.sleeves) {
      this.bySleeve.set(s.id, s);
      const first = s.spec.create(s.spec.symbols);
      const perSymbol = (first.scope ?? 'symbol') === 'symbol';
      const objects = perSymbol ? s.spec.symbols.map((sym, k) => [sym, k === 0 && s.spec.symbols.length === 1 ? first : s.spec.create([sym])] as const) : [[s.spec.symbols[0], first] as const];
      for (const [sym, strategy] of objects) {
        const unit = new Unit(s, strategy, sym, perSymbol ? [sym] : s.spec.symbols, market, this);
        unit.init();
        this.units.push(unit);
      }
      s.warmup = Math.max(0, Math.min(...this.units.filter((u) => u.sleeve === s).map((u) => u.readyStep)) - 1);
    }
    const one = this.units.length === 1 ? this.units[0] : undefined;
    this.only = one && !one.gated && !one.readsOthers && one.triggers.length === 1 && one.triggers[0] === one.primary ? one : undefined;
    const costs = settings.costs;
    this.env = {
      margin: this.margin,
      marks: this,
      defaultSize: settings.sizeFraction,
      expectedFill: (i, k, side, oc) => fillModel.expectedFill(i, k, side, oc),
      commissionPerUnit: (i, k) => {
        const base = this.price(i, k);
        const c = costs.commission;
        return c.kind === 'per_trade' ? c.rate * base * i.multiplier + c.perUnit : orderCommission(c, i, 1, base);
      },
      commission: (i, units, price) => orderCommission(costs.commission, i, units, price),
    };
    broker.listen(this);
  }

  // ---- Marks -------------------------------------------------------------------------------------

  /** Price per unit at the current instant: a stock's latest price, an option's quote mid. */
  price(instrument: HoldableInstrument, key: string): number {
    if (instrument.secType === 'OPT') {
      const spot = this.price(instrument.underlying, instrumentKey(instrument.underlying));
      return this.options && spot === spot ? this.options.quote(instrument, spot, this.clock.now()).mid : NaN;
    }
    // The same key again (one symbol, or the position just marked) skips the map.
    if (key === this.lastKey) return this.prices[this.lastId];
    const id = this.symbolIds.get(key);
    if (id === undefined) return NaN;
    this.lastKey = key;
    this.lastId = id;
    return this.prices[id];
  }

  /** A symbol's current price (the driver sets the open, then the close). */
  setPrice(symbolId: number, price: number): void {
    this.prices[symbolId] = price;
  }

  // ---- UnitHost ----------------------------------------------------------------------------------

  equityOf(sleeve: Sleeve): number {
    return netLiquidation(sleeve.ledger, this);
  }

  availableFundsOf(sleeve: Sleeve): number {
    return availableFunds(sleeve.ledger, this, this.margin);
  }

  buyingPowerOf(sleeve: Sleeve): number {
    return buyingPower(availableFunds(sleeve.ledger, this, this.margin), this.margin);
  }

  chain(symbol: string, expiry: number | undefined): readonly ChainQuote[] {
    const id = this.symbolIds.get(symbol);
    if (!this.options || id === undefined || !(this.prices[id] > 0)) return [];
    return this.options.chain(symbol, this.prices[id], this.clock.now(), expiry);
  }

  listedExpiries(symbol: string): readonly number[] {
    return this.options ? this.options.expiries(symbol, this.clock.now()) : [];
  }

  // ---- The step ----------------------------------------------------------------------------------

  beginStep(k: number): void {
    this.step = k;
  }

  /**
   * A live driver (bridge/paper) wrote the step's new bars into the market data: indicators are
   * computed again in place and each strategy object's first deciding step judged again.
   */
  barsWritten(): void {
    this.market.refresh();
    for (const u of this.units) u.judgeReadiness();
    for (const s of this.sleeves) s.warmup = Math.max(0, Math.min(...this.units.filter((u) => u.sleeve === s).map((u) => u.readyStep)) - 1);
  }

  /** Intents wait to be sent. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** The instruments of the intents waiting to be sent (a live broker fetches their marks first). */
  pendingInstruments(): HoldableInstrument[] {
    const out = new Map<string, HoldableInstrument>();
    for (const p of this.pending) {
      if (p.instrument.secType !== 'BAG') out.set(p.key, p.instrument);
      else for (const l of p.instrument.legs) out.set(instrumentKey(l.instrument), l.instrument);
    }
    return [...out.values()];
  }

  /** Strategies whose primary series completed a bar now decide; their intents pass the risk gate and wait to be executed. */
  decide(): void {
    const k = this.step;
    const only = this.only;
    if (only !== undefined) {
      // One strategy object reading one series (a single-symbol run): its frame moves and it decides,
      // without the general loop.
      const frame = only.primary;
      frame.moveTo(k);
      if (frame.fresh && k >= only.readyStep) this.ask(only, frame.cursor.i);
      return;
    }
    this.market.moveFrames(k);
    const units = this.units;
    for (let u = 0; u < units.length; u++) {
      const unit = units[u];
      const gated = unit.gated;
      if (k < unit.readyStep && !gated) continue;
      const triggers = unit.triggers;
      let fresh = false;
      for (let t = 0; t < triggers.length; t++) if (triggers[t].fresh) fresh = true;
      if (!fresh) continue;
      const bar = unit.primary.cursor.i;
      // A schedule moves on during the warm-up too: a run missed then is not made up later.
      if (gated && !this.due(unit, unit.primary.bars.end[bar])) continue;
      if (k < unit.readyStep) continue;
      this.ask(unit, bar);
    }
  }

  /** The unit decides on its primary series' bar `bar`; its intents pass the risk gate. */
  private ask(unit: Unit, bar: number): void {
    unit.bar = bar;
    unit.time = unit.primary.bars.time[bar];
    const answer = unit.strategy.onBar(unit);
    if (answer === undefined || (Array.isArray(answer) && answer.length === 0)) return;
    const intents = isSignalAnswer(answer) ? this.signalIntents(unit, answer) : answer;
    if (intents.length > 0) this.admit(unit, intents);
  }

  /**
   * Whether a scheduled or gated unit decides on a bar ending at `end` (the decision instant): its
   * schedule's next run time has come, and the market-hours gate allows the bar (judged just before
   * its end, inside the bar).
   */
  private due(unit: Unit, end: number): boolean {
    const { schedule, marketHours } = unit.sleeve.spec;
    const gate = marketHours && marketHours.rule.whenClosed !== 'continue' ? marketHoursGate(marketHours.calendar, marketHours.rule, end - 1).action : 'run';
    if (!schedule) return gate === 'run';
    if (unit.nextRunAt === -Infinity) unit.nextRunAt = nextRun(schedule.calendar, schedule.times, unit.primary.bars.time[0] - 1);
    if (end < unit.nextRunAt) return false;
    // A run time outside the allowed window: 'wait' keeps it for the first allowed bar, 'skip' drops it.
    if (gate === 'wait') return false;
    unit.nextRunAt = nextRun(schedule.calendar, schedule.times, end);
    return gate === 'run';
  }

  private signalIntents(unit: Unit, answer: StrategySignal | readonly StrategySignal[]): readonly OrderIntent[] {
    const spec = unit.sleeve.spec;
    const signal = Array.isArray(answer) ? aggregateAt((answer as readonly StrategySignal[]).map((s, i) => ({ name: `signal ${i + 1}`, signal: s, weight: 1 }))) : (answer as StrategySignal);
    return intentsForSignal(signal, unit.position, { allowShort: spec.allowShort, minConfidence: spec.minConfidence });
  }

  /** The risk gate, in order: each intent is judged on the position the intents before it leave. */
  private admit(unit: Unit, intents: readonly OrderIntent[]): void {
    const sleeve = unit.sleeve;
    const limits = this.settings.risk;
    const gated = limits.maxDrawdown !== undefined || limits.positionSizeLimit !== undefined;
    // Positions as the intents before each one leave them: needed only when something judges them.
    const judged = gated || this.state !== 'ACTIVE';
    const equity = gated ? this.equityOf(sleeve) : NaN;
    const expected = this.expected;
    if (judged) expected.clear();
    for (let n = 0; n < intents.length; n++) {
      const intent = intents[n];
      const instrument = intent.instrument === undefined ? unit.instrument : this.resolve(intent.instrument);
      const key = instrument === unit.instrument ? unit.symbol : instrumentKey(instrument);
      let it = intent;
      if (judged) {
        const position = expected.get(key) ?? sleeve.ledger.quantity(key);
        const halted = tradingStateDenial(this.state, intent, position);
        if (halted) {
          this.note('IntentDenied', sleeve, key, halted);
          continue;
        }
        if (gated && instrument.secType !== 'BAG') {
          // (A combo changes no position's size by itself: a roll replaces one short with another.)
          const decision = checkIntent(intent, { equity, peakEquity: sleeve.peak, position, price: this.price(instrument, key), multiplier: instrument.multiplier, defaultSize: this.settings.sizeFraction }, limits);
          if (!decision.ok) {
            this.note('IntentDenied', sleeve, key, decision.reason);
            continue;
          }
          if (decision.adjusted) this.note('IntentResized', sleeve, key, decision.adjusted);
          it = decision.intent;
        }
        // Only the direction matters to the next intent's entry/exit judgement: a market order moves it.
        if (it.action === 'close') expected.set(key, 0);
        else if (it.action === 'target') expected.set(key, Math.sign(it.weight));
        else if (it.limit === undefined && it.stop === undefined) expected.set(key, position + (it.action === 'buy' ? 1 : -1));
      }
      const symbol = instrument.secType === 'OPT' ? instrument.underlying.symbol : instrument.symbol;
      this.pending.push({ sleeve, intent: it, instrument, key, symbol, symbolId: instrument === unit.instrument ? unit.symbolId : this.market.symbolId(symbol), id: sleeve.nextIntentId(), confidence: it.confidence ?? 1 });
    }
  }

  private resolve(ref: InstrumentRef): HoldableInstrument | ComboInstrument {
    if (typeof ref === 'string') {
      const id = this.symbolIds.get(ref);
      return id === undefined ? stock(ref) : this.market.symbols[id].instrument;
    }
    return ref;
  }

  /** Sizes one waiting intent on `projection` (a combo by its own rule: whole units, its legs' margin). */
  private sized(p: Pending, projection: Ledger, project: boolean): Execution {
    const i = p.instrument;
    return i.secType === 'BAG' ? executeComboIntent(p.intent, i, projection, this.env, p.id) : executeIntent(p.intent, i, p.key, projection, this.env, p.id, project);
  }

  /**
   * Sends the waiting intents whose instruments trade now (`tradable(symbol)`): sized per sleeve,
   * coordinated across sleeves, then submitted. Intents for instruments without a price wait.
   */
  execute(tradable: (symbolId: number) => boolean): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    let now = pending;
    let later: Pending[] | undefined;
    for (let i = 0; i < pending.length; i++) {
      if (tradable(pending[i].symbolId)) continue;
      now = pending.filter((p) => tradable(p.symbolId));
      later = pending.filter((p) => !tradable(p.symbolId));
      break;
    }
    this.pending = later ?? [];
    if (now.length > 0) this.dispatch(now);
  }

  private dispatch(now: Pending[]): void {
    if (this.sleeves.length === 1) return this.executeInOrder(now);
    const proposals: Proposal[] = [];
    // Each sleeve's intents are sized in order on a copy of its books (taken only when an intent follows).
    for (let i = 0; i < now.length; i++) {
      const p = now[i];
      let projection = p.sleeve.ledger;
      let followed = false;
      for (let j = i + 1; j < now.length && !followed; j++) followed = now[j].sleeve === p.sleeve;
      for (let j = i - 1; j >= 0; j--) {
        if (now[j].sleeve !== p.sleeve) continue;
        projection = this.projections.get(p.sleeve) ?? projection;
        break;
      }
      if (followed && projection === p.sleeve.ledger) this.projections.set(p.sleeve, (projection = projection.clone()));
      const halted = tradingStateDenial(this.state, p.intent, projection.quantity(p.key));
      if (halted) {
        this.note('IntentDenied', p.sleeve, p.key, halted);
        continue;
      }
      const r = this.sized(p, projection, followed);
      if (!r.ok) {
        this.note('IntentDenied', p.sleeve, p.key, r.reason, r.detail);
        continue;
      }
      const orders = this.allowedOrders(p, r.orders);
      if (p.instrument.secType === 'BAG') {
        // A combo is its sleeve's own order: sent as it is, its leg fills booked to the sleeve.
        for (const o of orders) this.send(o.ticket, o.exits, [{ sleeve: p.sleeve.id, intentId: p.id, tag: p.intent.tag, qty: o.ticket.side === 'BUY' ? o.ticket.quantity : -o.ticket.quantity }]);
        continue;
      }
      if (orders.length > 0) {
        proposals.push({ sleeve: p.sleeve.id, priority: p.sleeve.spec.priority, allocation: p.sleeve.spec.allocation, confidence: p.confidence, intentId: p.id, tag: p.intent.tag, orders: orders as SizedOrder[] });
      }
    }
    this.projections.clear();
    if (proposals.length === 0) return;
    const plan = coordinate(proposals, this.coordinatorView());
    for (const r of plan.refusals) this.note(r.resized ? 'IntentResized' : 'IntentDenied', this.bySleeve.get(r.sleeve)!, r.instrument, r.reason, r.message, 'coordinator');
    for (const t of plan.trace) this.trace.push(t);
    for (const c of plan.crosses) {
      const key = instrumentKey(c.instrument);
      const price = this.price(c.instrument, key);
      for (const o of c.owners) this.bookSleeve(this.bySleeve.get(o.sleeve)!, { orderId: 0, instrument: c.instrument, qty: o.qty, price, commission: 0, time: this.clock.now(), ref: o.intentId }, o.intentId, undefined, o.tag);
    }
    for (const s of plan.submissions) this.send(s.ticket, s.exits, s.owners);
  }

  /** Submits an order whose fills belong to `owners`. */
  private send(ticket: OrderTicket, exits: readonly OrderTicket[], owners: readonly Owner[]): void {
    this.submitting = owners;
    let result: SubmitResult;
    try {
      result = this.broker.submit(ticket, exits);
    } finally {
      this.submitting = undefined;
    }
    if (!result.ok) {
      for (const o of owners) this.note('IntentDenied', this.bySleeve.get(o.sleeve)!, instrumentKey(ticket.instrument), 'ORDER_REFUSED', result.reason);
      return;
    }
    // Orders still working fill later: remember whose they are.
    if (result.order.status === 'Filled' && exits.length === 0) return;
    // The scratch owner of executeInOrder is reused: a working order keeps a copy.
    const kept = owners === this.scratchOwners ? [{ ...this.scratch }] : owners;
    if (result.order.status !== 'Filled') this.owners.set(ticket.ref, kept);
    for (const e of exits) this.owners.set(e.ref, kept);
  }

  /**
   * One sleeve in the account: nothing to coordinate, so each intent is sized and sent in turn, and
   * the next one sees what the previous one's market order did (the simulated venue fills it at
   * once; live, its expected fill is projected by the intent executor as for several sleeves).
   */
  private executeInOrder(now: readonly Pending[]): void {
    for (let i = 0; i < now.length; i++) {
      const p = now[i];
      const ledger = p.sleeve.ledger;
      if (this.state !== 'ACTIVE') {
        const halted = tradingStateDenial(this.state, p.intent, ledger.quantity(p.key));
        if (halted) {
          this.note('IntentDenied', p.sleeve, p.key, halted);
          continue;
        }
      }
      const r = this.sized(p, ledger, false);
      if (!r.ok) {
        this.note('IntentDenied', p.sleeve, p.key, r.reason, r.detail);
        continue;
      }
      const orders = this.allowedOrders(p, r.orders);
      const owner = this.scratch;
      for (let j = 0; j < orders.length; j++) {
        const t = orders[j].ticket;
        owner.sleeve = p.sleeve.id;
        this.scratchSleeve = p.sleeve;
        owner.intentId = p.id;
        owner.tag = p.intent.tag;
        owner.qty = t.side === 'BUY' ? t.quantity : -t.quantity;
        this.send(t, orders[j].exits, this.scratchOwners);
      }
    }
  }


  /** The orders the trading state lets through: everything when ACTIVE, else only the closing ones. */
  private allowedOrders(p: Pending, orders: readonly SizedOrder[]): readonly SizedOrder[] {
    if (!closesOnly(this.state)) return orders;
    const kept = orders.filter((o) => o.ticket.openClose === 'C');
    if (kept.length < orders.length) {
      const reason = this.state === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING';
      this.note(kept.length > 0 ? 'IntentResized' : 'IntentDenied', p.sleeve, p.key, reason, 'the part that would open or add was dropped');
    }
    return kept;
  }

  private coordinatorView(): CoordinatorView {
    const engine = this;
    return {
      time: this.clock.now(),
      step: this.step,
      account: this.account,
      sleeves: this.sleeves.map((s) => ({ id: s.id, priority: s.spec.priority, allocation: s.spec.allocation })),
      sleeve(id: string) {
        return engine.bySleeve.get(id)!.ledger;
      },
    };
  }

  // ---- Broker events -----------------------------------------------------------------------------

  onFill(fill: Fill, order: Order): void {
    if (!this.accountIsSleeve) this.account.apply(fill);
    const owners = this.submitting ?? this.owners.get(fill.ref) ?? [];
    if (owners === this.scratchOwners) return this.bookSleeve(this.scratchSleeve!, fill, this.scratch.intentId, order, this.scratch.tag);
    if (owners.length === 1) return this.bookSleeve(this.bySleeve.get(owners[0].sleeve)!, fill, owners[0].intentId, order, owners[0].tag);
    // A netted order: every sleeve gets its own quantity (scaled by the share of the order filled) at the fill price.
    const net = owners.reduce((s, o) => s + o.qty, 0);
    const gross = owners.reduce((s, o) => s + Math.abs(o.qty), 0);
    const part = Math.abs(fill.qty) / Math.abs(net);
    for (const o of owners) {
      const commission = (fill.commission * Math.abs(o.qty)) / gross;
      this.bookSleeve(this.bySleeve.get(o.sleeve)!, { ...fill, qty: o.qty * part, commission }, o.intentId, order, o.tag);
    }
  }

  onOrderStatus(order: Order): void {
    // A finished order's owners are no longer needed (its fills were booked before its final status).
    if (this.owners.size > 0 && (order.status === 'Filled' || order.status === 'Cancelled' || order.status === 'Inactive')) this.owners.delete(order.ref);
  }

  private bookSleeve(sleeve: Sleeve, fill: Fill, intentId: string, order?: Order, why?: string): void {
    const key = instrumentKey(fill.instrument);
    sleeve.ledger.book(fill.instrument, fill.qty, fill.price, fill.commission, key);
    sleeve.trips.record(fill, this.step, why ?? intentId, fill.reason, key);
    this.orders.push({ bar: this.step, time: fill.time, strategy: sleeve.id, instrument: key, qty: fill.qty, price: fill.price, commission: fill.commission, ref: fill.ref, tag: why, reason: fill.reason });
    if (order && !order.reduceOnly) this.protect(sleeve, key);
  }

  /** Protective exits (bracket children) never outlive, nor exceed, the position they protect. */
  private protect(sleeve: Sleeve, key: string): void {
    const open = this.broker.openOrders();
    if (open.length === 0) return;
    const held = Math.abs(sleeve.ledger.quantity(key));
    for (const o of [...open]) {
      if (!o.reduceOnly || instrumentKey(o.instrument) !== key || !this.owners.get(o.ref)?.some((x) => x.sleeve === sleeve.id)) continue;
      if (held === 0) this.broker.cancel(o.id);
      else if (o.quantity - o.filled > held) this.broker.modify(o.id, { quantity: o.filled + held });
    }
  }

  // ---- Session end -------------------------------------------------------------------------------

  /** Options expiring on or before `date` (yyyymmdd) are settled at their underlying's current price, per sleeve. */
  settleExpiries(date: number): void {
    // Orders on options that stop trading with this session go with them (TWS cancels them).
    // (A combo goes with its first leg to expire.)
    for (const o of [...this.broker.openOrders()]) if (expiresBy(o.instrument, date)) this.broker.cancel(o.id);
    // So do intents decided on them at this session's close: the contract is gone by the next open.
    if (this.pending.some((p) => expiresBy(p.instrument, date))) this.pending = this.pending.filter((p) => !expiresBy(p.instrument, date));
    for (const sleeve of this.sleeves) {
      for (const p of expiringPositions(sleeve.ledger, date)) {
        const option = p.instrument as OptionInstrument;
        const spot = this.price(option.underlying, instrumentKey(option.underlying));
        const settlement = settleExpiry(sleeve.ledger, p, spot, this.clock.now());
        for (const f of settlement.fills) {
          if (!this.accountIsSleeve) this.account.apply(f);
          sleeve.trips.record(f, this.step, 'expiry', f.reason);
          this.orders.push({ bar: this.step, time: f.time, strategy: sleeve.id, instrument: instrumentKey(f.instrument), qty: f.qty, price: f.price, commission: 0, ref: 'expiry', tag: `${settlement.outcome} at ${spot.toFixed(2)}`, reason: f.reason });
        }
        this.expiries.push({ bar: this.step, sleeve: sleeve.id, settlement });
      }
    }
  }

  /**
   * A session ended (after its expiries): each ledger that traded in it starts a new day — today's
   * realised P&L and cash flows reset, day-start values taken at the closes, closed positions dropped
   * (an options run's books do not keep every contract ever traded). A ledger that did not trade keeps
   * the day-start values of its last trading session: nothing in a run reads them (daily P&L is the
   * live account's figure, reset by the bridge every session), and skipping them keeps a daily run's
   * step free of a pass over the positions.
   */
  newDay(): void {
    if (this.accountIsSleeve) {
      if (this.account.tradedToday) this.startDay(this.account);
      return;
    }
    const sleeves = this.sleeves;
    for (let s = 0; s < sleeves.length; s++) if (sleeves[s].ledger.tradedToday) this.startDay(sleeves[s].ledger);
    if (this.account.tradedToday) this.startDay(this.account);
  }

  private startDay(ledger: Ledger): void {
    ledger.newDay((p: Position) => p.qty * positionMark(p, this) * p.instrument.multiplier);
  }

  /** Whether the account holds any option (expiry has work to do). */
  holdsOptions(): boolean {
    return this.account.optionPositions > 0;
  }

  /** Every sleeve's equity (and the total) at the current prices, for this step. */
  markEquity(): void {
    const k = this.step;
    let total = this.unallocatedCash;
    const sleeves = this.sleeves;
    for (let s = 0; s < sleeves.length; s++) {
      const sleeve = sleeves[s];
      const e = this.valueOf(sleeve);
      sleeve.equity[k] = e;
      if (e > sleeve.peak) sleeve.peak = e;
      total += e;
    }
    // One sleeve with all the capital: its curve is the account's (the same array, already written).
    if (!this.accountIsSleeve) this.equity[k] = total;
  }

  /**
   * A sleeve's net liquidation at the current marks (netLiquidation's sum, without its lookups): each
   * position's price slot is resolved once and kept beside the ledger's list.
   */
  private valueOf(sleeve: Sleeve): number {
    const ledger = sleeve.ledger;
    const list = ledger.list;
    const seen = sleeve.markedPositions;
    const slots = sleeve.markSlots;
    const prices = this.prices;
    let e = ledger.cash;
    for (let j = 0; j < list.length; j++) {
      const p = list[j];
      const q = p.qty;
      if (q === 0) continue;
      if (seen[j] !== p) {
        seen[j] = p;
        slots[j] = p.instrument.secType === 'OPT' ? -1 : (this.symbolIds.get(p.key) ?? -1);
      }
      const slot = slots[j];
      const mult = p.instrument.multiplier;
      const m = slot >= 0 ? prices[slot] : this.price(p.instrument, p.key);
      e += q * (m === m ? m : p.avgCost / mult) * mult;
    }
    return e;
  }

  /** Books a fill made outside any order (finalize_trades) for a sleeve. */
  bookOutside(sleeve: Sleeve, fill: Fill, reason: string): void {
    if (!this.accountIsSleeve) this.account.apply(fill);
    sleeve.ledger.apply(fill);
    sleeve.trips.record(fill, this.step, reason, reason);
    this.orders.push({ bar: this.step, time: fill.time, strategy: sleeve.id, instrument: instrumentKey(fill.instrument), qty: fill.qty, price: fill.price, commission: fill.commission, ref: reason, tag: reason, reason });
  }

  /** Cash of the account not allocated to any sleeve. */
  get unallocated(): number {
    return this.unallocatedCash;
  }

  private note(type: RiskEvent['type'], sleeve: Sleeve, instrument: string, reason: RiskReason, detail?: string, rule?: string): void {
    const message = detail ? `${RISK_REASONS[reason]} (${detail})` : RISK_REASONS[reason];
    this.riskEvents.push({ type, bar: this.step, time: this.clock.now(), strategy: sleeve.id, instrument, rule: rule ?? RULE_OF[reason] ?? 'coordinator', reason, message });
  }
}

/** An option expiring on or before `date`, or a combo with such a leg. */
function expiresBy(i: Order['instrument'], date: number): boolean {
  if (i.secType === 'OPT') return i.expiry <= date;
  return i.secType === 'BAG' && i.legs.some((l) => l.instrument.secType === 'OPT' && l.instrument.expiry <= date);
}

function isSignalAnswer(a: readonly OrderIntent[] | StrategySignal | readonly StrategySignal[]): a is StrategySignal | readonly StrategySignal[] {
  if (!Array.isArray(a)) return true;
  return a.length > 0 && 'signal' in (a[0] as object);
}

export type { Timeframe, OptionQuotes };
