// The books of one account (or one strategy's sleeve of it): cash and positions, built from fills
// only (docs/trading-model.md §3). IBKR's average-cost convention: avgCost per unit includes the
// multiplier and the opening commissions; a reducing trade realises
// (price × multiplier − avgCost) × closed units less its share of the trade's commission; a trade
// through zero closes the old side and opens the rest at the trade price. Plain data (JSON), so the
// TWS simulator persists it as is.
import type { Fill } from '../domain/fill.ts';
import { instrumentKey, type HoldableInstrument } from '../domain/instrument.ts';
import type { Position } from '../domain/position.ts';

export interface LedgerData {
  readonly cash: number;
  readonly realizedToday: number;
  readonly positions: readonly Position[];
}

/** What one trade did to the books. */
export interface TradeResult {
  /** Realised P&L of the closing part (undefined when the trade only opened or added). */
  readonly realized: number | undefined;
  readonly position: Position;
}

export class Ledger {
  cash: number;
  /** Realised P&L since the session started. */
  realizedToday: number;
  /** By instrument key, in the order positions were first opened. */
  readonly positions = new Map<string, Position>();
  /** The same positions as an array (hot loops iterate it without allocating). */
  readonly list: Position[] = [];
  /** How many open positions are options (0 lets hot paths skip option rules). */
  optionPositions = 0;
  /** A trade was booked since the last `newDay` (the engine starts a new day only for books that traded). */
  tradedToday = false;
  private lastKey = '';
  private lastPosition: Position | undefined;

  constructor(data: LedgerData | Ledger) {
    this.cash = data.cash;
    this.realizedToday = data.realizedToday;
    for (const p of data instanceof Ledger ? data.list : data.positions) {
      this.add({ key: p.key, instrument: p.instrument, qty: p.qty, avgCost: p.avgCost, realized: p.realized, realizedToday: p.realizedToday, dayStartValue: p.dayStartValue, dayCashFlow: p.dayCashFlow });
    }
  }

  private add(p: Position): void {
    this.positions.set(p.key, p);
    this.list.push(p);
    if (p.qty !== 0 && p.instrument.secType === 'OPT') this.optionPositions++;
  }

  static withCash(cash: number): Ledger {
    return new Ledger({ cash, realizedToday: 0, positions: [] });
  }

  /** A deep copy (what-if checks book trades on a copy). */
  clone(): Ledger {
    return new Ledger(this);
  }

  toJSON(): LedgerData {
    return { cash: this.cash, realizedToday: this.realizedToday, positions: this.list.map((p) => ({ ...p })) };
  }

  /** Positions with a non-zero quantity. */
  open(): Position[] {
    const out: Position[] = [];
    for (const p of this.list) if (p.qty !== 0) out.push(p);
    return out;
  }

  position(key: string): Position | undefined {
    return this.find(key);
  }

  /** Signed units held of an instrument key (0 when none). */
  quantity(key: string): number {
    return this.find(key)?.qty ?? 0;
  }

  /** The position of `key`; the one found last is kept (one instrument asked in a row skips the map). */
  private find(key: string): Position | undefined {
    if (key === this.lastKey) return this.lastPosition;
    const p = this.positions.get(key);
    if (p !== undefined) {
      this.lastKey = key;
      this.lastPosition = p;
    }
    return p;
  }

  /** Books a fill; returns the realised P&L of its closing part (NaN when it only opened or added). */
  apply(fill: Fill): number {
    return this.book(fill.instrument, fill.qty, fill.price, fill.commission, instrumentKey(fill.instrument));
  }

  /**
   * Books a trade of `qty` signed units at `price` per unit (before the multiplier) with
   * `commission`. `key` may be passed when the caller already has it (hot paths).
   */
  trade(instrument: HoldableInstrument, qty: number, price: number, commission: number, key = instrumentKey(instrument)): TradeResult {
    const realized = this.book(instrument, qty, price, commission, key);
    return { realized: realized === realized ? realized : undefined, position: this.positions.get(key)! };
  }

  /** `trade` without the result object (hot paths): the realised P&L, NaN when nothing closed. */
  book(instrument: HoldableInstrument, qty: number, price: number, commission: number, key: string): number {
    let p = this.find(key);
    if (!p) {
      p = { key, instrument, qty: 0, avgCost: 0, realized: 0, realizedToday: 0, dayStartValue: 0, dayCashFlow: 0 };
      this.add(p);
    }
    const m = instrument.multiplier;
    const wasOpen = p.qty !== 0;
    this.tradedToday = true;
    const flow = qty * price * m + commission;
    this.cash -= flow;
    p.dayCashFlow += flow;
    let realized = NaN;
    let openQty = qty;
    let openCommission = commission;
    if (p.qty !== 0 && Math.sign(qty) !== Math.sign(p.qty)) {
      const closing = Math.sign(qty) * Math.min(Math.abs(qty), Math.abs(p.qty));
      const share = commission * (closing / qty);
      realized = -closing * (price * m - p.avgCost) - share;
      p.qty += closing;
      openQty = qty - closing;
      openCommission = commission - share;
      p.realized += realized;
      p.realizedToday += realized;
      this.realizedToday += realized;
      if (p.qty === 0) p.avgCost = 0;
    }
    if (openQty !== 0) {
      const basis = p.qty * p.avgCost + openQty * price * m + openCommission;
      p.qty += openQty;
      p.avgCost = basis / p.qty;
    }
    if (instrument.secType === 'OPT' && wasOpen !== (p.qty !== 0)) this.optionPositions += wasOpen ? -1 : 1;
    return realized;
  }

  /** Cash in or out that is not a trade (a deposit, an allocation to a sleeve, a dividend). */
  transfer(amount: number): void {
    this.cash += amount;
  }

  /** A new session: today's realised P&L and cash flows reset, closed positions are dropped. */
  newDay(valueAtClose: (p: Position) => number): void {
    this.realizedToday = 0;
    this.tradedToday = false;
    let n = 0;
    for (const p of this.list) {
      if (p.qty === 0) {
        this.positions.delete(p.key);
        if (p.key === this.lastKey) this.lastKey = '';
        continue;
      }
      p.realizedToday = 0;
      p.dayCashFlow = 0;
      p.dayStartValue = valueAtClose(p);
      this.list[n++] = p;
    }
    if (n !== this.list.length) this.list.length = n;
  }
}
