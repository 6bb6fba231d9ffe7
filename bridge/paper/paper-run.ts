// The paper driver (docs/trading-model.md §9.5): THE engine run live against a broker — the bridge's
// order path over TWS or the embedded simulator — one step per bar, in time order, exactly as the
// backtest driver (shared/engine/backtest.ts) steps it over stored bars:
//   open   — the replay clock reaches the session's open; if intents wait, each symbol's price is its
//            bar so far (the open), they are sized and sent through the broker seam, and the driver
//            waits until each market order has filled (fills come back as broker events and are
//            booked on this step, as the simulated venue books them at the open);
//   close  — the replay clock reaches the session's close; each symbol's finished bar is taken from
//            TWS and written into the planned columns (planned-bars.ts); indicators are recomputed in
//            place; prices move to the closes and strategies decide;
//   end    — options expiring with the session are settled by the shared expiry rule (the simulator's
//            account settles them by the same rule at the same close), the ledgers start a new day
//            and every sleeve's equity is marked; the P&L is printed.
// Option strategies (the wheel) read chains from `optionQuotes` built over the planned bars: the
// shared quote model on the replayed closes, as the backtest reads them (docs/wheel-rules.md §6.2).
// Daily bars with next-open fills only (a bar's close is the session's end, when nothing trades);
// finalize_trades does not apply: a paper run leaves its positions open, as the account holds them.
// The same loop runs a live strategy instance in the bridge (bridge/strategies/strategy-runner.ts,
// docs/bridge.md §6): `abort` stops it before its next step, `dataEnded` ends it where the replay's
// data does, `onEngine` / `onStep` let the runner publish its sleeve as it goes, and `warmUp` puts the
// daily bars TWS has before the first session in front of the planned ones as the engine's warm-up:
// timeline steps whose indicators count but on which nothing is decided or traded (equity stays the
// initial cash there, as on a backtest's warm-up bars), so a long lookback is ready at the first session.
// The run's listeners are detached from the broker when it returns.
import type { Broker, BrokerListener, SubmitResult } from '../../shared/broker/broker.ts';
import type { Fill } from '../../shared/domain/fill.ts';
import type { HoldableInstrument } from '../../shared/domain/instrument.ts';
import { isDone, type Order, type OrderTicket } from '../../shared/domain/order.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { Engine, type EngineSettings, type FillModel, type OptionQuotes, type OrderRecord, type RiskEvent } from '../../shared/engine/engine.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import type { SleeveSpec } from '../../shared/engine/sleeve.ts';
import { SimClock } from '../../shared/time/clock.ts';
import type { Session } from '../../shared/time/exchange-calendar.ts';
import { plannedDailySeries, writeBar, type PlannedSeries } from './planned-bars.ts';
import type { ReplayPacer } from './replay-pacer.ts';
import type { BarSource, HistorySource } from './tws-bars.ts';
import type { PaperPlan } from './paper-plan.ts';
import type { PaperSession } from './paper-session.ts';
import { SyntheticOptionQuotes } from '../../shared/options/synthetic-chain.ts';

