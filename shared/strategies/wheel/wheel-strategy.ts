// The wheel as an engine strategy (docs/wheel-rules.md §6.2, docs/trading-model.md §10): at each daily
// bar the sleeve's books, the bars and the option chains (synthetic in a backtest, the bridge's live)
// become a wheel snapshot, `wheelPass` decides, and its orders become order intents — the same pass as
// the dry run, so a backtest of the wheel runs the rules the user configured. Every decision is kept
// in `trace` (the backtest's "why not rolled").
// A roll goes out as the pass made it: one combo (BAG) intent, buy the old contract and sell the new
// one at the pass's net limit, so both legs fill together or neither does (a backtest's venue and the
// simulator fill it by the same combo rule). Synthetic chains have no open interest: every listed
// contract counts as liquid.
import { combo, instrumentKey, type ComboLeg, type OptionInstrument } from '../../domain/instrument.ts';
import type { OrderIntent } from '../../domain/intent.ts';
import type { Position } from '../../domain/position.ts';
import { daysFromYyyymmdd, MS_PER_DAY, yyyymmddFromDays } from '../../data/iso-time.ts';
import { easternToUtc } from '../../time/us-eastern.ts';
import { STRATEGY_PARAMS } from '../../config/strategy-params.ts';
import { NO_INTENTS, type BarContext, type BarsRef, type InitContext, type Strategy } from '../strategy.ts';
import type { WheelConfig } from './config.ts';
import { wheelPass, type WheelOrder, type WheelResult } from './pass.ts';
import { optionPrice } from './pricing.ts';
import type { StockPosition, WheelQuote, WheelSnapshot } from './snapshot.ts';
import type { ChainContract, OptionContract, OptionPosition, WheelDecision } from './types.ts';
import { CASH_ACCOUNT, marginRequirement } from '../../portfolio/margin.ts';
import { fundedContracts } from './targets.ts';
import { snapshotHistoryDays } from './technical-filters.ts';

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
  /** Every option contract an order was sent for, by instrument key (reports read its right and multiplier: wheel-stats.ts). */
  readonly contracts = new Map<string, OptionInstrument>();
  private readonly bars = new Map<string, BarsRef>();
  /** How many daily closes the σ write threshold reads. */
  private readonly historyDays: number;

  constructor(
    private readonly config: WheelConfig,
    readonly symbols: readonly string[],
  ) {
    // The σ write threshold's closes, or the technical filters' when they want more (wheel-rules.md §2.11).
    this.historyDays = snapshotHistoryDays(config);
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
    const result = this.funded(wheelPass(this.config, snapshot), ctx, snapshot, instruments);
    for (const d of result.decisions) this.trace.push({ ...d, date });
    if (result.orders.length === 0) return NO_INTENTS;
    const intents: OrderIntent[] = [];
    for (const o of result.orders) {
      const intent = this.intentOf(o, instruments, date);
      if (intent) intents.push(intent);
    }
    for (const i of intents) {
      const inst = i.instrument;
      if (typeof inst !== 'object') continue;
      if (inst.secType === 'OPT') this.contracts.set(instrumentKey(inst), inst);
      else if (inst.secType === 'BAG') for (const l of inst.legs) if (l.instrument.secType === 'OPT') this.contracts.set(instrumentKey(l.instrument), l.instrument);
    }
    return intents;
  }

  /** The sleeve as a wheel snapshot at the bar's close. */
  private snapshot(ctx: BarContext, date: number, at: number, instruments: Map<string, OptionInstrument>): WheelSnapshot {
    const quotes = new Map<string, WheelQuote>();
    const history = new Map<string, number[]>();
    const chains: ChainContract[] = [];
    const byKey = new Map<string, ChainContract>();
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
      for (const e of this.expiriesToQuote(ctx, symbol, today)) {
        for (const q of ctx.chain(symbol, e)) {
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
          const key = keyOf(contract);
          instruments.set(key, o);
          byKey.set(key, contract);
        }
      }
    }
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

  // ---- funding the writes (wheel-rules.md §2.2, §2.3) ------------------------------------------------

  /**
   * The writes the sleeve can secure. The pass sizes puts by its targets (a share of net liquidation ×
   * margin_usage at today's price, as thetagang does), blind to what the engine requires: each short put
   * cash-secured at its strike (shared/portfolio/margin.ts), so after a fall the puts held (struck above
   * the price) and their losses can leave less than a new put needs. Each write's added initial margin
   * — the engine's rule, on the sleeve's positions plus the writes before it — is taken from the sleeve's
   * available funds in the pass's order; what the funds cannot carry is cut or not written, its decision
   * saying so, instead of being sent and refused by the buying-power check. Decided at the close and
   * checked at the next open, so an overnight move can still refuse one.
   */
  private funded(result: WheelResult, ctx: BarContext, snap: WheelSnapshot, instruments: Map<string, OptionInstrument>): WheelResult {
    const opensShort = (o: WheelOrder) => (o.stage === 'write_puts' || o.stage === 'write_calls') && o.action === 'SELL' && o.contract.secType === 'OPT';
    let writesLeft = result.orders.filter(opensShort).length;
    if (writesLeft === 0) return result;
    const held: Position[] = ctx.positions().filter((p) => p.qty !== 0);
    const marks = new Map(snap.options.map((o) => [keyOf(o), o.marketPrice]));
    const mark = (p: Position) => {
      const i = p.instrument;
      const m = i.secType === 'OPT' ? marks.get(keyOf({ ...i, symbol: i.underlying.symbol, expiry: String(i.expiry) })) : snap.quotes.get(i.symbol)?.last;
      return m !== undefined && m > 0 ? m : p.avgCost / i.multiplier;
    };
    const spot = (underlying: string) => snap.quotes.get(underlying)?.last ?? NaN;
    // The stock rate cancels out of the difference (no write trades shares): any policy gives the option's part.
    const required = (positions: readonly Position[]) => marginRequirement(positions, mark, spot, CASH_ACCOUNT).initial;
    let funds = ctx.availableFunds;
    let before = NaN; // the requirement of `held`, worked out when a write needs it
    const orders: WheelOrder[] = [];
    const decisions = [...result.decisions];
    for (const o of result.orders) {
      const c = o.contract;
      const instrument = opensShort(o) && c.secType === 'OPT' ? instruments.get(keyOf({ symbol: o.symbol, ...c })) : undefined;
      if (opensShort(o)) writesLeft--;
      if (!instrument) {
        orders.push(o);
        continue;
      }
      const key = instrumentKey(instrument);
      const avgCost = o.limit * instrument.multiplier;
      const short = (qty: number): Position => ({ key, instrument, qty: -qty, avgCost, realized: 0, realizedToday: 0, dayStartValue: 0, dayCashFlow: 0 });
      // A write adds at most its own requirement (paired with a held long or covered by shares it adds
      // less): the pass's last write, when that fits the funds, needs no finer sum (the usual day).
      if (writesLeft === 0 && required([short(o.quantity)]) <= funds) {
        orders.push(o);
        continue;
      }
      if (before !== before) before = required(held);
      const added = required([...held, short(o.quantity)]) - before;
      const f = fundedContracts(o.quantity, added / o.quantity, funds);
      const d = decisions.findIndex((x) => x.stage === o.stage && x.symbol === o.symbol && x.verdict === 'write');
      const name = `${o.symbol} ${instrument.expiry} ${instrument.strike}${instrument.right}`;
      if (f.quantity < o.quantity && d >= 0) {
        const was = decisions[d];
        if (f.quantity === 0) decisions[d] = { ...was, verdict: 'skip', code: f.code, message: `${name} ${f.message}; ${was.message}` };
        else decisions[d] = { ...was, code: f.code, message: `${was.message}; ${name} ${f.message}` };
      }
      if (f.quantity === 0) continue;
      held.push(short(f.quantity));
      funds -= (added / o.quantity) * f.quantity;
      before = NaN;
      orders.push(f.quantity === o.quantity ? o : { ...o, quantity: f.quantity });
    }
    return { orders, decisions };
  }

  /** A wheel order as an intent: shares by symbol, an option by its listed contract, a roll as one combo. */
  private intentOf(o: WheelOrder, instruments: Map<string, OptionInstrument>, date: number): OrderIntent | undefined {
    const tag = `${o.stage} ${o.symbol}`;
    const action = o.action === 'BUY' ? ('buy' as const) : ('sell' as const);
    if (o.contract.secType === 'STK') return { action, instrument: o.symbol, size: o.quantity, limit: o.limit, tif: 'DAY', tag };
    if (o.contract.secType === 'OPT') {
      const instrument = instruments.get(keyOf({ symbol: o.symbol, ...o.contract }));
      return instrument && { action, instrument, size: o.quantity, limit: o.limit, tif: 'DAY', tag };
    }
    const legs: ComboLeg[] = [];
    for (const l of o.legs ?? []) {
      const instrument = instruments.get(keyOf({ symbol: o.symbol, ...l.contract }));
      if (!instrument) {
        const message = `roll of ${o.quantity} ${o.symbol} not sent: ${l.contract.right === 'P' ? 'put' : 'call'} ${l.contract.strike} ${l.contract.expiry} is not listed`;
        this.trace.push({ stage: o.stage, symbol: o.symbol, verdict: 'skip', code: 'ROLL_NOT_LISTED', message, date });
        return undefined;
      }
      legs.push({ instrument, ratio: l.ratio, action: l.action });
    }
    return legs.length > 0 ? { action, instrument: combo(legs), size: o.quantity, limit: o.limit, tif: 'DAY', tag: `${tag} (combo)` } : undefined;
  }
}
