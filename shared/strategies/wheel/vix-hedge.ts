// The VIX call hedge, a post stage (wheel-rules §1.13 `vix_call_hedge`, §2.8; T21, T23, T24): while
// long VIX calls are held, sell them all once spot VIX exceeds `close_hedges_when_vix_exceeds`; without
// a hedge, buy VIX calls for weight × NLV, the weight taken from the VIXMO allocation band that matches.
// The call to buy is chosen by the scanner elsewhere; this file sizes and justifies the orders.
import { optionPriceOnTick } from './pricing.ts';
import { isPrice, type OptionContract, type OptionPosition, type Reason } from './types.ts';

/** §1.13: one `allocation` band: its weight applies when lower ≤ VIXMO < upper (a missing bound is open). */
export interface VixAllocationBand {
  readonly lowerBound?: number;
  readonly upperBound?: number;
  /** Fraction of net liquidation to spend on VIX calls. */
  readonly weight: number;
}

/** §1.13: `[strategies.vix_call_hedge]` as far as the decision goes (delta / DTE belong to the scanner). */
export interface VixHedgeConfig {
  /** Off by default (T21). */
  readonly enabled: boolean;
  /** Positions with DTE ≤ this are not counted as a hedge (a simple ladder); default 0. */
  readonly ignoreDte: number;
  /** Sell the hedge when spot VIX is above this; missing or ≤ 0 = never (thetagang treats 0 as unset). */
  readonly closeHedgesWhenVixExceeds?: number;
  readonly allocation: readonly VixAllocationBand[];
}

/** §2.8: the VIX call the scanner picked for a new hedge, with the price to pay (lower of midpoint and model, §2.5). */
export interface VixHedgeCandidate {
  readonly contract: OptionContract;
  readonly price: number;
}

/** §2.8: what the VIX hedge looks at. */
export interface VixHedgeInput {
  readonly netLiquidation: number;
  /** Spot VIX (only read when a close threshold is set). */
  readonly vix?: number;
  /** VIXMO, the 30-day VIX, which picks the allocation band. */
  readonly vixmo?: number;
  /** Option positions held; only VIX calls are read. */
  readonly positions: readonly OptionPosition[];
  /** The call to buy when a new hedge is wanted; missing → NO_CONTRACT (the result's `allocation` says how much is wanted). */
  readonly candidate?: VixHedgeCandidate;
}

/** §2.8: why the VIX hedge did or did not trade. */
export type VixHedgeCode =
  | 'DISABLED'
  | 'HEDGE_HELD'
  | 'CLOSE_HEDGE'
  | 'VIX_ABOVE_CLOSE'
  | 'NO_VIX'
  | 'NO_VIXMO'
  | 'NO_BAND'
  | 'ZERO_WEIGHT'
  | 'NO_CONTRACT'
  | 'NO_PRICE'
  | 'BELOW_ONE_CONTRACT'
  | 'BUY_HEDGE'
  | 'BAD_INPUT';

/** §2.8: an order of the VIX hedge. */
export interface VixHedgeOrder {
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly contract: OptionContract;
  /** A buy's limit (the candidate's price on the VIX tick); sells are priced by the pass (lower of midpoint and model, §2.5). */
  readonly limit?: number;
  readonly reason: Reason<VixHedgeCode>;
}

/** §2.8: the VIX hedge's orders and its decision trace. */
export interface VixHedgeResult {
  readonly orders: readonly VixHedgeOrder[];
  /** The decision, then one reason per order. */
  readonly reasons: readonly Reason<VixHedgeCode>[];
  /** Net VIX calls counted as a hedge. */
  readonly netCalls: number;
  /** weight × NLV once a new hedge is wanted (the band matched with a weight > 0), else 0. */
  readonly allocation: number;
}

/** §2.8: net VIX calls counted as a hedge: Σ position of VIX calls with 0 ≤ DTE and DTE > ignore_dte. */
export function netVixCalls(positions: readonly OptionPosition[], ignoreDte: number): number {
  let net = 0;
  for (const p of positions) if (p.symbol === 'VIX' && p.right === 'C' && p.dte >= 0 && p.dte > ignoreDte && Number.isFinite(p.position)) net += p.position;
  return Math.floor(net);
}

/**
 * §2.8: the first band (in the listed order) with lower ≤ VIXMO < upper, a missing bound being open; undefined
 * when none matches. Thetagang instead takes the first band whose lower bound ≤ VIXMO even above its upper
 * bound, and treats a bound of 0 as unset (so bands listed low to high give every VIXMO ≥ 15 the 15–30
 * weight); we implement the documented rule, which agrees with thetagang for bands listed high to low.
 */
export function vixAllocationBand(bands: readonly VixAllocationBand[], vixmo: number): VixAllocationBand | undefined {
  return bands.find((b) => (b.lowerBound === undefined || b.lowerBound <= vixmo) && (b.upperBound === undefined || vixmo < b.upperBound));
}

/**
 * T21, T23, T24: the VIX hedge. Disabled → nothing. With net VIX calls > 0: spot VIX above the close
 * threshold → SELL every long VIX call position (one order each, whatever its DTE), else hold. Without a
 * hedge: skip when spot VIX is above the close threshold; else allocation = band weight × NLV and
 * BUY floor(allocation / price / multiplier) of the candidate (price on the VIX tick), none when 0.
 */
