// One run of the wheel (wheel-rules.md §2.1, §6.2): `wheelPass(config, snapshot) → { orders, decisions }`,
// pure, its only clock the snapshot's. The stages run in thetagang's canonical order over the
// configured symbols; their orders are collected and returned together. Every symbol gets at least one
// decision per stage that ran, every option position the roll/close stage looked at gets one, each
// with a closed code and a sentence with the numbers. The rules are the functions beside this file.
import { cashManagement } from './cash-management.ts';
import { symbolCallCaps, symbolCallThresholds, symbolDelta, symbolDte, symbolRebalancePolicy, symbolWriteThreshold, symbolWriteWhen, type WheelConfig } from './config.ts';
import { pendingCash } from './pending-cash.ts';
import { netShortContracts, positionPnl, shortContracts, type OptionLeg } from './position-math.ts';
import { closeLimit, optionPrice, rollLimit, writeLimit, type OptionQuote } from './pricing.ts';
import { optionStagesFor, rebalanceBuy, rebalanceSell, rebalanceStagesFor } from './rebalance.ts';
import { closeVerdict, isItm, rollQuantity, rollVerdict, unableToRollVerdict, type RollRules } from './roll-rules.ts';
import { callRollStrikeFloor, newCallStrikeFloor, newPutStrikeCap, putRollStrikeCap } from './roll-strikes.ts';
import { scanChain, type ScanResult, type ScanRoll } from './scanner.ts';
import type { StockPosition, WheelQuote, WheelSnapshot } from './snapshot.ts';
import { maxNewContracts, putsNeeded, targetCalls, targetShares, wheelBuyingPower } from './targets.ts';
import { midpoint, type ChainContract, type OptionContract, type OptionPosition, type Right, type WheelDecision, type WheelStage } from './types.ts';
import { netVixCalls, vixHedge, type VixHedgeResult } from './vix-hedge.ts';
import { callThresholdGate, moveAndThreshold, moveGate, redGreenGate } from './write-gates.ts';

/** An order's contract (wheel-rules.md §6.2). */
export type WheelOrderContract = { readonly secType: 'STK' } | ({ readonly secType: 'OPT' } & Omit<OptionContract, 'symbol'>) | { readonly secType: 'BAG' };

export interface WheelOrderLeg {
  readonly action: 'BUY' | 'SELL';
  readonly ratio: number;
  readonly contract: { readonly secType: 'OPT' } & Omit<OptionContract, 'symbol'>;
}

/** A queued order (§6.2 `orders`): limit orders, DAY. A roll is a BAG whose limit is the net price (negative = credit). */
export interface WheelOrder {
  readonly stage: WheelStage;
  readonly symbol: string;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly orderType: 'LMT';
  readonly limit: number;
  readonly tif: 'DAY';
  readonly contract: WheelOrderContract;
  readonly legs?: readonly WheelOrderLeg[];
}

export interface WheelResult {
  readonly orders: readonly WheelOrder[];
  readonly decisions: readonly WheelDecision[];
}

/** What the pass knows of one configured symbol. */
interface SymbolState {
  readonly symbol: string;
  readonly weight: number;
  /** The market price (quote last); NaN without a usable quote. */
  readonly price: number;
  readonly quote: WheelQuote | undefined;
  readonly shares: number;
  /** The shares' average cost (undefined without shares). */
  readonly avgCost: number | undefined;
  readonly options: readonly OptionPosition[];
  readonly target: number;
  readonly maxNew: number;
  /** More short contracts of this right than the target needs (set by the write stages). */
  readonly excess: { P: boolean; C: boolean };
}

const opt = (c: OptionContract) => ({ secType: 'OPT' as const, right: c.right, strike: c.strike, expiry: c.expiry, multiplier: c.multiplier });
const describe = (c: OptionContract) => `${c.symbol} ${c.expiry} ${c.strike}${c.right}`;

