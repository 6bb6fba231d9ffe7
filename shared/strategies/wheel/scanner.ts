// The option-chain scanner (wheel-rules §2.4 items 2–8; S14): which contract a write sells or a roll
// moves to — strikes inside the bound (or the 1.05× / 0.95× price window) nearest the money,
// expirations in the DTE window, price / delta / open-interest filters, nearest expiration then
// highest |delta| ≤ target, the credit-beats-delta fallback and, for rolls, the cost-to-close rule.
import { optionPrice } from './pricing.ts';
import type { ChainContract, OptionContract, Reason, Right } from './types.ts';

/** §2.4 item 2: without a strike bound, puts are scanned up to this multiple of the price … */
export const PUT_STRIKE_WINDOW = 1.05;
/** … and calls down to this one. */
export const CALL_STRIKE_WINDOW = 0.95;

/** Tolerance of the strike comparisons (a cap of 101.5 computed in floating point still admits 101.5). */
const EPS = 1e-9;

/** The position a roll moves away from. */
export interface ScanRoll {
  /** The contract being rolled: never chosen again. */
  readonly contract: Pick<OptionContract, 'strike' | 'expiry'>;
  /** Its days to expiry: the new expiration must be at least as far out. */
  readonly dte: number;
  /** What buying it back costs now, per share (its price): item 8 prefers a contract priced above it. */
  readonly costToClose: number;
}

/** The scanner's inputs, for one symbol and right. */
export interface ScanOptions {
  /** The chain as requested from TWS (contracts of another right are ignored). */
  readonly contracts: readonly ChainContract[];
  readonly right: Right;
  /** The underlying's price. */
  readonly underlyingPrice: number;
  /** Highest |delta| accepted (target.delta and its overrides, T2). */
  readonly targetDelta: number;
  /** Expirations must be at least this many days out (target.dte). */
  readonly targetDte: number;
  /** … and at most this many (target.max_dte; undefined: no limit). */
  readonly maxDte?: number;
  /** Puts: the highest strike, calls: the lowest (roll-strikes.ts); undefined: the 1.05× / 0.95× price window. */
  readonly strikeBound?: number;
  /** `option_chains.strikes`: strikes scanned per expiration, nearest the money. */
  readonly strikes: number;
  /** `option_chains.expirations`: the nearest qualifying expirations scanned. */
  readonly expirations: number;
  /** `target.minimum_open_interest` (0 disables the filter). */
  readonly minimumOpenInterest: number;
  /** A contract must be priced above this (`orders.minimum_credit` for writes; old price + minimum credit for credit-only rolls). */
  readonly minimumPrice: number;
  /** Set when rolling. */
  readonly roll?: ScanRoll;
}

/** A contract was chosen. */
export type ScanFoundCode = 'CONTRACT_FOUND' | 'ROLL_COVERS_CLOSE' | 'ROLL_MOST_EXPENSIVE' | 'CREDIT_FALLBACK';

/** No contract: the filter that emptied the list. */
export type ScanMissCode =
  | 'INVALID_INPUT'
  | 'NO_UNDERLYING_PRICE'
  | 'EMPTY_CHAIN'
  | 'NO_EXPIRATION'
  | 'NO_STRIKE'
  | 'NO_CANDIDATE'
  | 'NO_PRICE'
  | 'PRICE_TOO_LOW'
  | 'PUT_STRIKE_ABOVE_COVER'
  | 'DELTA_TOO_HIGH'
  | 'OPEN_INTEREST_TOO_LOW';

export type ScanCode = ScanFoundCode | ScanMissCode;

/** The scanner's answer: the contract with its price (midpoint, else last, else model), or none, with the reason. */
export type ScanResult =
  | { readonly contract: ChainContract; readonly price: number; readonly reason: Reason<ScanFoundCode> }
  | { readonly contract: undefined; readonly price: undefined; readonly reason: Reason<ScanMissCode> };

interface Priced {
  readonly c: ChainContract;
  readonly price: number;
}

/**
 * §2.4, S14: the contract to write (or roll to). Steps, each of which can empty the list (and then
 * says so): strikes ≤ the put bound / ≥ the call bound (else ≤ 1.05 × / ≥ 0.95 × price), the
 * `strikes` nearest the money; expirations with target DTE ≤ DTE ≤ max DTE (and ≥ the rolled
 * position's), the first `expirations`; the rolled contract left out; price > minimum price (and a
 * put's strike ≤ price + premium); |delta| ≤ target; open interest ≥ minimum. Ranked nearest
 * expiration first, then highest |delta|. When nothing passes delta and open interest and a minimum
 * price is set, the delta-rejected contracts are taken, lowest |delta| first (credit beats delta).
 * A roll takes the first ranked contract priced above the cost to close, else the most expensive.
 */
