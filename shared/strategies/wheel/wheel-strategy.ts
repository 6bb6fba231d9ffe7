// The wheel as an engine strategy (docs/wheel-rules.md §6.2, docs/trading-model.md §10): at each daily
// bar the sleeve's books, the bars and the option chains (synthetic in a backtest, the bridge's live)
// become a wheel snapshot, `wheelPass` decides, and its orders become order intents — the same pass as
// the dry run, so a backtest of the wheel runs the rules the user configured. Every decision is kept
// in `trace` (the backtest's "why not rolled").
// Differences from a live run, by construction of the engine: a roll's two-leg combo is sent as its
// two legs, each at its own limit (buy back at the close limit, sell the new one at the write limit);
// synthetic chains have no open interest, so every listed contract counts as liquid.
import type { OptionInstrument } from '../../domain/instrument.ts';
import type { OrderIntent } from '../../domain/intent.ts';
import type { Position } from '../../domain/position.ts';
import { daysFromYyyymmdd, MS_PER_DAY, yyyymmddFromDays } from '../../data/iso-time.ts';
import { easternToUtc } from '../../time/us-eastern.ts';
import { STRATEGY_PARAMS } from '../../config/strategy-params.ts';
import { NO_INTENTS, type BarContext, type BarsRef, type ChainQuote, type InitContext, type Strategy } from '../strategy.ts';
import type { WheelConfig } from './config.ts';
import { wheelPass, type WheelOrder } from './pass.ts';
import { closeLimit, optionPrice, writeLimit } from './pricing.ts';
import type { StockPosition, WheelQuote, WheelSnapshot } from './snapshot.ts';
import type { ChainContract, OptionContract, OptionPosition, WheelDecision } from './types.ts';

/** The session close (16:00 New York) of a daily bar starting at `time` (UTC midnight of its date). */
function sessionClose(time: number): { date: number; at: number } {
  const date = yyyymmddFromDays(Math.floor(time / MS_PER_DAY));
  return { date, at: easternToUtc(date, 16 * 60) };
}

const keyOf = (c: Pick<OptionContract, 'symbol' | 'right' | 'strike' | 'expiry'>) => `${c.symbol}|${c.right}|${c.strike}|${c.expiry}`;

export class WheelStrategy implements Strategy {
  readonly name = 'wheel';
  readonly type = 'options' as const;
  readonly timeframes = ['1D'];
  readonly scope = 'portfolio' as const;
  readonly schema = STRATEGY_PARAMS.wheel;
  /** Every decision of every pass, with the bar's date. */
  readonly trace: (WheelDecision & { readonly date: number })[] = [];
  private readonly bars = new Map<string, BarsRef>();
  /** How many daily closes the σ write threshold reads. */
  private readonly historyDays: number;

  constructor(
    private readonly config: WheelConfig,
    readonly symbols: readonly string[],
  ) {
    this.historyDays = config.constants.dailyStddevWindowDays + 1;
  }

  /**
   * The expiries of `symbol` quoted into the snapshot, as a live run requests them from TWS: the nearest
   * `option_chains.expirations` a write could pick (its DTE window), the nearest ones each held
   * position could be rolled to (no earlier than its own expiry), and the held positions' own (their
   * marks). The scanner's strikes nearest the money are then those listed on these expiries. Quoting
   * only these also keeps a daily backtest from pricing every listed contract every day.
   */
  private expiriesToQuote(ctx: BarContext, symbol: string, today: number): number[] {
    const c = this.config;
    const own = c.symbols.get(symbol);
    const vix = symbol === 'VIX';
    const minDte = vix ? c.vixCallHedge.targetDte : (own?.dte ?? c.target.dte);
    const maxDte = (vix ? c.vixCallHedge.maxDte : (own?.maxDte ?? c.target.maxDte)) ?? Infinity;
    const listed = [...ctx.expiries(symbol)].sort((a, b) => a - b);
    const out = new Set<number>();
    const firstFrom = (from: number) => {
      let n = 0;
      for (const e of listed) {
        const dte = daysFromYyyymmdd(e) - today;
        if (dte < from || dte > maxDte) continue;
        out.add(e);
        if (++n >= c.optionChains.expirations) break;
      }
    };
    firstFrom(minDte);
    for (const p of ctx.positions()) {
      if (p.qty === 0 || p.instrument.secType !== 'OPT' || p.instrument.underlying.symbol !== symbol) continue;
      out.add(p.instrument.expiry);
      firstFrom(Math.max(minDte, daysFromYyyymmdd(p.instrument.expiry) - today));
    }
    return [...out];
  }

  init(ctx: InitContext): void {
    for (const symbol of this.symbols) this.bars.set(symbol, ctx.bars({ symbol }));
  }

  onBar(ctx: BarContext): readonly OrderIntent[] {
    const { date, at } = sessionClose(ctx.time);
    const instruments = new Map<string, OptionInstrument>();
    const snapshot = this.snapshot(ctx, date, at, instruments);
    const result = wheelPass(this.config, snapshot);
    for (const d of result.decisions) this.trace.push({ ...d, date });
    if (result.orders.length === 0) return NO_INTENTS;
    const intents: OrderIntent[] = [];
    for (const o of result.orders) intents.push(...this.intentsOf(o, snapshot, instruments));
    return intents;
  }

