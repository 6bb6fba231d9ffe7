// What a placeOrder trades: one listed instrument (found like reqContractDetails finds it), or a BAG
// of listed legs by conId. Also the per-contract rules the order checks need: allowed order types
// and the minimum tick (the market rules of catalogue.ts: stocks $0.01; options $0.01 for penny
// classes or premiums below $3, else $0.05; combos $0.01).

import { contractFieldsOf, multiplierOf } from '../account/instruments.ts';
import type { Instrument } from '../market/instruments.ts';
import type { SimulatorState } from '../server/state.ts';
import type { ContractFields } from '../wire/order-encoders.ts';
import type { PlaceOrderRequest } from '../wire/place-order.ts';

export interface ResolvedLeg {
  inst: Instrument;
  ratio: number;
  /** The leg's own action: BUY legs are bought when the combo is bought. */
  buy: boolean;
  contract: ContractFields;
  multiplier: number;
}

export type Target =
  | { readonly kind: 'single'; readonly inst: Instrument; readonly contract: ContractFields }
  | { readonly kind: 'combo'; readonly legs: readonly ResolvedLeg[]; readonly contract: ContractFields };

export type TargetResult = { readonly ok: true; readonly target: Target } | { readonly ok: false; readonly code: 200 | 201; readonly reason: string };

/** Resolves the order's contract at instant t; unknown/ambiguous contracts are 200, malformed combos 201. */
export function resolveTarget(state: SimulatorState, req: PlaceOrderRequest, t: number): TargetResult {
  const c = req.contract;
  if (c.secType.toUpperCase() !== 'BAG') {
    const res = state.catalogue.resolve(c, t);
    if (!res.ok) return { ok: false, code: 200, reason: res.reason === 'ambiguous' ? `The contract description specified for ${res.what} is ambiguous.` : 'No security definition has been found for the request' };
    return { ok: true, target: { kind: 'single', inst: res.instrument, contract: contractFieldsOf(res.instrument, c.exchange) } };
  }
  if (req.comboLegs.length === 0) return { ok: false, code: 201, reason: 'a BAG order needs at least one combo leg' };
  const legs: ResolvedLeg[] = [];
  for (const l of req.comboLegs) {
    const inst = state.catalogue.byId(l.conId, t);
    if (!inst) return { ok: false, code: 200, reason: `No security definition has been found for the request (combo leg conId ${l.conId})` };
    const action = l.action.toUpperCase();
    if (action !== 'BUY' && action !== 'SELL') return { ok: false, code: 201, reason: `combo leg ${l.conId}: action '${l.action}' is not BUY or SELL` };
    if (!(l.ratio > 0)) return { ok: false, code: 201, reason: `combo leg ${l.conId}: ratio ${l.ratio} must be positive` };
    if (legs.some((x) => x.inst.conId === l.conId)) return { ok: false, code: 201, reason: `combo leg ${l.conId} appears twice` };
    legs.push({ inst, ratio: l.ratio, buy: action === 'BUY', contract: contractFieldsOf(inst, l.exchange), multiplier: multiplierOf(inst) });
  }
  const symbol = (c.symbol || legs[0].inst.symbol).toUpperCase();
  const contract: ContractFields = {
    conId: c.conId, symbol, secType: 'BAG', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: c.exchange || 'SMART',
    primaryExch: '', currency: c.currency || 'USD', localSymbol: c.localSymbol, tradingClass: c.tradingClass,
  };
  return { ok: true, target: { kind: 'combo', legs, contract } };
}

/** The security type a target needs permission for (every leg's too, for combos). */
export function secTypesOf(target: Target): string[] {
  if (target.kind === 'single') return [target.inst.kind];
  return ['BAG', ...new Set(target.legs.map((l) => l.inst.kind))];
}

/** Order types the paper broker accepts per security type (a subset of TWS's orderTypes lists). */
const ORDER_TYPES_BY_SECTYPE: Readonly<Record<string, readonly string[]>> = {
  STK: ['MKT', 'LMT', 'STP', 'STP LMT', 'MOC', 'TRAIL'],
  OPT: ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL'],
  BAG: ['MKT', 'LMT'],
};

export function orderTypeAllowed(target: Target, orderType: string): boolean {
  const secType = target.kind === 'combo' ? 'BAG' : target.inst.kind;
  return (ORDER_TYPES_BY_SECTYPE[secType] ?? []).includes(orderType);
}

/** The minimum price variation for a price of this target. */
export function minTick(target: Target, price: number): number {
  if (target.kind === 'combo') return 0.01;
  const inst = target.inst;
  if (inst.kind === 'OPT') return inst.underlying.spec.pennyOptions || Math.abs(price) < 3 ? 0.01 : 0.05;
  return 0.01;
}
