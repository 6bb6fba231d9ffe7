// The regime rebalance as an engine strategy (docs/regime-rebalance.md §4; docs/trading-model.md §10): at each
// daily bar the sleeve's shares, its equity and the basket's aligned daily closes become a regime snapshot,
// `regimePass` decides, and its orders become DAY limit intents tagged `tg:regime-rebalance:<SYM>`. The sleeve
// is traded by this strategy alone, so a change in a basket position between two bars is one of its own fills:
// it is recorded as a tagged execution at the open of the bar that shows it (the cooldown's clock). The rails'
// hysteresis and the volatility weights carry from one bar to the next. Every decision is kept in `trace`.
import { MS_PER_DAY, yyyymmddFromDays } from '../../data/iso-time.ts';
import type { OrderIntent } from '../../domain/intent.ts';
import { STRATEGY_PARAMS } from '../../config/strategy-params.ts';
import { exchangeCalendar, type ExchangeCalendar } from '../../time/exchange-calendar.ts';
import { easternToUtc } from '../../time/us-eastern.ts';
import { NO_INTENTS, type BarContext, type BarsRef, type InitContext, type Strategy } from '../strategy.ts';
import type { RegimeConfig } from './config.ts';
import type { Execution } from './cooldown.ts';
import { INITIAL_REGIME_STATE, regimePass, type RegimeMode, type RegimeQuote, type RegimeSnapshot, type RegimeState } from './pass.ts';
import { regimeOrderRef, type RegimeDecision } from './types.ts';

export class RegimeStrategy implements Strategy {
  readonly name = 'regime_rebalance';
  readonly type = 'stocks' as const;
  readonly timeframes = ['1D'];
  readonly scope = 'portfolio' as const;
  readonly schema = STRATEGY_PARAMS.regime_rebalance;
  /** Every decision of every pass, with the bar's date (yyyymmdd). */
  readonly trace: (RegimeDecision & { readonly date: number })[] = [];
  /** Each pass's mode, by date. */
  readonly modes: { readonly date: number; readonly mode: RegimeMode }[] = [];
  private readonly bars = new Map<string, BarsRef>();
  private readonly basket: readonly string[];
  /** How many daily closes a pass reads: the lookback and every volatility-weight lookback, plus one. */
  private readonly historyDays: number;
  private readonly calendar: ExchangeCalendar;
  private state: RegimeState = INITIAL_REGIME_STATE;
  private held: Map<string, number> | undefined;
  private executions: Execution[] = [];

  constructor(
    private readonly config: RegimeConfig,
    readonly symbols: readonly string[],
  ) {
    this.basket = [...config.symbols.keys()];
    const vw = [...config.symbols.values()].map((s) => (s.volatilityWeight?.enabled ? s.volatilityWeight.lookbackDays : 0));
    this.historyDays = Math.max(config.lookbackDays, ...vw) + 1;
    this.calendar = exchangeCalendar(config.exchange);
  }

  init(ctx: InitContext): void {
    for (const symbol of this.basket) this.bars.set(symbol, ctx.bars({ symbol }));
  }

  onBar(ctx: BarContext): readonly OrderIntent[] {
    const date = yyyymmddFromDays(Math.floor(ctx.time / MS_PER_DAY));
    const session = this.calendar.session(date);
    const now = session?.close ?? easternToUtc(date, 16 * 60);
    this.recordFills(ctx, session?.open ?? easternToUtc(date, 9 * 60 + 30), now);
    const result = regimePass(this.config, this.snapshot(ctx, now), this.state, this.calendar);
    this.state = result.state;
    for (const d of result.decisions) this.trace.push({ ...d, date });
    this.modes.push({ date, mode: result.mode });
    if (result.orders.length === 0) return NO_INTENTS;
    return result.orders.map((o) => ({
      action: o.action === 'BUY' ? 'buy' : 'sell',
      instrument: o.symbol,
      size: o.quantity,
      limit: o.limit,
      tif: 'DAY',
      tag: o.orderRef,
    }));
  }

  /** A basket position that changed since the previous bar was filled by one of this strategy's orders (today's open). */
  private recordFills(ctx: BarContext, open: number, now: number): void {
    const held = new Map(this.basket.map((s) => [s, ctx.positionOf(s)]));
    if (this.held) for (const [s, q] of held) if (q !== this.held.get(s)) this.executions.push({ symbol: s, orderRef: regimeOrderRef(s), time: open });
    this.held = held;
    const since = now - Math.max(this.config.orderHistoryLookbackDays, 1) * MS_PER_DAY;
    this.executions = this.executions.filter((e) => e.time >= since);
  }

  /** The sleeve at the bar's close: its equity, the basket's shares and quotes, and the closes of the dates all symbols share. */
  private snapshot(ctx: BarContext, now: number): RegimeSnapshot {
    const quotes = new Map<string, RegimeQuote>();
    const byDate = new Map<string, Map<number, number>>();
    for (const [symbol, bars] of this.bars) {
      const last = bars.close.at(0);
      if (last > 0) quotes.set(symbol, { last });
      const own = new Map<number, number>();
      for (let k = 0; k < this.historyDays; k++) {
        const t = bars.time.at(k);
        const c = bars.close.at(k);
        if (!Number.isFinite(t)) break;
        own.set(t, c);
      }
      byDate.set(symbol, own);
    }
    const sets = [...byDate.values()];
    const common = [...(sets[0]?.keys() ?? [])].filter((t) => sets.every((m) => m.has(t))).sort((a, b) => a - b);
    const closes = new Map([...byDate].map(([s, m]) => [s, common.map((t) => m.get(t)!)]));
    return {
      time: now,
      netLiquidation: ctx.equity,
      optionsMarketValue: 0,
      quotes,
      shares: new Map(this.basket.map((s) => [s, ctx.positionOf(s)])),
      closes,
      executions: this.executions,
    };
  }
}
