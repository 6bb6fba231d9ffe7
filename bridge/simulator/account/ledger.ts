// One paper account's books: cash, positions with average cost, realised P&L, and the day's
// baselines for daily P&L. Plain data (JSON-serialisable) plus the one rule that changes it: a trade
// of a signed quantity at a price with a commission.
//
// Conventions (as TWS reports them): avgCost is per unit including the multiplier and the
// commissions (an option's per contract), positive for shorts too (their net proceeds per unit);
// realised P&L of a closing trade is (price × multiplier − avgCost) × closed units, less the share
// of this trade's commission; daily P&L of a position is its value now − its value at the previous
// close − the cash paid into it today.

import type { ContractFields } from '../wire/order-encoders.ts';

export interface PositionRecord {
  conId: number;
  contract: ContractFields;
  /** 'STK' or 'OPT'. */
  kind: string;
  multiplier: number;
  /** Options: the underlying's conId, strike, right and expiry (yyyymmdd). */
  underConId: number;
  strike: number;
  right: '' | 'C' | 'P';
  expiry: number;
  /** Signed units (shares or contracts). 0 = closed today (kept until the next session). */
  qty: number;
  avgCost: number;
  /** Realised P&L since the session started. */
  realizedToday: number;
  /** Market value at the previous close (0 for positions opened today). */
  dayStartValue: number;
  /** Cash paid into the position today (buys and commissions positive, sells negative). */
  dayCashFlow: number;
}

export interface LedgerData {
  account: string;
  cash: number;
  realizedToday: number;
  positions: PositionRecord[];
}

/** What one trade did to the books. */
export interface TradeResult {
  /** Realised P&L of the closing part (undefined when the trade only opened or added). */
  realized: number | undefined;
  position: PositionRecord;
}

export type InstrumentFacts = Omit<PositionRecord, 'qty' | 'avgCost' | 'realizedToday' | 'dayStartValue' | 'dayCashFlow'>;

export class Ledger {
  readonly account: string;
  cash: number;
  realizedToday: number;
  readonly positions = new Map<number, PositionRecord>();

  constructor(data: LedgerData) {
    this.account = data.account;
    this.cash = data.cash;
    this.realizedToday = data.realizedToday;
    for (const p of data.positions) this.positions.set(p.conId, { ...p, contract: { ...p.contract } });
  }

  static empty(account: string, cash: number): Ledger {
    return new Ledger({ account, cash, realizedToday: 0, positions: [] });
  }

  /** A deep copy (for what-if margin checks). */
  clone(): Ledger {
    return new Ledger(this.toJSON());
  }

  toJSON(): LedgerData {
    return { account: this.account, cash: this.cash, realizedToday: this.realizedToday, positions: [...this.positions.values()].map((p) => ({ ...p })) };
  }

  /** Positions with a non-zero quantity. */
  open(): PositionRecord[] {
    const out: PositionRecord[] = [];
    for (const p of this.positions.values()) if (p.qty !== 0) out.push(p);
    return out;
  }

  /** Books a trade of `qty` signed units at `price` per unit (before the multiplier) with `commission`. */
  trade(facts: InstrumentFacts, qty: number, price: number, commission: number): TradeResult {
    let p = this.positions.get(facts.conId);
    if (!p) {
      p = { ...facts, contract: { ...facts.contract }, qty: 0, avgCost: 0, realizedToday: 0, dayStartValue: 0, dayCashFlow: 0 };
      this.positions.set(p.conId, p);
    }
    const m = p.multiplier;
    this.cash -= qty * price * m + commission;
    p.dayCashFlow += qty * price * m + commission;
    let realized: number | undefined;
    let openQty = qty;
    let openCommission = commission;
    if (p.qty !== 0 && Math.sign(qty) !== Math.sign(p.qty)) {
      const closing = Math.sign(qty) * Math.min(Math.abs(qty), Math.abs(p.qty));
      const share = commission * (closing / qty);
      realized = -closing * (price * m - p.avgCost) - share;
      p.qty += closing;
      openQty = qty - closing;
      openCommission = commission - share;
      p.realizedToday += realized;
      this.realizedToday += realized;
      if (p.qty === 0) p.avgCost = 0;
    }
    if (openQty !== 0) {
      const basis = p.qty * p.avgCost + openQty * price * m + openCommission;
      p.qty += openQty;
      p.avgCost = basis / p.qty;
    }
    return { realized, position: p };
  }

  /** Starts a new session: today's realised P&L and cash flows reset, closed positions are dropped. */
  newDay(valueAtClose: (p: PositionRecord) => number): void {
    this.realizedToday = 0;
    for (const [conId, p] of this.positions) {
      if (p.qty === 0) {
        this.positions.delete(conId);
        continue;
      }
      p.realizedToday = 0;
      p.dayCashFlow = 0;
      p.dayStartValue = valueAtClose(p);
    }
  }
}
