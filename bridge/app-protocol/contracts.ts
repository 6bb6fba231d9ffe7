// The app's instrument references as TWS contracts (docs/app-protocol.md §2): a symbol is a stock or
// ETF routed SMART in USD; a conId is looked up by TWS (SMART routing); an OSI symbol is a US option
// (SMART, USD, 100 shares). The lookups a reference may need: a conId's contract (its secType, and an
// index's exchange), and the index fallback of thetagang's rule T35 — a symbol TWS does not know as a
// stock is looked up as an index (SPX, VIX) before the request fails.
import { OptionType, SecType, type Contract, type ContractDetails } from '@stoqey/ib';
import { osiSymbol } from '../../shared/domain/instrument.ts';
import type { InstrumentRef } from '../../shared/protocol/index.ts';
import { AppRequestError } from './request-error.ts';
import { contractDetails, LOOKUP_TIMEOUT_MS } from './tws-request.ts';
import type { TwsLink } from './tws-link.ts';

/** A US stock or ETF, SMART-routed in USD. */
export function stockContract(symbol: string): Contract {
  return { symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
}

export function contractOf(ref: InstrumentRef): Contract {
  if ('conId' in ref) return { conId: ref.conId, exchange: 'SMART' };
  if ('symbol' in ref) return stockContract(ref.symbol);
  const o = ref.option;
  return {
    symbol: o.symbol,
    secType: SecType.OPT,
    exchange: 'SMART',
    currency: 'USD',
    lastTradeDateOrContractMonth: String(o.expiry),
    strike: o.strike,
    right: o.right === 'C' ? OptionType.Call : OptionType.Put,
    multiplier: 100,
  };
}

/** A readable name of a contract for error messages. */
export function describeRef(ref: InstrumentRef): string {
  if ('conId' in ref) return `conId ${ref.conId}`;
  if ('symbol' in ref) return ref.symbol;
  return `option ${osiSymbol(ref.option)}`;
}

const posInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);
const SEC_TYPE = /^[A-Z]{2,8}$/;

/** A contract as TWS resolved it: what to request it by, and its security type. */
export interface ResolvedContract {
  readonly contract: Contract;
  readonly conId: number;
  readonly secType: string;
}

/**
 * The index `symbol` names (reqContractDetails: IND, USD, any exchange), to be requested by conId on its
 * own exchange; the reason as a string when TWS knows none. Other failures (TWS not ready, a time-out) reject.
 */
export async function indexContract(link: TwsLink, symbol: string, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<ResolvedContract | string> {
  let found: ContractDetails[];
  try {
    found = await contractDetails(link, { symbol, secType: SecType.IND, currency: 'USD' }, timeoutMs);
  } catch (err) {
    if (err instanceof AppRequestError && err.code === 'UNKNOWN_INSTRUMENT') return err.message;
    throw err;
  }
  for (const d of found) {
    const conId = posInt(d?.contract?.conId);
    const exchange = d?.contract?.exchange;
    if (conId !== undefined && typeof exchange === 'string' && exchange !== '') return { contract: { conId, exchange }, conId, secType: 'IND' };
  }
  return `TWS listed no index ${symbol} with a conId and an exchange`;
}

/** Why a symbol is unknown after both lookups (T35): the message names the stock and the index attempt. */
export function neither(symbol: string, asStock: string, asIndex: string): string {
  return `TWS knows ${symbol} neither as a stock (${asStock}) nor as an index (${asIndex})`;
}

/** A conId's contract: its security type, requested by conId on SMART (an index on its own exchange). */
export async function conIdContract(link: TwsLink, conId: number, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<ResolvedContract> {
  let found: ContractDetails[];
  try {
    found = await contractDetails(link, { conId }, timeoutMs);
  } catch (err) {
    if (!(err instanceof AppRequestError && err.code === 'UNKNOWN_INSTRUMENT')) throw err;
    throw new AppRequestError('UNKNOWN_INSTRUMENT', `TWS does not know conId ${conId}: ${err.message}`);
  }
  const c = found[0]?.contract;
  const secType = typeof c?.secType === 'string' && SEC_TYPE.test(c.secType) ? c.secType : undefined;
  if (!secType || posInt(c?.conId) !== conId) throw new AppRequestError('UNKNOWN_INSTRUMENT', `TWS answered no usable contract for conId ${conId}`);
  const exchange = secType === 'IND' && typeof c?.exchange === 'string' && c.exchange !== '' ? c.exchange : 'SMART';
  return { contract: { conId, exchange }, conId, secType };
}
