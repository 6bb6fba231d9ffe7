// THE loop. Per bar, in this order (backtest-model §3.2):
//   a. the broker fills waiting orders against the new bar (at its open / within its range);
//   b. equity is marked at the bar's close;
//   c. the strategy decides on data up to and including this bar; its intents pass the risk gate
//      and go to the broker (filling at the next open, or at this close with fill = "close").
// The engine holds a Broker and a Clock; it never knows whether the bars are replayed or live.
import type { BarPrices, Broker, FillTiming } from '../broker/broker.ts';
import type { CostModel } from '../broker/costs.ts';
import { checkIntent, type RiskLimits } from '../risk/check-intent.ts';
import { RISK_REASONS, type RiskReason } from '../risk/denial-reason.ts';
import { intentsForSignal } from '../strategies/signal-executor.ts';
import type { BarContext, OrderIntent, SeriesRef, Strategy, StrategySignal } from '../strategies/strategy.ts';
import type { SimClock } from '../time/clock.ts';
import { ColumnRef, firstDefined, type BarCursor, type IndicatorCache } from './indicator-provider.ts';
import type { Ledger } from './ledger.ts';

export interface EngineSettings {
  readonly initialCash: number;
  /** Default entry size: fraction of available equity (< 1) or shares (≥ 1). */
  readonly sizeFraction: number;
  readonly fill: FillTiming;
  /** Close what is open after the last bar (at its open for next_open fills, at its close otherwise). */
  readonly finalizeTrades: boolean;
  readonly costs: CostModel;
  readonly risk: RiskLimits;
  /** May a SELL signal open a short? (intents decide for themselves) */
  readonly allowShort: boolean;
}

/** A risk rule that acted, for the report. */
export interface RiskEvent {
  readonly bar: number;
  readonly rule: 'max_drawdown' | 'position_size_limit';
  readonly reason: RiskReason;
  readonly message: string;
}

export interface BarColumnsView {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
}

/** The mutable object behind the strategy's read-only BarContext (one per run, no per-bar allocation). */
type LiveContext = { -readonly [K in keyof BarContext]: BarContext[K] };

export class Engine {
  readonly equity: Float64Array;
  readonly riskEvents: RiskEvent[] = [];
  /** Strategy decisions start at bar warmup + 1 (backtest-model §3.1). */
  readonly warmup: number;
  private readonly cursor: BarCursor = { i: -1 };
  private readonly ctx: LiveContext;
  private peak: number;
  private readonly declared: Float64Array[] = [];

  constructor(
    private readonly bars: BarColumnsView,
    private readonly strategy: Strategy,
    private readonly broker: Broker,
    private readonly ledger: Ledger,
    private readonly clock: SimClock,
    private readonly settings: EngineSettings,
    indicators: IndicatorCache,
  ) {
    this.equity = new Float64Array(bars.length).fill(settings.initialCash);
    this.peak = settings.initialCash;
    strategy.init({
      indicator: (name, params, output) => {
        const values = indicators.get(name, params, output);
        this.declared.push(values);
        return new ColumnRef(values, this.cursor);
      },
    });
    this.warmup = this.declared.reduce((w, v) => Math.max(w, firstDefined(v)), 0);
    const col = (v: Float64Array): SeriesRef => new ColumnRef(v, this.cursor);
    this.ctx = {
      bar: -1,
      time: 0,
      open: col(bars.open),
      high: col(bars.high),
      low: col(bars.low),
      close: col(bars.close),
      volume: col(bars.volume),
      position: 0,
      cash: settings.initialCash,
      equity: settings.initialCash,
    };
  }