export function wheelPass(config: WheelConfig, snap: WheelSnapshot): WheelResult {
  const orders: WheelOrder[] = [];
  const decisions: WheelDecision[] = [];
  const decide = (stage: WheelStage, symbol: string, verdict: string, code: string, message: string) => decisions.push({ stage, symbol, verdict, code, message });
  const runs = (s: WheelStage) => config.stages.includes(s);
  const nlv = snap.account.netLiquidation;
  const buyingPower = wheelBuyingPower(nlv, config.account.marginUsage);

  const states: SymbolState[] = [];
  for (const [symbol, sc] of config.symbols) {
    const quote = snap.quotes.get(symbol);
    const last = quote?.last;
    const price = last !== undefined && last > 0 ? last : NaN;
    const stocks = snap.stocks.filter((s) => s.symbol === symbol);
    const shares = Math.floor(stocks.reduce((n, s) => n + s.position, 0));
    states.push({
      symbol,
      weight: sc.weight,
      price,
      quote,
      shares,
      avgCost: averageCost(stocks),
      options: snap.options.filter((o) => o.symbol === symbol),
      target: targetShares(sc.weight, buyingPower, price),
      maxNew: maxNewContracts(config.target.maximumNewContractsPercent, buyingPower, price),
      excess: { P: false, C: false },
    });
  }

  /** Why a symbol cannot trade at all (no_trading, no quote), or undefined. */
  const blocked = (s: SymbolState): { code: string; message: string } | undefined => {
    if (config.symbols.get(s.symbol)?.noTrading) return { code: 'NO_TRADING', message: 'skipped: no_trading is set for the symbol' };
    if (!(s.price > 0)) return { code: 'NO_QUOTE', message: `skipped: ${s.symbol} has no usable market price (quote last is ${s.quote?.last ?? 'missing'})` };
    return undefined;
  };
  const shortsOf = (s: SymbolState, right: Right) => {
    const legs: readonly OptionLeg[] = s.options;
    return config.writeWhen.calculateNetContracts ? netShortContracts(legs, right) : shortContracts(legs, right);
  };

  /** §2.4: the chain scan of a symbol and right, with the symbol's DTE window and delta and the configured filters. */
  const scanFor = (s: SymbolState, right: Right, strikeBound: number | undefined, minimumPrice: number, roll?: ScanRoll): ScanResult => {
    const dte = symbolDte(config, s.symbol);
    return scanChain({
      contracts: chainOf(snap, s.symbol),
      right,
      underlyingPrice: s.price,
      targetDelta: symbolDelta(config, s.symbol, right),
      targetDte: dte.dte,
      maxDte: dte.maxDte,
      strikeBound,
      strikes: config.optionChains.strikes,
      expirations: config.optionChains.expirations,
      minimumOpenInterest: config.target.minimumOpenInterest,
      minimumPrice,
      roll,
    });
  };

  // ---- write puts (§2.2) and write calls (§2.3) ---------------------------------------------------
  for (const right of ['P', 'C'] as const) {
    const stage: WheelStage = right === 'P' ? 'write_puts' : 'write_calls';
    // The excess flags feed has_excess in the roll stage, so they are worked out even when the stage does not run.
    for (const s of states) {
      const shorts = shortsOf(s, right);
      const mode = symbolRebalancePolicy(config, s.symbol).mode;
      const allowed = right === 'P' ? optionStagesFor(mode).puts : optionStagesFor(mode).calls;
      // What the right's rule says: contracts needed, the sentence, and why not when none is written.
      let needed: number;
      let why: string;
      let skip: { code: string; message: string } | undefined;
      if (right === 'P') {
        const pn = putsNeeded(s.target, s.shares, shorts, !allowed);
        s.excess.P = pn.excess;
        needed = pn.needed;
        why = pn.message;
        if (!allowed || needed < 1) skip = pn;
      } else {
        const target = targetCalls(s.shares, s.target, symbolCallCaps(config, s.symbol));
        const raw = target - shorts;
        s.excess.C = raw < 0;
        needed = Math.max(0, raw);
        why = `held ${s.shares} sh, target ${s.target} sh → ${target} call${target === 1 ? '' : 's'} carried, short calls ${shorts}`;
        if (!allowed) skip = { code: 'SELL_ONLY', message: `no calls: the symbol is rebalanced ${mode.replace('_', '-')} (its shares are sold directly)` };
        else if (needed < 1) skip = { code: raw < 0 ? 'EXCESS_CALLS' : 'AT_TARGET', message: `${why} → ${raw < 0 ? `${-raw} more than the shares carry` : 'no call needed'}` };
      }
      if (!runs(stage)) continue;
      const stop = blocked(s) ?? skip;
      if (stop) {
        decide(stage, s.symbol, 'skip', stop.code, stop.message);
        continue;
      }
      const close = s.quote?.close;
      const gate =
        redGreenGate(right, s.price, close, symbolWriteWhen(config, s.symbol, right)) ??
        moveGate(right, moveAndThreshold(s.price, close, symbolWriteThreshold(config, s.symbol, right), lastCloses(snap, s.symbol, config.constants.dailyStddevWindowDays))) ??
        (right === 'C' ? callThresholdGate(s.shares, s.price, nlv, s.target, symbolCallThresholds(config, s.symbol)) : undefined);
      if (gate) {
        decide(stage, s.symbol, 'skip', gate.code, `${why}; ${gate.message}`);
        continue;
      }
      const quantity = Math.min(needed, s.maxNew);
      const sc = config.symbols.get(s.symbol);
      const bound = right === 'P' ? newPutStrikeCap(sc?.puts?.strikeLimit) : newCallStrikeFloor({ averageCost: s.avgCost, price: s.price, strikeLimit: sc?.calls?.strikeLimit });
      const scan = scanFor(s, right, bound.bound, config.orders.minimumCredit);
      const capped = quantity < needed ? `; capped at ${s.maxNew} new contract${s.maxNew === 1 ? '' : 's'}` : '';
      if (right === 'C') why += ` → ${needed} call${needed === 1 ? '' : 's'} needed`;
      if (!scan.contract) {
        decide(stage, s.symbol, 'skip', scan.reason.code, `${why}${capped}; ${scan.reason.message}`);
        continue;
      }
      const limit = writeLimit(s.symbol, scan.contract);
      if (limit.limit === undefined) {
        decide(stage, s.symbol, 'skip', limit.reason.code, `${why}; ${limit.reason.message}`);
        continue;
      }
      orders.push({ stage, symbol: s.symbol, action: 'SELL', quantity, orderType: 'LMT', limit: limit.limit, tif: 'DAY', contract: opt(scan.contract) });
      decide(stage, s.symbol, 'write', right === 'P' ? 'PUTS_NEEDED' : 'CALLS_NEEDED', `${why}${capped}; sell ${quantity} ${describe(scan.contract)} (Δ ${scan.contract.delta}, ${scan.contract.dte} DTE) — ${limit.reason.message}`);
    }
  }

  // ---- buy / sell rebalancing (§2.7) ----------------------------------------------------------------
  for (const side of ['buy', 'sell'] as const) {
    const stage: WheelStage = side === 'buy' ? 'buy_rebalance' : 'sell_rebalance';
    if (!runs(stage)) continue;
    for (const s of states) {
      const policy = symbolRebalancePolicy(config, s.symbol);
      if (!(side === 'buy' ? rebalanceStagesFor(policy.mode).buy : rebalanceStagesFor(policy.mode).sell)) {
        decide(stage, s.symbol, 'skip', policy.mode === 'off' ? 'MODE_OFF' : 'OTHER_SIDE', `not rebalanced: equity_rebalance mode is ${policy.mode}`);
        continue;
      }
      const stop = blocked(s);
      if (stop) {
        decide(stage, s.symbol, 'skip', stop.code, stop.message);
        continue;
      }
      const input = { buyingPower, netLiquidation: nlv, weight: s.weight, price: s.price, midpoint: midpoint(s.quote?.bid, s.quote?.ask), sharesHeld: s.shares, thresholds: policy };
      const r = side === 'buy' ? rebalanceBuy(input) : rebalanceSell(input);
      if (r.quantity > 0 && r.limit !== undefined) {
        orders.push({ stage, symbol: s.symbol, action: r.action, quantity: r.quantity, orderType: 'LMT', limit: r.limit, tif: 'DAY', contract: { secType: 'STK' } });
        decide(stage, s.symbol, side, r.reason.code, r.reason.message);
      } else decide(stage, s.symbol, 'skip', r.reason.code, r.reason.message);
    }
  }

  // ---- roll and close (§2.6) ------------------------------------------------------------------------
  if (runs('roll') || runs('close')) {
    for (const s of states) {
      for (const p of s.options) {
        if (s.symbol === 'VIX') continue; // the VIX hedge manages its own calls
        rollOrClose(s, p);
      }
    }
  }

  function rollOrClose(s: SymbolState, p: OptionPosition): void {
    const sc = config.symbols.get(s.symbol);
    const rules: RollRules = config.rollWhen;
    const pnl = positionPnl(p);
    const candidate = { right: p.right, strike: p.strike, position: p.position, dte: p.dte, pnl, underlyingPrice: s.price, symbolHasExcess: s.excess[p.right], noTrading: sc?.noTrading === true };
    const name = describe(p);
    const oldQuote = quoteOf(snap, p);
    const closeOrder = (stage: WheelStage, code: string, message: string) => {
      const limit = closeLimit(s.symbol, oldQuote);
      orders.push({ stage, symbol: s.symbol, action: 'BUY', quantity: Math.abs(p.position), orderType: 'LMT', limit: limit.limit!, tif: 'DAY', contract: opt(p) });
      decide(stage, s.symbol, 'close', code, `${name}: ${message} — ${limit.reason.message}`);
    };
    const verdict = rollVerdict(candidate, rules);
    if (verdict.roll && runs('roll')) {
      const rightRules = p.right === 'P' ? config.rollWhen.puts : config.rollWhen.calls;
      const cost = optionPrice(oldQuote);
      const bound =
        p.right === 'P'
          ? putRollStrikeCap({ position: p, costToClose: cost, itm: isItm('P', p.strike, s.price), strikeLimit: sc?.puts?.strikeLimit })
          : callRollStrikeFloor({ oldStrike: p.strike, averageCost: s.avgCost, strikeLimit: sc?.calls?.strikeLimit, maintainHighWaterMark: sc?.calls?.maintainHighWaterMark ?? config.rollWhen.calls.maintainHighWaterMark });
      const minimumPrice = rightRules.creditOnly && Number.isFinite(cost) ? cost + config.orders.minimumCredit : 0;
      const scan = scanFor(s, p.right, bound.bound, minimumPrice, { contract: p, dte: p.dte, costToClose: cost });
      if (scan.contract) {
        const limit = rollLimit({ symbol: s.symbol, old: oldQuote, new: scan.contract, creditOnly: rightRules.creditOnly, minimumCredit: config.orders.minimumCredit });
        if (limit.limit !== undefined) {
          const quantity = rollQuantity(p.position, p.dte, rules, s.maxNew);
          const early = quantity < Math.abs(p.position) ? ` (early roll: ${quantity} of ${Math.abs(p.position)}, the new-contract cap)` : '';
          orders.push({
            stage: 'roll',
            symbol: s.symbol,
            action: 'BUY',
            quantity,
            orderType: 'LMT',
            limit: limit.limit,
            tif: 'DAY',
            contract: { secType: 'BAG' },
            legs: [
              { action: 'BUY', ratio: 1, contract: opt(p) },
              { action: 'SELL', ratio: 1, contract: opt(scan.contract) },
            ],
          });
          decide('roll', s.symbol, 'roll', verdict.code, `${name}: ${verdict.message}; to ${describe(scan.contract)}${early} — ${bound.reason.message}; ${limit.reason.message}`);
          return;
        }
        decide('roll', s.symbol, 'hold', limit.reason.code, `${name}: ${verdict.message}, but ${limit.reason.message}`);
        return;
      }
      const unable = unableToRollVerdict({ dte: p.dte, pnl }, rules, sc?.closeIfUnableToRoll ?? rules.closeIfUnableToRoll);
      if (unable.close) closeOrder('roll', unable.code, `${verdict.message}, but ${scan.reason.message}; ${unable.message}`);
      else decide('roll', s.symbol, 'hold', scan.reason.code, `${name}: ${verdict.message}, but ${scan.reason.message}; ${unable.message}`);
      return;
    }
    if (runs('close')) {
      const c = closeVerdict(candidate, rules);
      if (c.close) {
        closeOrder('close', c.code, `${verdict.message}; ${c.message}`);
        return;
      }
      decide(runs('roll') ? 'roll' : 'close', s.symbol, 'hold', verdict.code, `${name}: ${verdict.message}; ${c.message}`);
      return;
    }
    decide('roll', s.symbol, 'hold', verdict.code, `${name}: ${verdict.message}`);
  }

  // ---- VIX call hedge (§2.8) --------------------------------------------------------------------------
  if (runs('vix_hedge')) {
    const v = config.vixCallHedge;
    const vixPositions = snap.options.filter((o) => o.symbol === 'VIX');
    const input = { netLiquidation: nlv, vix: snap.quotes.get('VIX')?.last, vixmo: snap.quotes.get('VIXMO')?.last, positions: vixPositions };
    let r: VixHedgeResult = vixHedge(v, input);
    let reasons: readonly { code: string; message: string }[] = r.reasons;
    if (r.reasons[0]?.code === 'NO_CONTRACT' && r.allocation > 0) {
      const scan = scanChain({
        contracts: chainOf(snap, 'VIX'),
        right: 'C',
        underlyingPrice: snap.quotes.get('VIX')?.last ?? NaN,
        targetDelta: v.delta,
        targetDte: v.targetDte,
        maxDte: v.maxDte,
        strikes: config.optionChains.strikes,
        expirations: config.optionChains.expirations,
        minimumOpenInterest: config.target.minimumOpenInterest,
        minimumPrice: 0,
      });
      if (scan.contract) {
        const price = Math.min(scan.price, scan.contract.modelPrice ?? Infinity);
        r = vixHedge(v, { ...input, candidate: { contract: scan.contract, price } });
        reasons = r.reasons;
      } else reasons = [{ code: scan.reason.code, message: `${r.reasons[0].message}: ${scan.reason.message}` }];
    }
    for (const o of r.orders) {
      let limit = o.limit;
      if (limit === undefined) {
        // A hedge sold: the lower of its midpoint and model price (§2.5) — never the minimum tick, which
        // would give a position away when it has no quote.
        const held = vixPositions.find((p) => p.right === o.contract.right && p.strike === o.contract.strike && p.expiry === o.contract.expiry);
        const quote = held ? quoteOf(snap, held) : {};
        if (!Number.isFinite(optionPrice(quote))) {
          reasons = [...reasons, { code: 'NO_PRICE', message: `not sold: ${describe(o.contract)} has no bid/ask, last, model or market price` }];
          continue;
        }
        limit = closeLimit('VIX', quote).limit!;
      }
      orders.push({ stage: 'vix_hedge', symbol: 'VIX', action: o.action, quantity: o.quantity, orderType: 'LMT', limit, tif: 'DAY', contract: opt(o.contract) });
    }
    for (const reason of reasons) decide('vix_hedge', 'VIX', r.orders.length > 0 ? (r.orders[0].action === 'BUY' ? 'buy' : 'sell') : 'skip', reason.code, reason.message);
    if (reasons.length === 0) decide('vix_hedge', 'VIX', 'skip', 'NO_DECISION', `net VIX calls ${netVixCalls(vixPositions, v.ignoreDte)}`);
  }

  // ---- cash management (§2.9) ---------------------------------------------------------------------------
  if (runs('cash_management')) {
    const cm = config.cashManagement;
    const fund = snap.quotes.get(cm.cashFund);
    const fundShares = Math.floor(snap.stocks.filter((s) => s.symbol === cm.cashFund).reduce((n, s) => n + s.position, 0));
    const pending = pendingCash(orders.map((o) => ({ action: o.action, quantity: o.quantity, price: o.limit, multiplier: o.contract.secType === 'OPT' ? o.contract.multiplier : o.contract.secType === 'BAG' ? (o.legs?.[0]?.contract.multiplier ?? 100) : 1 })));
    const r = cashManagement(cm, { totalCashValue: snap.account.totalCashValue, pendingCash: pending, fundBid: fund?.bid, fundAsk: fund?.ask, fundShares });
    if (r.order) {
      orders.push({ stage: 'cash_management', symbol: r.order.symbol, action: r.order.action, quantity: r.order.quantity, orderType: 'LMT', limit: r.order.limit, tif: 'DAY', contract: { secType: 'STK' } });
      decide('cash_management', cm.cashFund, r.order.action === 'BUY' ? 'buy' : 'sell', r.reason.code, r.reason.message);
    } else decide('cash_management', cm.cashFund, 'skip', r.reason.code, r.reason.message);
  }

  return { orders, decisions };
}

