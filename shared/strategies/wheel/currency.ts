// Money in one currency (wheel-rules.md §2.12): the account's values are in its base currency (TWS's
// `Currency` of the BASE ledger, USD when the snapshot does not say), a contract's prices in the currency it
// trades in (USD unless the snapshot says otherwise); an amount moves between the two by TWS's `ExchangeRate`
// of that currency — base units per one unit of it. A currency without a rate has no conversion: fail closed.
import type { Reason } from './types.ts';

/** The currency of an account or a contract the snapshot does not name. */
export const DEFAULT_CURRENCY = 'USD';

/** What the conversion needs of the account: its base currency and TWS's ExchangeRate per currency. */
export interface CurrencyAccount {
  /** The base currency (undefined: USD). */
  readonly currency?: string;
  /** Base units per one unit of a currency (TWS `ExchangeRate`); the base's own is 1. */
  readonly exchangeRates?: ReadonlyMap<string, number>;
}

/** §2.12: the account's base currency. */
export function baseCurrency(account: CurrencyAccount): string {
  return account.currency ?? DEFAULT_CURRENCY;
}

/** §2.12: the currency a symbol trades in: the one the snapshot states for it, else USD. */
export function symbolCurrency(currencies: ReadonlyMap<string, string> | undefined, symbol: string): string {
  return currencies?.get(symbol) ?? DEFAULT_CURRENCY;
}

/** The rate of one currency against the base, or why there is none. */
export type ExchangeRate =
  | { readonly currency: string; readonly base: string; readonly rate: number; readonly reason?: undefined }
  | { readonly currency: string; readonly base: string; readonly rate: undefined; readonly reason: Reason<'NO_EXCHANGE_RATE'> };

/**
 * §2.12: base units per one unit of `currency`: 1 for the base currency itself, else the account's
 * ExchangeRate of it; none (with the reason a symbol trading in it is skipped) when the account gives none.
 */
export function exchangeRate(account: CurrencyAccount, currency: string): ExchangeRate {
  const base = baseCurrency(account);
  if (currency === base) return { currency, base, rate: 1 };
  const rate = account.exchangeRates?.get(currency);
  if (rate !== undefined && Number.isFinite(rate) && rate > 0) return { currency, base, rate };
  const listed = [...(account.exchangeRates?.keys() ?? [])].filter((c) => c !== base);
  const given = listed.join(', ') || 'none';
  const message = `skipped: it trades in ${currency}, and the account (base ${base}) has no ExchangeRate for ${currency} (rates given: ${given})`;
  return { currency, base, rate: undefined, reason: { code: 'NO_EXCHANGE_RATE', message } };
}

/** §2.12: an amount in the base currency, in the currency of `rate` (base units per unit of it). Exact for rate 1. */
export function fromBase(amount: number, rate: number): number {
  return amount / rate;
}

/** §2.12: an amount in the currency of `rate`, in the base currency. Exact for rate 1. */
export function toBase(amount: number, rate: number): number {
  return amount * rate;
}

/** "1 USD = 151.2 JPY", or "" when the currency is the base. */
export function rateText(r: { readonly currency: string; readonly base: string; readonly rate: number }): string {
  return r.currency === r.base ? '' : `1 ${r.currency} = ${Number(r.rate.toFixed(6))} ${r.base}`;
}

/** An amount with its currency for a sentence: "12,000 USD", "−1,512.5 JPY" (at most 2 decimals). */
export function money(amount: number, currency: string): string {
  if (!Number.isFinite(amount)) return `${amount} ${currency}`;
  const cents = Math.round(Math.abs(amount) * 100) / 100;
  const [whole, frac] = String(cents).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount < 0 && cents > 0 ? '−' : ''}${grouped}${frac ? `.${frac}` : ''} ${currency}`;
}