/** One right of a chain: its contracts, its expiries by DTE (nearest first) and its strikes (ascending). */
interface ChainSide {
  readonly chain: readonly ChainContract[];
  readonly byDte: readonly (readonly [expiry: string, dte: number])[];
  readonly allStrikes: readonly number[];
  /** Each contract's expiry as its index in byDte (aligned with chain). */
  readonly expiryRank: Int32Array;
}

/** Per contracts list (a snapshot's chain of one symbol), computed once for all the scans of a pass. */
const sides = new WeakMap<readonly ChainContract[], { P?: ChainSide; C?: ChainSide }>();

function sideOf(contracts: readonly ChainContract[], right: Right): ChainSide {
  let entry = sides.get(contracts);
  if (!entry) sides.set(contracts, (entry = {}));
  const known = entry[right];
  if (known) return known;
  const chain = contracts.filter((c) => c.right === right);
  const dteOf = new Map<string, number>();
  for (const c of chain) if (!dteOf.has(c.expiry)) dteOf.set(c.expiry, c.dte);
  const byDte = [...dteOf.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const allStrikes = [...new Set(chain.map((c) => c.strike))].sort((a, b) => a - b);
  const rank = new Map(byDte.map(([expiry], i) => [expiry, i]));
  const expiryRank = Int32Array.from(chain, (c) => rank.get(c.expiry)!);
  return (entry[right] = { chain, byDte, allStrikes, expiryRank });
}

export function scanChain(o: ScanOptions): ScanResult {
  const miss = (code: ScanMissCode, message: string): ScanResult => ({ contract: undefined, price: undefined, reason: { code, message } });
  const kind = o.right === 'P' ? 'put' : 'call';
  const bad = invalidInput(o);
  if (bad !== undefined) return miss('INVALID_INPUT', `no contract: ${bad}`);
  if (!(Number.isFinite(o.underlyingPrice) && o.underlyingPrice > 0)) {
    return miss('NO_UNDERLYING_PRICE', `no contract: the underlying has no price (${o.underlyingPrice})`);
  }
  const { chain, byDte, allStrikes, expiryRank } = sideOf(o.contracts, o.right);
  if (chain.length === 0) return miss('EMPTY_CHAIN', `no contract: the option chain has no ${kind}s`);

  // Item 3: expirations.
  const minDte = Math.max(o.targetDte, o.roll?.dte ?? -Infinity);
  const maxDte = o.maxDte !== undefined && Number.isFinite(o.maxDte) ? o.maxDte : undefined;
  // byDte is sorted by DTE, so the expiries in the window are one run of it: [first, first + expiries.length).
  const first = byDte.findIndex(([, dte]) => dte >= minDte && (maxDte === undefined || dte <= maxDte));
  const expiries = byDte
    .filter(([, dte]) => dte >= minDte && (maxDte === undefined || dte <= maxDte))
    .slice(0, Math.max(0, Math.floor(o.expirations)))
    .map(([expiry]) => expiry);
  if (expiries.length === 0) {
    const dteWindow = maxDte === undefined ? `at or after ${num(minDte)} DTE` : `between ${num(minDte)} and ${num(maxDte)} DTE`;
    const listed = byDte.map(([, dte]) => dte);
    const rolled = o.roll !== undefined && o.roll.dte > o.targetDte ? ` (no earlier than the rolled position's ${num(o.roll.dte)} DTE)` : '';
    const none = o.expirations >= 1 ? `no expiration ${dteWindow}${rolled}` : `option_chains.expirations is ${o.expirations}`;
    return miss('NO_EXPIRATION', `no contract: ${none}; listed: ${listed.map(num).join(', ')} DTE`);
  }

  // Item 2: strikes.
  const priceWindow = o.right === 'P' ? PUT_STRIKE_WINDOW : CALL_STRIKE_WINDOW;
  const bound = o.strikeBound ?? o.underlyingPrice * priceWindow;
  const inBound = (k: number) => (o.right === 'P' ? k <= bound + EPS : k >= bound - EPS);
  const valid = allStrikes.filter(inBound);
  const n = Math.max(0, Math.floor(o.strikes));
  const scannedStrikes = o.right === 'P' ? valid.slice(Math.max(0, valid.length - n)) : valid.slice(0, n);
  if (scannedStrikes.length === 0) {
    const boundText = o.strikeBound !== undefined ? num(o.strikeBound) : `${num(bound)} (${priceWindow} × price ${num(o.underlyingPrice)})`;
    const none = valid.length > 0 ? `option_chains.strikes is ${o.strikes}` : `no ${kind} strike ${o.right === 'P' ? '≤' : '≥'} ${boundText}`;
    const listed = allStrikes.length > 0 ? `; listed ${num(allStrikes[0])}–${num(allStrikes[allStrikes.length - 1])}` : '';
    return miss('NO_STRIKE', `no contract: ${none}${listed}`);
  }

  // Item 4: the grid that exists, without the rolled contract. The scanned strikes are one run of the
  // sorted strikes [kLo, kHi] and the scanned expiries one run of byDte: both tested as ranges.
  const ex = o.roll?.contract;
  const kLo = scannedStrikes[0];
  const kHi = scannedStrikes[scannedStrikes.length - 1];
  const rEnd = first + expiries.length;
  const grid: ChainContract[] = [];
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i];
    const r = expiryRank[i];
    if (r < first || r >= rEnd || c.strike < kLo || c.strike > kHi) continue;
    if (ex !== undefined && c.expiry === ex.expiry && c.strike === ex.strike) continue;
    grid.push(c);
  }
  if (grid.length === 0) {
    const but = ex !== undefined ? ' other than the contract being rolled' : '';
    return miss('NO_CANDIDATE', `no contract: no listed ${kind}${but} in ${expiries.length} expiration(s) × ${scannedStrikes.length} strike(s)`);
  }

  // Item 5: price, then (puts) strike ≤ price + premium.
  const priced: Priced[] = grid.map((c) => ({ c, price: optionPrice(c) }));
  const withPrice = priced.filter((p) => Number.isFinite(p.price));
  if (withPrice.length === 0) return miss('NO_PRICE', `no contract: none of ${grid.length} ${kind}(s) has a bid/ask, last or model price`);
  const aboveMin = withPrice.filter((p) => p.price > o.minimumPrice);
  if (aboveMin.length === 0) {
    const best = Math.max(...withPrice.map((p) => p.price));
    return miss('PRICE_TOO_LOW', `no contract: no ${kind} priced above the minimum ${num(o.minimumPrice)} (highest ${num(best)})`);
  }
  const covered = o.right === 'P' ? aboveMin.filter((p) => p.c.strike <= o.underlyingPrice + p.price + EPS) : aboveMin;
  if (covered.length === 0) {
    const low = aboveMin.reduce((a, b) => (b.c.strike < a.c.strike ? b : a));
    const msg = `no put with strike ≤ price + premium (lowest: strike ${num(low.c.strike)} > ${num(o.underlyingPrice)} + ${num(low.price)})`;
    return miss('PUT_STRIKE_ABOVE_COVER', `no contract: ${msg}`);
  }

  // Item 5: |delta| ≤ target, then open interest; item 6: ranking.
  const deltaOk = (p: Priced) => Number.isFinite(p.c.delta) && Math.abs(p.c.delta) <= o.targetDelta;
  const oiOk = (p: Priced) => !(o.minimumOpenInterest > 0) || p.c.openInterest >= o.minimumOpenInterest;
  const passed = covered.filter(deltaOk);
  const rejected = covered.filter((p) => !deltaOk(p));
  const ranked = passed.filter(oiOk).sort(byRank(true));
  if (ranked.length === 0) {
    const oiText = `open interest ≥ ${num(o.minimumOpenInterest)}`;
    // Item 7 as thetagang runs it: the fallback starts when nothing passes delta *and* open interest
    // (the spec says "the delta filter"), and the open-interest filter still applies to the fallback.
    const needsCredit = Math.abs(o.minimumPrice) > 1e-9;
    const fallback = needsCredit ? rejected.filter(oiOk).sort(byRank(false)) : [];
    if (fallback.length > 0) {
      const pick = fallback[0];
      const why = passed.length === 0 ? `no ${kind} with |delta| ≤ ${num(o.targetDelta)}` : `no ${kind} with |delta| ≤ ${num(o.targetDelta)} and ${oiText}`;
      const msg = `${why}; credit beats delta: took the lowest |delta| priced above the minimum ${num(o.minimumPrice)}: ${describe(pick)}`;
      return { contract: pick.c, price: pick.price, reason: { code: 'CREDIT_FALLBACK', message: msg } };
    }
    if (passed.length === 0 && !needsCredit) {
      const lowest = Math.min(...rejected.map((p) => Math.abs(p.c.delta)).filter(Number.isFinite));
      const low = Number.isFinite(lowest) ? `lowest |delta| ${num(lowest)}` : 'no delta';
      return miss('DELTA_TOO_HIGH', `no contract: no ${kind} with |delta| ≤ ${num(o.targetDelta)} (${low}) and no minimum price to fall back on`);
    }
    const pool = passed.length > 0 ? passed : rejected;
    const most = Math.max(...pool.map((p) => p.c.openInterest).filter(Number.isFinite));
    const which =
      passed.length > 0 ? `of the ${passed.length} ${kind}(s) with |delta| ≤ ${num(o.targetDelta)}` : `of the ${kind}s (all |delta| > ${num(o.targetDelta)})`;
    return miss('OPEN_INTEREST_TOO_LOW', `no contract: none ${which} has ${oiText} (highest ${Number.isFinite(most) ? num(most) : 'unknown'})`);
  }

  // Item 8: a roll prefers the first ranked contract priced above the cost to close, else the most expensive.
  const cost = o.roll?.costToClose;
  if (o.roll !== undefined && cost !== undefined && Number.isFinite(cost)) {
    const covers = ranked.find((p) => p.price > cost);
    if (covers !== undefined) {
      const msg = `${describe(covers)}; priced above the cost to close ${num(cost)}`;
      return { contract: covers.c, price: covers.price, reason: { code: 'ROLL_COVERS_CLOSE', message: msg } };
    }
    const dearest = ranked.reduce((a, b) => (b.price > a.price ? b : a));
    const msg = `${describe(dearest)}; no candidate priced above the cost to close ${num(cost)}, so the most expensive (a debit roll)`;
    return { contract: dearest.c, price: dearest.price, reason: { code: 'ROLL_MOST_EXPENSIVE', message: msg } };
  }
  const pick = ranked[0];
  const msg = `${describe(pick)}; nearest expiration, highest |delta| ≤ ${num(o.targetDelta)} of ${ranked.length} candidate(s)`;
  return { contract: pick.c, price: pick.price, reason: { code: 'CONTRACT_FOUND', message: msg } };
}

