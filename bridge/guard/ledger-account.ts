// The bridge's own books for the order guard (docs/trading-model.md §11.5): fills booked through the
// shared ledger (the same position rule as the backtest and the journal's rebuild), the last price per
// instrument, and the day's P&L. It listens to the broker like any BrokerListener; market data sets
// marks; `newDay` starts a session (the daily loss limit counts from there).
import type { BrokerListener } from '../../shared/broker/broker.ts';
import type { Fill } from '../../shared/domain/fill.ts';
import { instrumentKey } from '../../shared/domain/instrument.ts';
import { netLiquidation, valuePosition, type Marks } from '../../shared/portfolio/account-values.ts';
import { Ledger } from '../../shared/portfolio/ledger.ts';
import type { AccountView } from './order-guard.ts';

export class LedgerAccount implements BrokerListener {
  private readonly prices = new Map<string, number>();
  private readonly execIds = new Set<string>();
  private readonly marks: Marks = { price: (_i, key) => this.prices.get(key) ?? NaN };

  /** `ledger`: the books to continue from (e.g. rebuilt from the journal); default: empty, no cash. */
  constructor(readonly ledger: Ledger = Ledger.withCash(0)) {}

  /** The last price per unit of an instrument (a quote or a trade); ignored unless finite. */
  setMark(key: string, price: number): void {
    if (Number.isFinite(price)) this.prices.set(key, price);
  }

  onFill(fill: Fill): void {
    if (fill.execId !== undefined) {
      if (this.execIds.has(fill.execId)) return; // the same execution reported twice
      this.execIds.add(fill.execId);
    }
    this.ledger.apply(fill);
    this.setMark(instrumentKey(fill.instrument), fill.price);
  }

  onOrderStatus(): void {}

  /** A new session: positions are valued at their marks as the day's start. */
  newDay(): void {
    this.ledger.newDay((p) => valuePosition(p, this.marks).value);
  }

  snapshot(): AccountView {
    const positions = new Map<string, number>();
    let dayPnl = 0;
    for (const p of this.ledger.list) {
      dayPnl += valuePosition(p, this.marks).daily;
      if (p.qty !== 0) positions.set(p.key, p.qty);
    }
    return { netLiquidation: netLiquidation(this.ledger, this.marks), dayPnl, positions, marks: new Map(this.prices) };
  }
}