  /** One bar: fills, equity, decision. */
  onBar(i: number): void {
    const b = this.bars;
    const ledger = this.ledger;
    const broker = this.broker;
    this.clock.advance(b.time[i]);
    this.cursor.i = i;
    const close = b.close[i];
    if (broker.pending.length > 0) broker.matchOrders(0, i, this.prices(i), 'open');
    const flat = ledger.open.length === 0;
    let equity = flat ? ledger.cash : ledger.equityAt(close);
    if (i > this.warmup) {
      const ctx = this.ctx;
      ctx.bar = i;
      ctx.time = b.time[i];
      ctx.position = flat ? 0 : ledger.position(0);
      ctx.cash = ledger.cash;
      ctx.equity = equity;
      const answer = this.strategy.onBar(ctx);
      if (answer !== undefined && (isSignal(answer) || answer.length > 0)) {
        const intents = isSignal(answer) ? intentsForSignal(answer, ctx.position, { allowShort: this.settings.allowShort, minConfidence: 0 }) : answer;
        // Each intent is judged on the position the intents before it leave (close, then reverse).
        let position = ctx.position;
        for (let k = 0; k < intents.length; k++) position = this.route(intents[k], i, equity, close, position);
        if (intents.length > 0 && this.settings.fill === 'close') {
          broker.matchOrders(0, i, this.prices(i), 'close');
          equity = ledger.equityAt(close);
        }
      }
    }
    this.equity[i] = equity;
    if (equity > this.peak) this.peak = equity;
  }

  private prices(i: number): BarPrices {
    const b = this.bars;
    return { open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i] };
  }

  /**
   * After the last bar: close what is open (finalize_trades) and overwrite the last equity with the cash.
   * backtesting.py parity (backtest-model §3.5): its final broker step reuses the last bar, so the
   * leftover trade exits at the last bar's OPEN with next-open fills — and, with fills at the close,
   * at that step's "previous close", the close of the bar before the last (exit bar N−2).
   */
  finish(): void {
    const last = this.bars.length - 1;
    if (last < 0 || !this.settings.finalizeTrades || this.ledger.open.length === 0) return;
    const atClose = this.settings.fill === 'close' && last > 0;
    const exitBar = atClose ? last - 1 : last;
    this.broker.closeAll(0, atClose ? this.bars.close[last - 1] : this.bars.open[last], exitBar);
    this.equity[last] = this.ledger.cash;
  }

  /**
   * Risk gate, then the broker. Closes go to the front of the queue (they fill before entries).
   * Returns the position expected after this intent (a close leaves it flat).
   */
  private route(intent: OrderIntent, bar: number, equity: number, price: number, position: number): number {
    const limits = this.settings.risk;
    const decision =
      limits.maxDrawdown === undefined && limits.positionSizeLimit === undefined
        ? { ok: true as const, intent, adjusted: undefined }
        : checkIntent(intent, { equity, peakEquity: this.peak, position, price, defaultSize: this.settings.sizeFraction }, limits);
    if (!decision.ok) {
      this.note(bar, decision.reason);
      return position;
    }
    if (decision.adjusted) this.note(bar, decision.adjusted);
    const it = decision.intent;
    const tag = it.tag ?? this.strategy.name;
    if (it.action === 'close') {
      for (const t of this.ledger.open) {
        if (t.symbol === 0) this.broker.submit({ symbol: 0, size: -t.size, kind: 'market', tradeId: t.id, tag, placedBar: bar }, true);
      }
      return 0;
    }
    const units = it.size ?? this.settings.sizeFraction;
    const size = it.action === 'buy' ? units : -units;
    const kind = it.limit !== undefined ? (it.stop !== undefined ? 'stop_limit' : 'limit') : it.stop !== undefined ? 'stop' : 'market';
    this.broker.submit({ symbol: 0, size, kind, limit: it.limit, stop: it.stop, sl: it.sl, tp: it.tp, tag, placedBar: bar });
    // Only the direction matters to the next intent's entry/exit judgement: a market order moves it.
    return position + (kind === 'market' ? Math.sign(size) : 0);
  }

  private note(bar: number, reason: RiskReason): void {
    const rule = reason === 'MAX_DRAWDOWN_HALT' ? 'max_drawdown' : 'position_size_limit';
    this.riskEvents.push({ bar, rule, reason, message: RISK_REASONS[reason] });
  }
}

function isSignal(a: readonly OrderIntent[] | StrategySignal): a is StrategySignal {
  return !Array.isArray(a);
}