/** Item 6: nearest expiration first, then |delta| (highest first, or lowest for the item-7 fallback), then strike. */
function byRank(highestDelta: boolean): (a: Priced, b: Priced) => number {
  const key = (p: Priced) => (Number.isFinite(p.c.delta) ? Math.abs(p.c.delta) : highestDelta ? -Infinity : Infinity);
  const expiry = (a: Priced, b: Priced) => (a.c.expiry < b.c.expiry ? -1 : a.c.expiry > b.c.expiry ? 1 : 0);
  const delta = (a: Priced, b: Priced) => (highestDelta ? key(b) - key(a) : key(a) - key(b));
  return (a, b) => a.c.dte - b.c.dte || expiry(a, b) || delta(a, b) || a.c.strike - b.c.strike;
}

/** What is wrong with the numeric inputs, if anything. */
function invalidInput(o: ScanOptions): string | undefined {
  if (!(Number.isFinite(o.targetDelta) && o.targetDelta > 0)) return `target delta ${o.targetDelta} is not a number above 0`;
  if (!Number.isFinite(o.targetDte)) return `target DTE ${o.targetDte} is not a number`;
  if (!Number.isFinite(o.minimumPrice)) return `minimum price ${o.minimumPrice} is not a number`;
  if (!Number.isFinite(o.minimumOpenInterest)) return `minimum open interest ${o.minimumOpenInterest} is not a number`;
  if (o.strikeBound !== undefined && !(Number.isFinite(o.strikeBound) && o.strikeBound > 0)) return `strike bound ${o.strikeBound} is not a price`;
  if (o.roll !== undefined && !Number.isFinite(o.roll.dte)) return `the rolled position's DTE ${o.roll.dte} is not a number`;
  return undefined;
}

/** A chosen contract, for a message. */
function describe(p: Priced): string {
  const c = p.c;
  const name = c.right === 'P' ? 'put' : 'call';
  const delta = num(Math.abs(c.delta));
  return `${name} ${num(c.strike)} ${c.expiry} (${num(c.dte)} DTE), |delta| ${delta}, price ${num(p.price)}, open interest ${num(c.openInterest)}`;
}

/** A number for a message: at most 4 decimals, no float noise. */
function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toFixed(4))) : String(x);
}