export function vixHedge(config: VixHedgeConfig, input: VixHedgeInput): VixHedgeResult {
  const done = (code: VixHedgeCode, message: string, netCalls: number, allocation = 0): VixHedgeResult => ({
    orders: [],
    reasons: [{ code, message }],
    netCalls,
    allocation,
  });
  if (!config.enabled) return done('DISABLED', 'the VIX call hedge is not enabled', 0);
  const net = netVixCalls(input.positions, config.ignoreDte);
  const threshold = config.closeHedgesWhenVixExceeds;
  const hasThreshold = threshold !== undefined && Number.isFinite(threshold) && threshold > 0;
  const vix = input.vix;
  const counted = `net ${net} VIX call${net === 1 ? '' : 's'} (DTE > ignore_dte ${config.ignoreDte})`;

  if (net > 0) {
    if (!hasThreshold) return done('HEDGE_HELD', `${counted} held; no close_hedges_when_vix_exceeds set: hedge kept`, net);
    if (!isPrice(vix)) return done('NO_VIX', `${counted} held; no spot VIX price (${vix}) to compare with ${threshold}: hedge kept`, net);
    if (!(vix > threshold)) return done('HEDGE_HELD', `${counted} held; VIX ${vix} ≤ close_hedges_when_vix_exceeds ${threshold}: hedge kept`, net);
    const orders: VixHedgeOrder[] = [];
    for (const p of input.positions) {
      if (p.symbol !== 'VIX' || p.right !== 'C' || !(p.position > 0)) continue;
      const quantity = Math.floor(p.position);
      if (quantity < 1) continue;
      const contract: OptionContract = { symbol: p.symbol, right: p.right, strike: p.strike, expiry: p.expiry, multiplier: p.multiplier };
      const message = `sell ${quantity} VIX ${p.strike}C ${p.expiry} (DTE ${p.dte}): VIX ${vix} > close_hedges_when_vix_exceeds ${threshold}`;
      orders.push({ action: 'SELL', quantity, contract, reason: { code: 'CLOSE_HEDGE', message } });
    }
    const closing = `closing ${orders.length} long VIX call position${orders.length === 1 ? '' : 's'}`;
    const message = `${counted} held and VIX ${vix} > close_hedges_when_vix_exceeds ${threshold}: ${closing}`;
    const decision: Reason<VixHedgeCode> = { code: 'CLOSE_HEDGE', message };
    return { orders, reasons: [decision, ...orders.map((o) => o.reason)], netCalls: net, allocation: 0 };
  }

  if (hasThreshold) {
    if (!isPrice(vix)) return done('NO_VIX', `no hedge held; no spot VIX price (${vix}) to compare with close_hedges_when_vix_exceeds ${threshold}`, net);
    if (vix > threshold) return done('VIX_ABOVE_CLOSE', `no hedge held; VIX ${vix} > close_hedges_when_vix_exceeds ${threshold}: not bought`, net);
  }
  const vixmo = input.vixmo;
  if (!isPrice(vixmo)) return done('NO_VIXMO', `no hedge held; no VIXMO price (${vixmo}) to pick an allocation band: not bought`, net);
  const band = vixAllocationBand(config.allocation, vixmo);
  if (band === undefined) return done('NO_BAND', `no hedge held; VIXMO ${vixmo} is in no allocation band: not bought`, net);
  const inBand = `VIXMO ${vixmo} in band ${bandText(band)} → weight ${band.weight}`;
  if (!(band.weight > 0)) return done('ZERO_WEIGHT', `no hedge held; ${inBand}: not bought`, net);
  const nlv = input.netLiquidation;
  if (!isPrice(nlv)) return done('BAD_INPUT', `no hedge held; net liquidation ${nlv} is not a positive number: not bought`, net);
  const allocation = band.weight * nlv;
  const wanted = `no hedge held; ${inBand} × NLV ${usd(nlv)} = ${usd(allocation)}`;
  const c = input.candidate;
  if (c === undefined) return done('NO_CONTRACT', `${wanted}, but no VIX call was found to buy`, net, allocation);
  const named = `VIX ${c.contract.strike}C ${c.contract.expiry}`;
  if (c.contract.symbol !== 'VIX' || c.contract.right !== 'C') {
    return done('BAD_INPUT', `${wanted}, but the candidate ${c.contract.symbol} ${c.contract.strike}${c.contract.right} is not a VIX call`, net, allocation);
  }
  if (!isPrice(c.contract.multiplier)) return done('BAD_INPUT', `${wanted}, but ${named} has no multiplier (${c.contract.multiplier})`, net, allocation);
  if (!isPrice(c.price)) return done('NO_PRICE', `${wanted}, but ${named} has no usable price (${c.price})`, net, allocation);
  const limit = optionPriceOnTick('VIX', c.price);
  if (!(limit > 0)) return done('NO_PRICE', `${wanted}, but ${named}'s price ${c.price} rounds to 0`, net, allocation);
  const quantity = Math.floor(allocation / limit / c.contract.multiplier + 1e-9);
  const sizing = `${usd(allocation)} / ${limit} / ${c.contract.multiplier} = ${quantity}`;
  if (quantity < 1) return done('BELOW_ONE_CONTRACT', `${wanted}; ${named} at ${limit}: ${sizing} contracts, not bought`, net, allocation);
  const reason: Reason<VixHedgeCode> = { code: 'BUY_HEDGE', message: `${wanted}; buy ${named} at ${limit}: ${sizing} contracts` };
  return { orders: [{ action: 'BUY', quantity, contract: c.contract, limit, reason }], reasons: [reason], netCalls: net, allocation };
}

/** A band as "[15, 30)" with open ends as −∞ / ∞. */
function bandText(b: VixAllocationBand): string {
  return `[${b.lowerBound ?? '−∞'}, ${b.upperBound ?? '∞'})`;
}

/** Dollars with at most 2 decimals. */
function usd(x: number): string {
  return `$${Math.round(x * 100) / 100}`;
}
