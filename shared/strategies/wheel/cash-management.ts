// Cash management, the last post stage (wheel-rules §1.13 `cash_management`, §2.9; T21, T22): idle cash
// above target + buy_threshold buys the cash fund at the ask; cash below target − sell_threshold sells
// it at the bid (one extra share, at most the shares held). Cash counts this run's queued orders (T20's
// pendingCash); cash reserved by the regime flow only holds back buys, never a sell.
import { stockLimitOnTick } from './pricing.ts';
import { isPrice, type Reason } from './types.ts';

/** §1.13: `[strategies.cash_management]`. */
export interface CashManagementConfig {
  /** Off by default (T21). */
  readonly enabled: boolean;
  /** `cash_fund`, e.g. SGOV. */
  readonly cashFund: string;
  /** `target_cash_balance` ($, default 0). */
  readonly targetCashBalance: number;
  /** `buy_threshold` ($ above target before buying, default 10000). */
  readonly buyThreshold: number;
  /** `sell_threshold` ($ below target before selling, default 10000). */
  readonly sellThreshold: number;
}

/** §2.9: the account and quote values cash management reads. */
export interface CashManagementInput {
  /** The account's TotalCashValue (floored). */
  readonly totalCashValue: number;
  /** Cash this run's queued orders use (−) or free (+): `pendingCash(...)` (T20). */
  readonly pendingCash: number;
  /** Cash the regime flow reserves for its own buys (negative counts as 0); default 0. */
  readonly reservedCash?: number;
  /** The cash fund's quote: buys pay the ask, sells take the bid (missing: no quote on that side). */
  readonly fundBid?: number;
  readonly fundAsk?: number;
  /** Shares of the cash fund held (fractions are floored). */
  readonly fundShares: number;
}

/** §2.9: why cash management did or did not trade. */
export type CashManagementCode =
  | 'DISABLED'
  | 'WITHIN_BAND'
  | 'BUY_FUND'
  | 'SELL_FUND'
  | 'NO_ASK'
  | 'NO_BID'
  | 'NO_FUND_SHARES'
  | 'BELOW_ONE_SHARE'
  | 'BAD_INPUT';

/** §2.9: a limit order for the cash fund. */
export interface CashFundOrder {
  readonly symbol: string;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  /** The ask for a buy, the bid for a sell, on the stock tick. */
  readonly limit: number;
}

/** §2.9: cash management's verdict: at most one order, why, and the cash it judged. */
export interface CashManagementResult {
  readonly order?: CashFundOrder;
  readonly reason: Reason<CashManagementCode>;
  /** floor(TotalCashValue) + pending cash (NaN when disabled or the inputs are unusable). */
  readonly effectiveCash: number;
  /** Effective cash − reserved cash (NaN when disabled or the inputs are unusable). */
  readonly sweepableCash: number;
}

/**
 * T21, T22: effective = floor(TotalCashValue) + pending cash, sweepable = effective − reserved. If
 * sweepable > target + buy_threshold: BUY floor((sweepable − target) / ask) at the ask; else if effective <
 * target − sell_threshold: SELL ceil(deficit / bid) + 1 shares (thetagang's floor division of the negative
 * amount, minus one) capped at the shares held, at the bid; else nothing.
 */
export function cashManagement(config: CashManagementConfig, input: CashManagementInput): CashManagementResult {
  const fund = config.cashFund;
  if (!config.enabled) return { reason: { code: 'DISABLED', message: 'cash management is not enabled' }, effectiveCash: NaN, sweepableCash: NaN };
  const numbers: Record<string, number> = {
    totalCashValue: input.totalCashValue,
    pendingCash: input.pendingCash,
    reservedCash: input.reservedCash ?? 0,
    target_cash_balance: config.targetCashBalance,
    buy_threshold: config.buyThreshold,
    sell_threshold: config.sellThreshold,
    fundShares: input.fundShares,
  };
  for (const [name, x] of Object.entries(numbers)) {
    if (!Number.isFinite(x)) {
      return { reason: { code: 'BAD_INPUT', message: `${name} ${x} is not a number: no cash management` }, effectiveCash: NaN, sweepableCash: NaN };
    }
  }
  const cash = Math.floor(input.totalCashValue);
  const reserved = Math.max(0, input.reservedCash ?? 0);
  const effectiveCash = cash + input.pendingCash;
  const sweepableCash = effectiveCash - reserved;
  const { targetCashBalance: target, buyThreshold, sellThreshold } = config;
  const result = (code: CashManagementCode, message: string, order?: CashFundOrder): CashManagementResult => ({
    ...(order && { order }),
    reason: { code, message },
    effectiveCash,
    sweepableCash,
  });
  const judged = `effective cash ${usd(effectiveCash)} (cash ${usd(cash)} ${signed(input.pendingCash)} pending)`;
  const sweep = `sweepable ${usd(sweepableCash)} (reserved ${usd(reserved)})`;

  if (sweepableCash > target + buyThreshold) {
    const amount = sweepableCash - target;
    const why = `${judged}, ${sweep} > target ${usd(target)} + buy_threshold ${usd(buyThreshold)}`;
    const ask = input.fundAsk;
    if (!isPrice(ask)) return result('NO_ASK', `${why}, but ${fund} has no ask (${ask}): not bought`);
    const quantity = Math.floor(amount / ask + 1e-9);
    if (quantity < 1) return result('BELOW_ONE_SHARE', `${why}, but ${usd(amount)} buys no share of ${fund} at ask ${ask}`);
    const limit = stockLimitOnTick(ask);
    return result('BUY_FUND', `${why} → buy ${quantity} ${fund} (${usd(amount)} at ask ${limit})`, { symbol: fund, action: 'BUY', quantity, limit });
  }

  if (effectiveCash < target - sellThreshold) {
    const deficit = target - effectiveCash;
    const why = `${judged} < target ${usd(target)} − sell_threshold ${usd(sellThreshold)}`;
    const held = Math.floor(input.fundShares);
    if (held <= 0) return result('NO_FUND_SHARES', `${why}, but no ${fund} shares are held to sell`);
    const bid = input.fundBid;
    if (!isPrice(bid)) return result('NO_BID', `${why}, but ${fund} has no bid (${bid}): not sold`);
    const wanted = Math.ceil(deficit / bid - 1e-9) + 1;
    const quantity = Math.min(wanted, held);
    const limit = stockLimitOnTick(bid);
    const cap = quantity < wanted ? `, capped at the ${held} held` : '';
    const message = `${why} → sell ${quantity} ${fund} (deficit ${usd(deficit)} / bid ${limit} + 1 share${cap})`;
    return result('SELL_FUND', message, { symbol: fund, action: 'SELL', quantity, limit });
  }

  const band = `neither above target + buy_threshold ${usd(target + buyThreshold)} nor below target − sell_threshold ${usd(target - sellThreshold)}`;
  return result('WITHIN_BAND', `${judged}, ${sweep}: ${band}, nothing to do`);
}

/** Dollars with at most 2 decimals. */
function usd(x: number): string {
  return x < 0 ? `−$${Math.round(-x * 100) / 100}` : `$${Math.round(x * 100) / 100}`;
}

/** A signed dollar amount for a sum: "+ $5" / "− $5". */
function signed(x: number): string {
  return x < 0 ? `− $${Math.round(-x * 100) / 100}` : `+ $${Math.round(x * 100) / 100}`;
}