export interface PaperRunInput {
  /** The symbols the instances trade (one planned series each). */
  readonly symbols: readonly string[];
  readonly sleeves: readonly SleeveSpec[];
  readonly settings: EngineSettings;
  /** The sessions of the run, in order (one step each). */
  readonly sessions: readonly Session[];
  /** The engine's broker (the order path's runner broker). */
  readonly broker: Broker;
  readonly bars: BarSource;
  readonly pacer: ReplayPacer;
  /**
   * Option quotes over each symbol's daily bars — those before the run (`history`) and the planned
   * ones, filled in as the sessions end (option strategies).
   */
  readonly optionQuotes?: (daily: readonly BarSeries[]) => OptionQuotes;
  /**
   * Resolves once every message TWS has sent so far is booked (the order path's journal is idle):
   * a fill in the session's last minutes is then booked on its own session, before the strategies decide.
   */
  readonly settled?: () => Promise<void>;
  /** The daily bars before the run, for option quotes and `warmUp` (default: none: volatility and indicators start at the run). */
  readonly history?: HistorySource;
  /**
   * The engine warms up on `history`: its bars become timeline steps before the first session, on which
   * nothing is decided (a live runner; `npm run paper` keeps a backtest's in-range warm-up, default false).
   */
  readonly warmUp?: boolean;
  /** Called before orders are sent at an open with the instruments they trade (the order path fetches marks for its limits). */
  readonly beforeSend?: (instruments: readonly HoldableInstrument[]) => Promise<void>;
  /** One line per order, fill, refusal and step (default: none). */
  readonly print?: (line: string) => void;
  /** How long a market order may take to fill before the run stops (default 15 000 ms). */
  readonly fillTimeoutMs?: number;
  // --- A live runner (bridge/strategies/strategy-runner.ts) over the same loop ---
  /** Stops the run before its next step (the pacer should resolve on it too); the run so far is returned. */
  readonly abort?: AbortSignal;
  /** The replay's data has ended (a session without a bar then ends the run instead of failing it). */
  readonly dataEnded?: () => boolean;
  /** Called once the engine exists (a live runner reads its sleeves as the run goes), with the warm-up steps in front of the first session. */
  readonly onEngine?: (engine: Engine, warmUp: number) => void;
  /** Called after each session's step (equity marked). */
  readonly onStep?: (k: number, session: Session) => void;
}

/** One fill as the broker reported it, with the step it was booked on. */
export interface PaperFill {
  readonly bar: number;
  readonly orderId: number;
  readonly instrument: string;
  readonly qty: number;
  readonly price: number;
  readonly commission: number;
  readonly time: number;
  readonly ref: string;
  readonly execId?: string;
}

export interface PaperRun {
  /** The engine's timeline: `warmUp` history steps, then one step per session. */
  readonly timeline: Float64Array;
  /** Timeline steps before the first session (the history the engine warmed up on; 0 without `warmUp`). */
  readonly warmUp: number;
  readonly sessions: readonly Session[];
  readonly equity: Float64Array;
  /** The engine's order list (the backtest's shape). */
  readonly orders: readonly OrderRecord[];
  readonly fills: readonly PaperFill[];
  readonly riskEvents: readonly RiskEvent[];
  readonly engine: Engine;
  /** Why the run ended before its last session: 'aborted' (input.abort) or 'data-ended' (input.dataEnded). */
  readonly stopped?: 'aborted' | 'data-ended';
}

const fmt = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateOf = (s: Session) => `${String(s.date).slice(0, 4)}-${String(s.date).slice(4, 6)}-${String(s.date).slice(6, 8)}`;

/** Sizing's fill model live: a market order is expected at the current price (costs by the engine). */
class LastPrice implements FillModel {
  engine: Engine | undefined;
  expectedFill(instrument: Parameters<FillModel['expectedFill']>[0], key: string): number {
    return this.engine ? this.engine.price(instrument, key) : NaN;
  }
}

/** The broker seam as the engine sees it, recording what was sent this step. */
class StepBroker implements Broker {
  readonly sent: { ticket: OrderTicket; order: Order }[] = [];
  /** Detaches what was attached through this broker (the engine's listener). */
  readonly detach: (() => void)[] = [];
  constructor(
    private readonly inner: Broker,
    private readonly print: (line: string) => void,
  ) {}
  submit(ticket: OrderTicket, exits: readonly OrderTicket[] = []): SubmitResult {
    const r = this.inner.submit(ticket, exits);
    const what = `${ticket.side} ${ticket.quantity} ${ticket.instrument.symbol} ${ticket.type}${ticket.limitPrice !== undefined ? ` ${ticket.limitPrice}` : ''}`;
    if (r.ok) {
      this.sent.push({ ticket, order: r.order });
      this.print(`  order  ${what} (${ticket.ref}) → #${r.order.id}`);
    } else this.print(`  refused ${what} (${ticket.ref}): ${r.reason}`);
    return r;
  }
  modify(orderId: number, changes: Parameters<Broker['modify']>[1]): boolean {
    return this.inner.modify(orderId, changes);
  }
  cancel(orderId: number): boolean {
    return this.inner.cancel(orderId);
  }
  openOrders(): readonly Order[] {
    return this.inner.openOrders();
  }
  listen(listener: BrokerListener): () => void {
    const remove = this.inner.listen(listener);
    this.detach.push(remove);
    return remove;
  }
}

