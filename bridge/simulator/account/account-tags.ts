// Account values by TWS's names, for reqAccountSummary tags (ACCOUNT_SUMMARY rows) and
// reqAccountUpdates keys (ACCT_VALUE rows). Money in USD with 2 decimals.

import type { AccountValues } from '../../../shared/portfolio/account-values.ts';
import { money } from '../../../shared/portfolio/what-if.ts';

/** The summary tags served (AccountSummaryTags of the TWS API that a paper account has). */
export const SUMMARY_TAGS = [
  'AccountType',
  'NetLiquidation',
  'TotalCashValue',
  'SettledCash',
  'AccruedCash',
  'BuyingPower',
  'EquityWithLoanValue',
  'PreviousDayEquityWithLoanValue',
  'GrossPositionValue',
  'RegTEquity',
  'RegTMargin',
  'SMA',
  'InitMarginReq',
  'MaintMarginReq',
  'AvailableFunds',
  'ExcessLiquidity',
  'Cushion',
  'FullInitMarginReq',
  'FullMaintMarginReq',
  'FullAvailableFunds',
  'FullExcessLiquidity',
  'LookAheadInitMarginReq',
  'LookAheadMaintMarginReq',
  'LookAheadAvailableFunds',
  'LookAheadExcessLiquidity',
  'HighestSeverity',
  'DayTradesRemaining',
  'Leverage',
  'RealizedPnL',
  'UnrealizedPnL',
] as const;

/** A tag's value and currency ("" for non-money values), or undefined for a tag this account does not have. */
export function tagValue(tag: string, v: AccountValues): [value: string, currency: string] | undefined {
  switch (tag) {
    case 'AccountType':
      return ['INDIVIDUAL', ''];
    case 'NetLiquidation':
      return [money(v.netLiquidation), 'USD'];
    case 'TotalCashValue':
    case 'SettledCash':
      return [money(v.totalCash), 'USD'];
    case 'AccruedCash':
      return ['0.00', 'USD'];
    case 'BuyingPower':
      return [money(v.buyingPower), 'USD'];
    case 'EquityWithLoanValue':
    case 'PreviousDayEquityWithLoanValue':
    case 'RegTEquity':
      return [money(v.equityWithLoan), 'USD'];
    case 'GrossPositionValue':
      return [money(v.grossPositionValue), 'USD'];
    case 'RegTMargin':
    case 'InitMarginReq':
    case 'FullInitMarginReq':
    case 'LookAheadInitMarginReq':
      return [money(v.initMargin), 'USD'];
    case 'SMA':
      return [money(Math.max(0, v.availableFunds)), 'USD'];
    case 'MaintMarginReq':
    case 'FullMaintMarginReq':
    case 'LookAheadMaintMarginReq':
      return [money(v.maintMargin), 'USD'];
    case 'AvailableFunds':
    case 'FullAvailableFunds':
    case 'LookAheadAvailableFunds':
      return [money(v.availableFunds), 'USD'];
    case 'ExcessLiquidity':
    case 'FullExcessLiquidity':
    case 'LookAheadExcessLiquidity':
      return [money(v.excessLiquidity), 'USD'];
    case 'Cushion':
      return [v.cushion.toFixed(6), ''];
    case 'Leverage':
      return [v.leverage.toFixed(4), ''];
    case 'HighestSeverity':
      return ['0', ''];
    case 'DayTradesRemaining':
      return ['-1', ''];
    case 'RealizedPnL':
      return [money(v.realizedPnL), 'USD'];
    case 'UnrealizedPnL':
      return [money(v.unrealizedPnL), 'USD'];
    default:
      return undefined;
  }
}

/**
 * The tags a reqAccountSummary asks for, in its order: a comma list; `$LEDGER`, `$LEDGER:ALL` and
 * `$LEDGER:USD` add the ledger values (cash, net liquidation, P&L) as TWS does.
 */
export function requestedTags(tags: string): string[] {
  const out: string[] = [];
  for (const raw of tags.split(',')) {
    const tag = raw.trim();
    if (!tag) continue;
    if (tag.startsWith('$LEDGER')) out.push('TotalCashValue', 'NetLiquidation', 'RealizedPnL', 'UnrealizedPnL');
    else out.push(tag);
  }
  return [...new Set(out)];
}

/** The reqAccountUpdates keys (ACCT_VALUE rows), each with its value and currency. */
export function accountUpdateRows(account: string, v: AccountValues): [key: string, value: string, currency: string][] {
  const rows: [string, string, string][] = [['AccountCode', account, ''], ['AccountReady', 'true', ''], ['Currency', 'USD', 'USD']];
  for (const tag of SUMMARY_TAGS) {
    const tv = tagValue(tag, v);
    if (tv) rows.push([tag, tv[0], tv[1]]);
  }
  rows.push(['CashBalance', money(v.totalCash), 'USD'], ['StockMarketValue', money(v.stockMarketValue), 'USD'], ['OptionMarketValue', money(v.optionMarketValue), 'USD']);
  return rows;
}
