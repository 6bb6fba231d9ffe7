// An account marked to market, in TWS's terms (docs/trading-model.md §4). Money in the account's
// currency (USD):
//   NetLiquidation = cash + Σ position values;  GrossPositionValue = Σ |position values|;
//   EquityWithLoanValue = NetLiquidation − long option value (options have no loan value);
//   InitMarginReq / MaintMarginReq from margin.ts;  AvailableFunds = ELV − InitMarginReq;
//   ExcessLiquidity = ELV − MaintMarginReq;  BuyingPower = AvailableFunds / stock initial rate
//   (Reg-T: 2:1; a cash account: 1:1);  Cushion = ExcessLiquidity / NetLiquidation;
//   Leverage = GrossPositionValue / NetLiquidation.
import { instrumentKey, type HoldableInstrument } from '../domain/instrument.ts';
import type { Position } from '../domain/position.ts';
import type { Ledger } from './ledger.ts';
import { marginRequirement, type MarginPolicy } from './margin.ts';

/** Prices per unit (before the multiplier) at the valuation instant. */
export interface Marks {
  /** NaN when there is no price. */
  price(instrument: HoldableInstrument, key: string): number;
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
  readonly position: Position;
  /** Price per unit used (the average cost per unit when there is no price). */
  readonly mark: number;
  readonly value: number;
  readonly unrealized: number;
  readonly daily: number;
}

/** A position's mark: its price, or its average cost per unit when there is none. */
export function positionMark(p: Position, marks: Marks): number {
  const m = marks.price(p.instrument, p.key);
  return m === m ? m : p.avgCost / p.instrument.multiplier;
}

/** A position marked to market. */
export function valuePosition(p: Position, marks: Marks): PositionValue {
  const mark = positionMark(p, marks);
  const value = p.qty * mark * p.instrument.multiplier;
  return { position: p, mark, value, unrealized: value - p.qty * p.avgCost, daily: value - p.dayStartValue - p.dayCashFlow };
}

/** Cash plus every open position at its mark (the hot path: no allocation). */
export function netLiquidation(ledger: Ledger, marks: Marks): number {
  let v = ledger.cash;
  const list = ledger.list;
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    if (p.qty !== 0) v += p.qty * positionMark(p, marks) * p.instrument.multiplier;
  }
  return v;
}

/** BuyingPower from AvailableFunds: what they buy in stock at the policy's initial rate (never negative). */
export function buyingPower(availableFunds: number, policy: MarginPolicy): number {
  return Math.max(0, availableFunds) / policy.stockInitial;
}

/**
 * AvailableFunds alone (equity with loan value − initial margin), without building every account
 * value: the sizing hot path. Equal to accountValues(…).availableFunds.
 */
export function availableFunds(ledger: Ledger, marks: Marks, policy: MarginPolicy): number {
  if (ledger.optionPositions > 0) return accountValues(ledger, marks, policy).availableFunds;
  let elv = ledger.cash;
  let initial = 0;
  const list = ledger.list;
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    if (p.qty === 0) continue;
    const value = p.qty * positionMark(p, marks) * p.instrument.multiplier;
    elv += value;
    if (p.instrument.secType === 'STK') initial += policy.stockInitial * Math.abs(value);
  }
  return elv - initial;
}

/** Every account value of a ledger under a margin policy. */
export function accountValues(ledger: Ledger, marks: Marks, policy: MarginPolicy): AccountValues {
  let value = 0;
  let gross = 0;
  let stock = 0;
  let option = 0;
  let longOption = 0;
  let unrealized = 0;
  let daily = 0;
  const open: Position[] = [];
  for (const p of ledger.list) {
    const v = valuePosition(p, marks);
    daily += v.daily;
    if (p.qty === 0) continue;
    open.push(p);
    value += v.value;
    gross += Math.abs(v.value);
    unrealized += v.unrealized;
    if (p.instrument.secType === 'OPT') {
      option += v.value;
      if (v.value > 0) longOption += v.value;
    } else stock += v.value;
  }
  const netLiq = ledger.cash + value;
  const equityWithLoan = netLiq - longOption;
  const margin = marginRequirement(
    open,
    (p) => positionMark(p, marks),
    (u) => {
      const held = ledger.positions.get(u);
      if (held) return positionMark(held, marks);
      for (const p of open) if (p.instrument.secType === 'OPT' && instrumentKey(p.instrument.underlying) === u) return marks.price(p.instrument.underlying, u);
      return NaN;
    },
    policy,
  );
  const availableFunds = equityWithLoan - margin.initial;
  const excessLiquidity = equityWithLoan - margin.maintenance;
  return {
    netLiquidation: netLiq,
    totalCash: ledger.cash,
    grossPositionValue: gross,
    stockMarketValue: stock,
    optionMarketValue: option,
    equityWithLoan,
    initMargin: margin.initial,
    maintMargin: margin.maintenance,
    availableFunds,
    excessLiquidity,
    buyingPower: buyingPower(availableFunds, policy),
    cushion: netLiq !== 0 ? excessLiquidity / netLiq : 0,
    leverage: netLiq !== 0 ? gross / netLiq : 0,
    realizedPnL: ledger.realizedToday,
    unrealizedPnL: unrealized,
    dailyPnL: daily,
  };
}
