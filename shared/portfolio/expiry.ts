// Option expiry (docs/trading-model.md §6): after the close of an option's last trading day, the OCC
// rule IBKR follows — automatic exercise when at least $0.01 in the money at the close:
//   physically settled, in the money → exercised (long) / assigned (short) into `multiplier` shares
//     per contract at the strike: a long call buys, a long put sells, a short call is called away
//     (sells), a short put is put to the account (buys); the option leaves the books at price 0;
//   cash-settled (index options), in the money → the option is closed at its intrinsic value;
//   out of the money (or no closing price) → expires worthless (leaves the books at price 0).
// No commission is charged. The settlement is returned as fills, booked on the ledger here, so the
// engine and the simulator report them like any other execution.
import type { Fill } from '../domain/fill.ts';
import { intrinsicValue, type OptionInstrument } from '../domain/instrument.ts';
import type { Position } from '../domain/position.ts';
import type { Ledger } from './ledger.ts';

/** Moneyness at which an option is exercised automatically at expiry. */
export const EXERCISE_THRESHOLD = 0.01;

export type ExpiryOutcome = 'exercised' | 'assigned' | 'expired' | 'cash-settled';

export interface ExpirySettlement {
  readonly option: OptionInstrument;
  /** Contracts held before expiry (signed). */
  readonly qty: number;
  /** The underlying's closing price used (NaN when there was none). */
  readonly spot: number;
  readonly outcome: ExpiryOutcome;
  /** The fills booked: the option leaving the books, then the delivery of the underlying. */
  readonly fills: readonly Fill[];
}

/** Open option positions whose last trading day is on or before `date` (yyyymmdd). */
export function expiringPositions(ledger: Ledger, date: number): readonly Position[] {
  let out: Position[] | undefined;
  for (const p of ledger.list) if (p.qty !== 0 && p.instrument.secType === 'OPT' && p.instrument.expiry <= date) (out ??= []).push(p);
  return out ?? NONE;
}

const NONE: readonly Position[] = [];

/** Whether an option finishes in the money at `spot` by the exercise threshold. */
export function finishesInTheMoney(o: Pick<OptionInstrument, 'right' | 'strike'>, spot: number): boolean {
  return spot === spot && intrinsicValue(o, spot) >= EXERCISE_THRESHOLD - 1e-9;
}

/** Settles one expiring option position at the underlying's closing `spot`, booking it on `ledger`. */
export function settleExpiry(ledger: Ledger, position: Position, spot: number, time: number): ExpirySettlement {
  const option = position.instrument as OptionInstrument;
  const qty = position.qty;
  const fills: Fill[] = [];
  const book = (f: Fill) => {
    ledger.apply(f);
    fills.push(f);
  };
  const itm = finishesInTheMoney(option, spot);
  if (!itm) {
    book({ orderId: 0, instrument: option, qty: -qty, price: 0, commission: 0, time, ref: 'expiry', reason: 'expiry' });
    return { option, qty, spot, outcome: 'expired', fills };
  }
  if (option.settlement === 'cash') {
    book({ orderId: 0, instrument: option, qty: -qty, price: intrinsicValue(option, spot), commission: 0, time, ref: 'expiry', reason: 'cash-settlement' });
    return { option, qty, spot, outcome: 'cash-settled', fills };
  }
  const reason = qty > 0 ? 'exercise' : 'assignment';
  book({ orderId: 0, instrument: option, qty: -qty, price: 0, commission: 0, time, ref: 'expiry', reason });
  const underlying = option.underlying;
  if (underlying.secType !== 'STK') throw new Error(`expiry: ${option.symbol} is physically settled but its underlying is not a stock`);
  const shares = option.multiplier * qty * (option.right === 'C' ? 1 : -1);
  book({ orderId: 0, instrument: underlying, qty: shares, price: option.strike, commission: 0, time, ref: 'expiry', reason });
  return { option, qty, spot, outcome: qty > 0 ? 'exercised' : 'assigned', fills };
}
