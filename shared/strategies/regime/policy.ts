// The per-symbol order filter (docs/regime-rebalance.md §2.6; wheel-rules.md §2.10): the regime's own
// `equity_rebalance` policy (default mode `both`) may forbid a direction (buy_only / sell_only / off) and sets
// the smallest order: `min_threshold_shares` (default 1), a dollar minimum max(`min_threshold_amount`,
// `min_threshold_percent` × net liquidation) and a relative minimum on the gap between the position's value and
// its target value. `no_trading` symbols never trade.
import type { EquityRebalancePolicy } from '../wheel/config.ts';
import { pct, usd, type Reason } from './types.ts';

export type PolicyCode = 'BUY' | 'SELL' | 'HOLD' | 'NO_TRADING' | 'MODE_BLOCKS' | 'BELOW_MIN_SHARES' | 'BELOW_MIN_AMOUNT' | 'BELOW_RELATIVE_THRESHOLD';

export interface PolicyInput {
  /** Signed shares the rebalance wants (0: none). */
  readonly shares: number;
  readonly price: number;
  readonly currentValue: number;
  readonly targetValue: number;
  readonly netLiquidation: number;
  readonly noTrading: boolean;
  readonly policy: EquityRebalancePolicy;
}

/** A threshold that is set: finite and above zero (thetagang reads 0 as unset). */
const isSet = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

/** §2.6: the shares that survive the policy (0 = none) and why. */
export function policyFilter(i: PolicyInput): { readonly shares: number; readonly reason: Reason<PolicyCode> } {
  const { shares, price, policy } = i;
  const none = (code: PolicyCode, message: string) => ({ shares: 0, reason: { code, message } });
  const side = shares > 0 ? 'buy' : 'sell';
  if (shares === 0) return none('HOLD', 'no trade wanted');
  if (i.noTrading) return none('NO_TRADING', `would ${side} ${Math.abs(shares)} sh, but no_trading is set for the symbol`);
  const mode = policy.mode;
  const allowed = shares > 0 ? mode === 'buy_only' || mode === 'both' : mode === 'sell_only' || mode === 'both';
  if (!allowed) return none('MODE_BLOCKS', `would ${side} ${Math.abs(shares)} sh, but equity_rebalance mode "${mode}" does not ${side}`);
  const qty = Math.abs(shares);
  const amount = qty * price;
  const minShares = isSet(policy.minThresholdShares) ? policy.minThresholdShares : 1;
  let minAmount = policy.minThresholdAmount;
  let amountWhy = minAmount === undefined ? '' : `min_threshold_amount ${usd(minAmount)}`;
  if (policy.minThresholdPercent !== undefined) {
    const ofNlv = i.netLiquidation * policy.minThresholdPercent;
    amountWhy = `max(${minAmount === undefined ? 'no amount' : usd(minAmount)}, ${pct(policy.minThresholdPercent)} × NLV ${usd(i.netLiquidation)})`;
    minAmount = minAmount === undefined ? ofNlv : Math.max(minAmount, ofNlv);
  }
  const want = `${side} ${qty} sh × ${usd(price)} = ${usd(amount)}`;
  if (qty < minShares) return none('BELOW_MIN_SHARES', `${want}: below min_threshold_shares ${minShares}`);
  if (minAmount !== undefined && amount < minAmount) return none('BELOW_MIN_AMOUNT', `${want}: below the dollar minimum ${usd(minAmount)} (${amountWhy})`);
  const relMin = policy.minThresholdPercentRelative;
  if (relMin !== undefined && i.targetValue > 0) {
    const gap = shares > 0 ? (i.targetValue - i.currentValue) / i.targetValue : (i.currentValue - i.targetValue) / i.targetValue;
    const off = `the position is ${pct(gap)} off its target value ${usd(i.targetValue)}`;
    if (gap < relMin) return none('BELOW_RELATIVE_THRESHOLD', `${want}: ${off}, below min_threshold_percent_relative ${pct(relMin)}`);
  }
  return { shares, reason: { code: shares > 0 ? 'BUY' : 'SELL', message: want } };
}