  /** The sleeve as a wheel snapshot at the bar's close. */
  private snapshot(ctx: BarContext, date: number, at: number, instruments: Map<string, OptionInstrument>): WheelSnapshot {
    const quotes = new Map<string, WheelQuote>();
    const history = new Map<string, number[]>();
    const chains: ChainContract[] = [];
    const today = daysFromYyyymmdd(date);
    for (const [symbol, bars] of this.bars) {
      const last = bars.close.at(0);
      if (!(last > 0)) continue; // no bar yet: no quote, the pass skips the symbol with a reason
      const previous = bars.close.at(1);
      quotes.set(symbol, { bid: last - 0.01, ask: last + 0.01, last, close: previous > 0 ? previous : undefined });
      const closes: number[] = [];
      for (let k = this.historyDays - 1; k >= 0; k--) {
        const c = bars.close.at(k);
        if (c > 0) closes.push(c);
      }
      history.set(symbol, closes);
      const quoted: ChainQuote[] = [];
      for (const e of this.expiriesToQuote(ctx, symbol, today)) quoted.push(...ctx.chain(symbol, e));
      for (const q of quoted) {
        const o = q.option;
        const contract: ChainContract = {
          symbol,
          right: o.right,
          strike: o.strike,
          expiry: String(o.expiry),
          multiplier: o.multiplier,
          bid: q.bid,
          ask: q.ask,
          last: q.mid,
          modelPrice: q.mid,
          delta: q.delta,
          openInterest: Number.POSITIVE_INFINITY,
          dte: daysFromYyyymmdd(o.expiry) - today,
        };
        chains.push(contract);
        instruments.set(keyOf(contract), o);
      }
    }
    const byKey = new Map(chains.map((c) => [keyOf(c), c]));
    const stocks: StockPosition[] = [];
    const options: OptionPosition[] = [];
    for (const p of ctx.positions()) this.position(p, quotes, byKey, today, stocks, options, instruments);
    return {
      time: at,
      date,
      account: { netLiquidation: ctx.equity, totalCashValue: ctx.cash, buyingPower: ctx.buyingPower },
      quotes,
      stocks,
      options,
      chains,
      history,
    };
  }

  private position(p: Position, quotes: Map<string, WheelQuote>, chain: Map<string, ChainContract>, today: number, stocks: StockPosition[], options: OptionPosition[], instruments: Map<string, OptionInstrument>): void {
    if (p.qty === 0) return;
    const i = p.instrument;
    if (i.secType === 'OPT') {
      const contract = { symbol: i.underlying.symbol, right: i.right, strike: i.strike, expiry: String(i.expiry), multiplier: i.multiplier };
      instruments.set(keyOf(contract), i);
      const listed = chain.get(keyOf(contract));
      const mark = listed ? optionPrice(listed) : NaN;
      options.push({
        ...contract,
        position: p.qty,
        avgCost: p.avgCost,
        marketPrice: mark,
        unrealizedPnl: Number.isFinite(mark) ? (mark * i.multiplier - p.avgCost) * p.qty : 0,
        dte: daysFromYyyymmdd(i.expiry) - today,
      });
      return;
    }
    const last = quotes.get(i.symbol)?.last ?? NaN;
    stocks.push({ symbol: i.symbol, position: p.qty, avgCost: p.avgCost, marketPrice: last, unrealizedPnl: Number.isFinite(last) ? (last - p.avgCost) * p.qty : 0 });
  }

  /** A wheel order as intents: one per order, a roll as its two legs. */
  private intentsOf(o: WheelOrder, snap: WheelSnapshot, instruments: Map<string, OptionInstrument>): OrderIntent[] {
    const tag = `${o.stage} ${o.symbol}`;
    const action = o.action === 'BUY' ? ('buy' as const) : ('sell' as const);
    if (o.contract.secType === 'STK') return [{ action, instrument: o.symbol, size: o.quantity, limit: o.limit, tif: 'DAY', tag }];
    if (o.contract.secType === 'OPT') {
      const instrument = instruments.get(keyOf({ symbol: o.symbol, ...o.contract }));
      return instrument ? [{ action, instrument, size: o.quantity, limit: o.limit, tif: 'DAY', tag }] : [];
    }
    const out: OrderIntent[] = [];
    for (const leg of o.legs ?? []) {
      const key = keyOf({ symbol: o.symbol, ...leg.contract });
      const instrument = instruments.get(key);
      const quote = snap.chains.find((c) => keyOf(c) === key) ?? { last: snap.options.find((p) => keyOf(p) === key)?.marketPrice };
      const limit = leg.action === 'BUY' ? closeLimit(o.symbol, quote).limit : writeLimit(o.symbol, quote).limit;
      if (!instrument || limit === undefined) return []; // a roll goes whole or not at all
      out.push({ action: leg.action === 'BUY' ? 'buy' : 'sell', instrument, size: o.quantity * leg.ratio, limit, tif: 'DAY', tag: `${tag} (roll leg)` });
    }
    return out;
  }
}