/**
 * The run of a plan on a session, as `npm run paper` makes it: the plan's instances, sleeves, settings
 * and sessions; the session's broker, bars, pacer, marks and journal; option chains (over the history
 * TWS has before the start) when an instance trades options.
 */
export function paperRunInput(plan: PaperPlan, session: PaperSession): PaperRunInput {
  return {
    symbols: plan.symbols,
    sleeves: plan.job.sleeves,
    settings: plan.job.settings,
    sessions: plan.sessions,
    broker: session.broker,
    bars: session.bars,
    pacer: session.pacer,
    beforeSend: (instruments) => session.marks(instruments),
    settled: () => session.settled(),
    ...(plan.job.options && { optionQuotes: (daily: readonly BarSeries[]) => new SyntheticOptionQuotes(daily), history: session.history }),
  };
}

export async function runPaper(input: PaperRunInput): Promise<PaperRun> {
  const print = input.print ?? (() => {});
  if (input.settings.fill !== 'next_open') throw new Error(`a paper run fills market orders at the next open (fill = "next_open"); this config has fill = "${input.settings.fill}"`);
  const sessions = input.sessions;
  if (sessions.length < 2) throw new Error(`a paper run needs at least 2 sessions (got ${sessions.length})`);
  const history = (input.optionQuotes || input.warmUp) && input.history;
  const planned: PlannedSeries[] = [];
  for (const s of input.symbols) planned.push(plannedDailySeries(s, sessions, history ? await history(s, sessions[0].date) : []));
  const market = new MarketData(planned.map((p) => (input.warmUp ? p.withHistory : p.bars)));
  // History steps (all before the first session), then one step per session.
  const h = market.steps - sessions.length;
  const clock = new SimClock(market.timeline[0]);
  const broker = new StepBroker(input.broker, print);
  const model = new LastPrice();
  const options = input.optionQuotes?.(planned.map((p) => p.withHistory));
  const engine = new Engine(market, input.sleeves, input.settings, clock, broker, model, options);
  model.engine = engine;
  input.onEngine?.(engine, h);

  // Fills and final statuses as the broker reports them (after the engine has booked them).
  const fills: PaperFill[] = [];
  const status = new Map<number, string>();
  let poke: (() => void) | undefined;
  let cash0 = 0;
  const detachOwn = input.broker.listen({
    onFill: (f: Fill) => {
      const side = f.qty > 0 ? 'BUY' : 'SELL';
      fills.push({ bar: engine.step, orderId: f.orderId, instrument: f.instrument.symbol, qty: f.qty, price: f.price, commission: f.commission, time: f.time, ref: f.ref, ...(f.execId !== undefined && { execId: f.execId }) });
      print(`  fill   ${side} ${Math.abs(f.qty)} ${f.instrument.symbol} @ ${f.price} commission ${fmt(f.commission)} (#${f.orderId} ${f.ref})`);
      poke?.();
    },
    onOrderStatus: (o: Order & { reason?: string }) => {
      status.set(o.id, o.status);
      if (isDone(o) && o.status !== 'Filled') print(`  ${o.status.toLowerCase()} #${o.id} ${o.ref}${o.reason ? `: ${o.reason}` : ''}`);
      poke?.();
    },
  });
  cash0 = input.settings.initialCash;

  const timeoutMs = input.fillTimeoutMs ?? 15_000;
  /** Waits until every market order sent this step is done and every other one is acknowledged. */
  const settle = () =>
    new Promise<void>((resolve, reject) => {
      const pending = () =>
        broker.sent.filter(({ ticket, order }) => {
          const s = status.get(order.id) ?? order.status;
          if (s === 'Filled' || s === 'Cancelled' || s === 'Inactive') return false;
          return ticket.type === 'MKT' || s === 'PendingSubmit';
        });
      const check = () => {
        if (pending().length > 0) return;
        clearTimeout(timer);
        clearInterval(poll);
        poke = undefined;
        resolve();
      };
      const timer = setTimeout(() => {
        clearInterval(poll);
        poke = undefined;
        reject(new Error(`orders not filled within ${timeoutMs} ms: ${pending().map(({ ticket, order }) => `#${order.id} ${ticket.side} ${ticket.quantity} ${ticket.instrument.symbol} (${status.get(order.id) ?? order.status})`).join(', ')}`));
      }, timeoutMs);
      const poll = setInterval(check, 10);
      poke = check;
      check();
    });

  const all = () => true;
  let riskSeen = 0;
  const result = (stopped?: PaperRun['stopped']): PaperRun => ({ timeline: market.timeline, warmUp: h, sessions, equity: engine.equity, orders: engine.orders, fills, riskEvents: engine.riskEvents, engine, ...(stopped && { stopped }) });
  try {
    warmUpOn(engine, market, clock, h);
    return await stepSessions();
  } finally {
    detachOwn();
    for (const remove of broker.detach) remove();
  }

  async function stepSessions(): Promise<PaperRun> {
    const aborted = () => input.abort?.aborted === true;
    for (let k = 0; k < sessions.length; k++) {
      const session = sessions[k];
      const step = h + k;
      if (aborted()) return result('aborted');
      await input.pacer.until(session.open);
      if (aborted()) return result('aborted');
      clock.advance(market.timeline[step]);
      engine.beginStep(step);
      if (engine.hasPending) {
        // The price at the open: each symbol's bar so far.
        for (let s = 0; s < planned.length; s++) {
          const bar = await input.bars(planned[s].bars.symbol, session.date);
          if (bar && Number.isFinite(bar.open)) engine.setPrice(s, bar.open);
        }
        await input.beforeSend?.(engine.pendingInstruments());
        broker.sent.length = 0;
        engine.execute(all);
        await settle();
      }
      await input.pacer.until(session.close, input.broker.openOrders().length > 0);
      if (aborted()) return result('aborted');
      for (let s = 0; s < planned.length; s++) {
        const symbol = planned[s].bars.symbol;
        const bar = await input.bars(symbol, session.date);
        if (!bar && input.dataEnded?.()) return result('data-ended');
        if (!bar) throw new Error(`TWS has no daily bar of ${symbol} for ${dateOf(session)}: a paper run needs every session's bar (no gaps)`);
        writeBar(planned[s], k, bar);
      }
      // The bars' answer came after every message of the session on the same socket; once the journal
      // is idle each fill among them has reached the engine.
      await input.settled?.();
      engine.barsWritten();
      for (let s = 0; s < planned.length; s++) engine.setPrice(s, planned[s].bars.close[k]);
      engine.decide();
      if (engine.holdsOptions()) engine.settleExpiries(session.date);
      engine.newDay();
      engine.markEquity();
      for (; riskSeen < engine.riskEvents.length; riskSeen++) {
        const e = engine.riskEvents[riskSeen];
        print(`  risk   ${e.strategy} ${e.instrument}: ${e.message}`);
      }
      const equity = engine.equity[step];
      print(`${dateOf(session)}  equity ${fmt(equity)}  P&L ${equity - cash0 >= 0 ? '+' : ''}${fmt(equity - cash0)}`);
      input.onStep?.(k, session);
    }
    return result();
  }
}

/**
 * The warm-up steps (history before the first session): prices move to each bar's close, the day
 * turns and equity is marked — nothing is decided, so nothing is traded. The engine's own warm-up
 * (its readiness, judged on the indicators' values) says from which step a strategy may decide.
 */
function warmUpOn(engine: Engine, market: MarketData, clock: SimClock, steps: number): void {
  for (let k = 0; k < steps; k++) {
    clock.advance(market.timeline[k]);
    engine.beginStep(k);
    for (const d of market.symbols) {
      const i = d.barAt[k];
      if (i >= 0) engine.setPrice(d.id, d.bars.close[i]);
    }
    engine.newDay();
    engine.markEquity();
  }
}