/** The shares' average cost per share (position-weighted), undefined without shares. */
function averageCost(stocks: readonly StockPosition[]): number | undefined {
  let qty = 0;
  let cost = 0;
  for (const s of stocks) {
    qty += s.position;
    cost += s.position * s.avgCost;
  }
  return qty > 0 ? cost / qty : undefined;
}

/** The snapshot's chains indexed once per pass: by symbol, and by contract. */
interface ChainIndex {
  readonly bySymbol: ReadonlyMap<string, readonly ChainContract[]>;
  readonly byContract: ReadonlyMap<string, ChainContract>;
}

const contractKey = (c: OptionContract) => `${c.symbol}|${c.right}|${c.strike}|${c.expiry}`;

const indexes = new WeakMap<WheelSnapshot, ChainIndex>();

function chainIndex(snap: WheelSnapshot): ChainIndex {
  let index = indexes.get(snap);
  if (index) return index;
  const bySymbol = new Map<string, ChainContract[]>();
  const byContract = new Map<string, ChainContract>();
  for (const c of snap.chains) {
    let list = bySymbol.get(c.symbol);
    if (!list) bySymbol.set(c.symbol, (list = []));
    list.push(c);
    byContract.set(contractKey(c), c);
  }
  index = { bySymbol, byContract };
  indexes.set(snap, index);
  return index;
}

/** The chain contracts of a symbol. */
function chainOf(snap: WheelSnapshot, symbol: string): readonly ChainContract[] {
  return chainIndex(snap).bySymbol.get(symbol) ?? [];
}

/** A held option's quote: its chain entry when the chain lists it, else its market price as the last price. */
function quoteOf(snap: WheelSnapshot, p: OptionPosition): OptionQuote {
  const listed = chainIndex(snap).byContract.get(contractKey(p));
  if (listed) return listed;
  return { last: p.marketPrice > 0 ? p.marketPrice : undefined };
}

/** The last `days + 1` daily closes of a symbol (σ of `days` daily returns). */
function lastCloses(snap: WheelSnapshot, symbol: string, days: number): readonly number[] {
  const closes = snap.history.get(symbol) ?? [];
  return closes.slice(Math.max(0, closes.length - days - 1));
}

