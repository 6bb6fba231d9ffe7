// What a placeOrder trades: one listed instrument (found like reqContractDetails finds it), or a BAG
// of listed legs by conId — the listing (itself a shared domain instrument, market/listed.ts), the
// plain instrument the order stores and the trading rules work on (order types and ticks:
// shared/broker/ibkr-rules.ts), and the contract the wire echoes.
import { combo, type Instrument, type OptionInstrument, type StockInstrument } from '../../../shared/domain/instrument.ts';
import { contractFieldsOf } from '../account/listings.ts';
import { plainInstrument, type ListedOption, type ListedStock, type Listing } from '../market/listed.ts';
import type { SimulatorState } from '../server/state.ts';
import type { ContractFields } from '../wire/order-encoders.ts';
import type { PlaceOrderRequest } from '../wire/place-order.ts';

export interface ResolvedLeg {
  listing: ListedStock | ListedOption;
  ratio: number;
  /** The leg's own action: BUY legs are bought when the combo is bought. */
  buy: boolean;
  contract: ContractFields;
  multiplier: number;
}

export type Target =
  | { readonly kind: 'single'; readonly listing: Listing; readonly instrument: Instrument; readonly contract: ContractFields }
  | { readonly kind: 'combo'; readonly legs: readonly ResolvedLeg[]; readonly instrument: Instrument; readonly contract: ContractFields };

export type TargetResult = { readonly ok: true; readonly target: Target } | { readonly ok: false; readonly code: 200 | 201; readonly reason: string };

/** Resolves the order's contract at instant t; unknown/ambiguous contracts are 200, malformed combos 201. */
export function resolveTarget(state: SimulatorState, req: PlaceOrderRequest, t: number): TargetResult {
  const c = req.contract;
  if (c.secType.toUpperCase() !== 'BAG') {
    const res = state.catalogue.resolve(c, t);
    if (!res.ok) return { ok: false, code: 200, reason: res.reason === 'ambiguous' ? `The contract description specified for ${res.what} is ambiguous.` : 'No security definition has been found for the request' };
    return { ok: true, target: { kind: 'single', listing: res.instrument, instrument: plainInstrument(res.instrument), contract: contractFieldsOf(res.instrument, c.exchange) } };
  }
  if (req.comboLegs.length === 0) return { ok: false, code: 201, reason: 'a BAG order needs at least one combo leg' };
  const legs: ResolvedLeg[] = [];
  for (const l of req.comboLegs) {
    const inst = state.catalogue.byId(l.conId, t);
    if (!inst) return { ok: false, code: 200, reason: `No security definition has been found for the request (combo leg conId ${l.conId})` };
    const action = l.action.toUpperCase();
    if (action !== 'BUY' && action !== 'SELL') return { ok: false, code: 201, reason: `combo leg ${l.conId}: action '${l.action}' is not BUY or SELL` };
    if (!(l.ratio > 0) || !Number.isInteger(l.ratio)) return { ok: false, code: 201, reason: `combo leg ${l.conId}: ratio ${l.ratio} must be a positive whole number` };
    if (legs.some((x) => x.listing.conId === l.conId)) return { ok: false, code: 201, reason: `combo leg ${l.conId} appears twice` };
    if (inst.secType === 'IND') return { ok: false, code: 201, reason: `combo leg ${l.conId}: an index cannot be traded` };
    legs.push({ listing: inst, ratio: l.ratio, buy: action === 'BUY', contract: contractFieldsOf(inst, l.exchange), multiplier: inst.multiplier });
  }
  const symbol = (c.symbol || legs[0].listing.symbol).toUpperCase();
  const contract: ContractFields = {
    conId: c.conId, symbol, secType: 'BAG', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: c.exchange || 'SMART',
    primaryExch: '', currency: c.currency || 'USD', localSymbol: c.localSymbol, tradingClass: c.tradingClass,
  };
  const instrument = combo(legs.map((l) => ({ instrument: plainInstrument(l.listing) as StockInstrument | OptionInstrument, ratio: l.ratio, action: l.buy ? 'BUY' : 'SELL' })));
  return { ok: true, target: { kind: 'combo', legs, instrument, contract } };
}

/** The security types a target needs permission for (every leg's too, for combos). */
export function secTypesOf(target: Target): string[] {
  if (target.kind === 'single') return [target.listing.secType];
  return ['BAG', ...new Set(target.legs.map((l) => l.listing.secType))];
}
