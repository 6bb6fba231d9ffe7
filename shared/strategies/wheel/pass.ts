// One run of the wheel (wheel-rules.md §2.1, §6.2): `wheelPass(config, snapshot) → { orders, decisions }`,
// pure, its only clock the snapshot's. The stages run in thetagang's canonical order over the
// configured symbols; their orders are collected and returned together. Every symbol gets at least one
// decision per stage that ran, every option position the roll/close stage looked at gets one, each
// with a closed code and a sentence with the numbers. The rules are the functions beside this file.
import { cashManagement } from './cash-management.ts';
import { exchangeRate, fromBase, rateText, symbolCurrency, type ExchangeRate } from './currency.ts';
import { dueForRoll, rollOrCloseVerdict, symbolExitMode, windDownSkip, windsDown, type ExitMode } from './exit-mode.ts';
import { symbolCallCaps, symbolCallThresholds, symbolDelta, symbolDte, symbolRebalancePolicy, symbolWriteThreshold, symbolWriteWhen, type WheelConfig } from './config.ts';
import { pendingCash } from './pending-cash.ts';
import { symbolExecutionPolicy } from './execution-policy.ts';
import { evaluateFilters, filterGate, symbolWriteFilters } from './technical-filters.ts';
import { netShortContracts, positionPnl, shortContracts, type OptionLeg } from './position-math.ts';
import { closeLimit, optionPrice, rollLimit, writeLimit, type OptionQuote } from './pricing.ts';
import { optionStagesFor, rebalanceBuy, rebalanceSell, rebalanceStagesFor } from './rebalance.ts';
import { closeVerdict, isItm, rollQuantity, rollVerdict, unableToRollVerdict, type RollRules } from './roll-rules.ts';
import { committedBuyingPower, policyText, retargetCheck, rollBuyingPowerNeed, symbolRollPolicy } from './roll-policy.ts';
import { callRetargetFloor, callRollStrikeFloor, newCallStrikeFloor, newPutStrikeCap, putRetargetCap, putRollStrikeCap } from './roll-strikes.ts';
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
  /** §2.12: the symbol's currency and its rate to the account's base currency (no rate: the symbol is skipped). */
  readonly fx: ExchangeRate;
  /** §2.12: the wheel's buying power and the net liquidation in the symbol's currency (0 without a rate). */
  readonly buyingPower: number;
  readonly netLiquidation: number;
  /** §2.6.2: the symbol's exit mode (wind_down: target 0, no puts, no buying, no rolls). */
  readonly exit: ExitMode;
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
    // §2.12: money in the symbol's currency (rate 1 for a USD symbol in a USD account: the same numbers).
    const fx = exchangeRate(snap.account, symbolCurrency(snap.currencies, symbol));
    const symbolBuyingPower = fx.rate === undefined ? 0 : fromBase(buyingPower, fx.rate);
    const exit = symbolExitMode(config, symbol);
    states.push({
      symbol,
      weight: sc.weight,
      price,
      quote,
      shares,
      avgCost: averageCost(stocks),
      options: snap.options.filter((o) => o.symbol === symbol),
      target: windsDown(exit) ? 0 : targetShares(sc.weight, symbolBuyingPower, price),
      maxNew: maxNewContracts(config.target.maximumNewContractsPercent, symbolBuyingPower, price),
      excess: { P: false, C: false },
      fx,
      buyingPower: symbolBuyingPower,
      netLiquidation: fx.rate === undefined ? 0 : fromBase(nlv, fx.rate),
      exit,
    });
  }

  /** Why a symbol cannot trade at all (no_trading, no exchange rate for its currency, no quote), or undefined. */
  const blocked = (s: SymbolState): { code: string; message: string } | undefined => {
    if (config.symbols.get(s.symbol)?.noTrading) return { code: 'NO_TRADING', message: 'skipped: no_trading is set for the symbol' };
    if (s.fx.reason) return s.fx.reason;
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
        if (windsDown(s.exit)) skip = windDownSkip('puts');
      } else {
        const target = targetCalls(s.shares, s.target, symbolCallCaps(config, s.symbol));
        const raw = target - shorts;
        s.excess.C = raw < 0;
        needed = Math.max(0, raw);
        const wound = windsDown(s.exit) ? ' (exit = "wind_down")' : '';
        why = `held ${s.shares} sh, target ${s.target} sh${wound} → ${target} call${target === 1 ? '' : 's'} carried, short calls ${shorts}`;
        if (!allowed) skip = { code: 'SELL_ONLY', message: `no calls: the symbol is rebalanced ${mode.replace('_', '-')} (its shares are sold directly)` };
        else if (needed < 1) skip = { code: raw < 0 ? 'EXCESS_CALLS' : 'AT_TARGET', message: `${why} → ${raw < 0 ? `${-raw} more than the shares carry` : 'no call needed'}` };
      }
      if (!runs(stage)) continue;
      // §2.11: every technical filter's verdict for the symbol and right; their gate follows thetagang's gates below.
      const filters = symbolWriteFilters(config, s.symbol, right);
      const verdicts = filters ? evaluateFilters(filters, snap.history.get(s.symbol) ?? []) : [];
      for (const v of verdicts) decide(stage, s.symbol, v.pass ? 'pass' : 'fail', v.code, v.message);
      const stop = blocked(s) ?? skip;
      if (stop) {
        decide(stage, s.symbol, 'skip', stop.code, stop.message);
        continue;
      }
      const close = s.quote?.close;
      const gate =
        redGreenGate(right, s.price, close, symbolWriteWhen(config, s.symbol, right)) ??
        moveGate(right, moveAndThreshold(s.price, close, symbolWriteThreshold(config, s.symbol, right), lastCloses(snap, s.symbol, config.constants.dailyStddevWindowDays))) ??
        (right === 'C' ? callThresholdGate(s.shares, s.price, s.netLiquidation, s.target, symbolCallThresholds(config, s.symbol)) : undefined) ??
        filterGate(verdicts);
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
      const limit = writeLimit(s.symbol, scan.contract, symbolExecutionPolicy(config, s.symbol).sellPrice); // §2.5.1 sell_price
      if (limit.limit === undefined) {
        decide(stage, s.symbol, 'skip', limit.reason.code, `${why}; ${limit.reason.message}`);
        continue;
      }
      orders.push({ stage, symbol: s.symbol, action: 'SELL', quantity, orderType: 'LMT', limit: limit.limit, tif: 'DAY', contract: opt(scan.contract) });
      decide(stage, s.symbol, 'write', right === 'P' ? 'PUTS_NEEDED' : 'CALLS_NEEDED', `${why}${capped}; sell ${quantity} ${describe(scan.contract)} (Δ ${Number(scan.contract.delta.toFixed(4))}, ${scan.contract.dte} DTE) — ${limit.reason.message}`);
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
      if (side === 'buy' && windsDown(s.exit)) {
        const w = windDownSkip('buy');
        decide(stage, s.symbol, 'skip', w.code, w.message);
        continue;
      }
      const stop = blocked(s);
      if (stop) {
        decide(stage, s.symbol, 'skip', stop.code, stop.message);
        continue;
      }
      // §2.12: the dollar minimum is in the base currency, like every amount of the configuration.
      const amount = policy.minThresholdAmount;
      const thresholds = amount === undefined || s.fx.rate === 1 ? policy : { ...policy, minThresholdAmount: fromBase(amount, s.fx.rate!) };
      const quote = midpoint(s.quote?.bid, s.quote?.ask);
      const input = {
        buyingPower: s.buyingPower,
        netLiquidation: s.netLiquidation,
        weight: s.weight,
        price: s.price,
        midpoint: quote,
        sharesHeld: s.shares,
        thresholds,
      };
      const r = side === 'buy' ? rebalanceBuy(input) : rebalanceSell(input);
      if (r.quantity > 0 && r.limit !== undefined) {
        orders.push({ stage, symbol: s.symbol, action: r.action, quantity: r.quantity, orderType: 'LMT', limit: r.limit, tif: 'DAY', contract: { secType: 'STK' } });
        decide(stage, s.symbol, side, r.reason.code, r.reason.message);
      } else decide(stage, s.symbol, 'skip', r.reason.code, r.reason.message);
    }
  }

  // ---- roll and close (§2.6) ------------------------------------------------------------------------
  /** §2.6.1: the snapshot's buying power (base currency) less what this pass's queued orders commit; undefined without one. */
  const availableBuyingPower = (): number | undefined => {
    const total = snap.account.buyingPower;
    if (total === undefined) return undefined;
    return total - committedBuyingPower(orders, (symbol) => exchangeRate(snap.account, symbolCurrency(snap.currencies, symbol)).rate);
  };
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
      const limit = closeLimit(s.symbol, oldQuote, symbolExecutionPolicy(config, s.symbol).buyPrice); // §2.5.1 buy_price
      if (limit.limit === undefined) {
        decide(stage, s.symbol, 'hold', limit.reason.code, `${name}: ${message}, but ${limit.reason.message}`);
        return;
      }
      orders.push({ stage, symbol: s.symbol, action: 'BUY', quantity: Math.abs(p.position), orderType: 'LMT', limit: limit.limit, tif: 'DAY', contract: opt(p) });
      decide(stage, s.symbol, 'close', code, `${name}: ${message} — ${limit.reason.message}`);
    };
    // §2.12: a symbol whose currency has no exchange rate is skipped here too.
    if (s.fx.reason) {
      decide(runs('roll') ? 'roll' : 'close', s.symbol, 'hold', s.fx.reason.code, `${name}: ${s.fx.reason.message}`);
      return;
    }
    const verdict = rollVerdict(candidate, rules);
    // §2.6.2: the exit mode decides what a short due for a roll becomes (roll, close instead, or not rolled).
    const due = verdict.roll && runs('roll') ? dueForRoll(s.exit) : undefined;
    const dueText = verdict.message.replace(/^rolled: /, 'due for a roll: ');
    if (due?.action === 'close') {
      closeOrder('roll', due.reason.code, `${dueText}; ${due.reason.message}`);
      return;
    }
    if (due?.action === 'roll') {
      const rightRules = p.right === 'P' ? config.rollWhen.puts : config.rollWhen.calls;
      const cost = optionPrice(oldQuote);
      const itm = isItm(p.right, p.strike, s.price);
      const maintainHighWaterMark = sc?.calls?.maintainHighWaterMark ?? config.rollWhen.calls.maintainHighWaterMark;
      const keep =
        p.right === 'P'
          ? putRollStrikeCap({ position: p, costToClose: cost, itm, strikeLimit: sc?.puts?.strikeLimit })
          : callRollStrikeFloor({ oldStrike: p.strike, averageCost: s.avgCost, strikeLimit: sc?.calls?.strikeLimit, maintainHighWaterMark });
      const minimumPrice = rightRules.creditOnly && Number.isFinite(cost) ? cost + config.orders.minimumCredit : 0;
      const rolled: ScanRoll = { contract: p, dte: p.dte, costToClose: cost };
      const quantity = rollQuantity(p.position, p.dte, rules, s.maxNew);
      // §2.6.1: retarget_delta scans like a new write, when the buying power allows it; else keep_strike.
      const policy = symbolRollPolicy(config, s.symbol, p.right);
      let policyNote = policyText(policy);
      let bound = keep;
      let scan: ScanResult | undefined;
      if (policy.policy === 'retarget_delta') {
        const target =
          p.right === 'P'
            ? putRetargetCap({ oldStrike: p.strike, itm, strikeLimit: sc?.puts?.strikeLimit })
            : callRetargetFloor({ averageCost: s.avgCost, price: s.price, strikeLimit: sc?.calls?.strikeLimit, oldStrike: p.strike, maintainHighWaterMark });
        const retargeted = scanFor(s, p.right, target.bound, minimumPrice, rolled);
        if (retargeted.contract) {
          const need = rollBuyingPowerNeed(p.right, p.strike, retargeted.contract.strike, p.multiplier, quantity);
          const { delta, strike } = retargeted.contract;
          const available = availableBuyingPower();
          const check = retargetCheck({ right: p.right, delta, strike, need, currency: s.fx.currency, base: s.fx.base, rate: s.fx.rate!, available });
          policyNote += `: ${check.reason.message}${check.allowed ? '' : '; keep_strike instead'}`;
          if (check.allowed) {
            scan = retargeted;
            bound = target;
          }
        } else policyNote += `: no contract at the target delta (${retargeted.reason.message}); keep_strike instead`;
      }
      scan ??= scanFor(s, p.right, keep.bound, minimumPrice, rolled);
      if (scan.contract) {
        const buyPrice = symbolExecutionPolicy(config, s.symbol).buyPrice; // §2.5.1
        const { creditOnly } = rightRules;
        const limit = rollLimit({ symbol: s.symbol, old: oldQuote, new: scan.contract, creditOnly, minimumCredit: config.orders.minimumCredit, buyPrice });
        if (limit.limit !== undefined) {
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
          const how = `${policyNote}; ${bound.reason.message}; ${limit.reason.message}`;
          decide('roll', s.symbol, 'roll', verdict.code, `${name}: ${verdict.message}; to ${describe(scan.contract)}${early} — ${how}`);
          return;
        }
        decide('roll', s.symbol, 'hold', limit.reason.code, `${name}: ${verdict.message}, but ${limit.reason.message} (${policyNote})`);
        return;
      }
      // §2.6.2: roll_or_close closes what cannot be rolled (S17 without its max_dte quirk); roll keeps S17.
      const unable =
        s.exit === 'roll_or_close'
          ? rollOrCloseVerdict({ dte: p.dte, pnl }, rules)
          : unableToRollVerdict({ dte: p.dte, pnl }, rules, sc?.closeIfUnableToRoll ?? rules.closeIfUnableToRoll);
      if (unable.close) closeOrder('roll', unable.code, `${verdict.message}, but ${scan.reason.message} (${policyNote}); ${unable.message}`);
      else decide('roll', s.symbol, 'hold', scan.reason.code, `${name}: ${verdict.message}, but ${scan.reason.message} (${policyNote}); ${unable.message}`);
      return;
    }
    // Not due for a roll, or due but wound down (§2.6.2 wind_down): the close rules (close_at_pnl) decide.
    const held = due ? { code: due.reason.code, text: `${due.reason.message} — ${dueText}` } : { code: verdict.code, text: verdict.message };
    if (runs('close')) {
      const c = closeVerdict(candidate, rules);
      if (c.close) {
        closeOrder('close', c.code, `${held.text}; ${c.message}`);
        return;
      }
      decide(runs('roll') ? 'roll' : 'close', s.symbol, 'hold', held.code, `${name}: ${held.text}; ${c.message}`);
      return;
    }
    decide('roll', s.symbol, 'hold', held.code, `${name}: ${held.text}`);
  }

  // ---- VIX call hedge (§2.8) --------------------------------------------------------------------------
  // §2.12: the hedge's allocation is a share of net liquidation in the VIX options' currency.
  const vixFx = exchangeRate(snap.account, symbolCurrency(snap.currencies, 'VIX'));
  if (runs('vix_hedge') && vixFx.reason) decide('vix_hedge', 'VIX', 'skip', vixFx.reason.code, vixFx.reason.message);
  if (runs('vix_hedge') && vixFx.rate !== undefined) {
    const v = config.vixCallHedge;
    const vixPositions = snap.options.filter((o) => o.symbol === 'VIX');
    const vixNlv = fromBase(nlv, vixFx.rate);
    const input = { netLiquidation: vixNlv, vix: snap.quotes.get('VIX')?.last, vixmo: snap.quotes.get('VIXMO')?.last, positions: vixPositions };
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
    const inVix = rateText(vixFx) ? `in ${vixFx.currency} at ${rateText(vixFx)}: ` : '';
    const vixVerdict = r.orders.length > 0 ? (r.orders[0].action === 'BUY' ? 'buy' : 'sell') : 'skip';
    for (const reason of reasons) decide('vix_hedge', 'VIX', vixVerdict, reason.code, `${inVix}${reason.message}`);
    if (reasons.length === 0) decide('vix_hedge', 'VIX', 'skip', 'NO_DECISION', `net VIX calls ${netVixCalls(vixPositions, v.ignoreDte)}`);
  }

  // ---- cash management (§2.9) ---------------------------------------------------------------------------
  // §2.12: cash is judged in the fund's currency: the account's cash, the configured amounts (base currency)
  // and each queued order's cash (its symbol's currency) converted to it.
  const fundFx = exchangeRate(snap.account, symbolCurrency(snap.currencies, config.cashManagement.cashFund));
  if (runs('cash_management') && fundFx.reason) decide('cash_management', config.cashManagement.cashFund, 'skip', fundFx.reason.code, fundFx.reason.message);
  if (runs('cash_management') && fundFx.rate !== undefined) {
    const fundRate = fundFx.rate;
    const base = config.cashManagement;
    const inFundCurrency = (x: number) => fromBase(x, fundRate);
    const cm =
      fundRate === 1
        ? base
        : {
            ...base,
            targetCashBalance: inFundCurrency(base.targetCashBalance),
            buyThreshold: inFundCurrency(base.buyThreshold),
            sellThreshold: inFundCurrency(base.sellThreshold),
          };
    const inFund = (symbol: string) => (exchangeRate(snap.account, symbolCurrency(snap.currencies, symbol)).rate ?? NaN) / fundRate;
    const converted = rateText(fundFx) ? `in ${fundFx.currency} at ${rateText(fundFx)}: ` : '';
    const fund = snap.quotes.get(cm.cashFund);
    const fundShares = Math.floor(snap.stocks.filter((s) => s.symbol === cm.cashFund).reduce((n, s) => n + s.position, 0));
    const multiplierOf = (o: WheelOrder) =>
      o.contract.secType === 'OPT' ? o.contract.multiplier : o.contract.secType === 'BAG' ? (o.legs?.[0]?.contract.multiplier ?? 100) : 1;
    const cashOf = (o: WheelOrder) => ({ action: o.action, quantity: o.quantity, price: o.limit * inFund(o.symbol), multiplier: multiplierOf(o) });
    const pending = pendingCash(orders.map(cashOf));
    const cash = inFundCurrency(snap.account.totalCashValue);
    const r = cashManagement(cm, { totalCashValue: cash, pendingCash: pending, fundBid: fund?.bid, fundAsk: fund?.ask, fundShares });
    if (r.order) {
      orders.push({ stage: 'cash_management', symbol: r.order.symbol, action: r.order.action, quantity: r.order.quantity, orderType: 'LMT', limit: r.order.limit, tif: 'DAY', contract: { secType: 'STK' } });
      decide('cash_management', cm.cashFund, r.order.action === 'BUY' ? 'buy' : 'sell', r.reason.code, `${converted}${r.reason.message}`);
    } else decide('cash_management', cm.cashFund, 'skip', r.reason.code, `${converted}${r.reason.message}`);
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

