// Marking the paper account to the replayed quotes and deriving TWS's account values from it.
// Marks: stocks at the last trade, options at the bid/ask mid-point (the last trade when one side is
// missing), both from the quote model at the replay instant; a position without a quote keeps its
// cost. Account values (TWS's names; USD):
//   NetLiquidation = cash + Σ position values;  GrossPositionValue = Σ |position values|;
//   EquityWithLoanValue = NetLiquidation − long option value (options have no loan value);
//   InitMarginReq / MaintMarginReq from margin.ts;  AvailableFunds = ELV − InitMarginReq;
//   ExcessLiquidity = ELV − MaintMarginReq;  BuyingPower = AvailableFunds / 50 % (Reg-T, 2:1);
//   Cushion = ExcessLiquidity / NetLiquidation;  Leverage = GrossPositionValue / NetLiquidation.

import type { Catalogue } from '../market/catalogue.ts';
import { newQuote, type QuoteModel } from '../market/quotes.ts';
import { instrumentById } from './instruments.ts';
import type { Ledger, PositionRecord } from './ledger.ts';
import { marginRequirement, REG_T_INITIAL } from './margin.ts';

/** Prices per unit (before the multiplier) at one instant, cached per conId. */
export class MarkBook {
  private readonly cache = new Map<number, number>();
  private readonly scratch = newQuote();
  private t = NaN;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly quotes: QuoteModel,
  ) {}

  /** The mark of `conId` at instant t (NaN without a quote). */
  mark(conId: number, t: number): number {
    if (t !== this.t) {
      this.cache.clear();
      this.t = t;
    }
    const hit = this.cache.get(conId);
    if (hit !== undefined) return hit;
    const inst = instrumentById(this.catalogue, conId);
    let price = NaN;
    if (inst) {
      const q = this.quotes.quote(inst, t, this.scratch);
      if (q.valid) {
        if (inst.kind === 'OPT') price = q.bid > 0 && q.ask > 0 ? Math.round(((q.bid + q.ask) / 2) * 1e4) / 1e4 : q.last;
        else price = q.last;
      }
    }
    this.cache.set(conId, price);
    return price;
  }

  /** A position's mark, or its average cost per unit when there is no quote. */
  positionMark(p: PositionRecord, t: number): number {
    const m = this.mark(p.conId, t);
    return m === m ? m : p.avgCost / p.multiplier;
  }
}

export interface AccountValues {
  netLiquidation: number;
  totalCash: number;
  grossPositionValue: number;
  stockMarketValue: number;
  optionMarketValue: number;
  equityWithLoan: number;
  initMargin: number;
  maintMargin: number;
  availableFunds: number;
  excessLiquidity: number;
  buyingPower: number;
  cushion: number;
  leverage: number;
  realizedPnL: number;
  unrealizedPnL: number;
  dailyPnL: number;
}

export interface PositionValue {
  position: PositionRecord;
  mark: number;
  value: number;
  unrealized: number;
  daily: number;
}

/** A position marked at t. */
export function valuePosition(p: PositionRecord, marks: MarkBook, t: number): PositionValue {
  const mark = marks.positionMark(p, t);
  const value = p.qty * mark * p.multiplier;
  return { position: p, mark, value, unrealized: value - p.qty * p.avgCost, daily: value - p.dayStartValue - p.dayCashFlow };
}

/** Every account value of a ledger at instant t. */
export function accountValues(ledger: Ledger, marks: MarkBook, t: number): AccountValues {
  let value = 0;
  let gross = 0;
  let stock = 0;
  let option = 0;
  let longOption = 0;
  let unrealized = 0;
  let daily = 0;
  for (const p of ledger.positions.values()) {
    const v = valuePosition(p, marks, t);
    daily += v.daily;
    if (p.qty === 0) continue;
    value += v.value;
    gross += Math.abs(v.value);
    unrealized += v.unrealized;
    if (p.kind === 'OPT') {
      option += v.value;
      if (v.value > 0) longOption += v.value;
    } else stock += v.value;
  }
  const netLiquidation = ledger.cash + value;
  const equityWithLoan = netLiquidation - longOption;
  const margin = marginRequirement(ledger.open(), (conId) => {
    const p = ledger.positions.get(conId);
    return p ? marks.positionMark(p, t) : marks.mark(conId, t);
  });
  const availableFunds = equityWithLoan - margin.initial;
  const excessLiquidity = equityWithLoan - margin.maintenance;
  return {
    netLiquidation,
    totalCash: ledger.cash,
    grossPositionValue: gross,
    stockMarketValue: stock,
    optionMarketValue: option,
    equityWithLoan,
    initMargin: margin.initial,
    maintMargin: margin.maintenance,
    availableFunds,
    excessLiquidity,
    buyingPower: Math.max(0, availableFunds) / REG_T_INITIAL,
    cushion: netLiquidation !== 0 ? excessLiquidity / netLiquidation : 0,
    leverage: netLiquidation !== 0 ? gross / netLiquidation : 0,
    realizedPnL: ledger.realizedToday,
    unrealizedPnL: unrealized,
    dailyPnL: daily,
  };
}

/** Rounds money to cents for the wire (TWS prints account values with 2 decimals). */
export function money(v: number): string {
  return (Math.round(v * 100) / 100).toFixed(2);
}
