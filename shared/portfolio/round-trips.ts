// Closed trades for reports (backtest-model §4): fills matched into round trips, first in first out
// per instrument, as backtesting.py's trade list does (its hedging-off rule: an opposite fill first
// closes the oldest open lots, the rest opens a new lot). This is a report of the fills, not the
// books: the ledger (ledger.ts) keeps IBKR's average cost; both are built from the same fills.
import type { Fill } from '../domain/fill.ts';
import { instrumentKey, underlyingSymbol } from '../domain/instrument.ts';

/** A closed trade: the ten fields of backtest-model §4 (bar indices; times are added by the report). */
export interface ClosedTrade {
  /** instrumentKey of what was traded. */
  readonly instrument: string;
  /** The underlying symbol (the stock's own symbol for stocks). */
  readonly symbol: string;
  /** Signed units (negative = short). */
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Entry and exit commission of this part. */
  readonly commission: number;
  /** size·(exit − entry)·multiplier − commission. */
  readonly pnl: number;
  /** sign(size)·(exit/entry − 1) − commission/(|size|·entry·multiplier): a fraction. */
  readonly returnPct: number;
  readonly tag: string;
  /** How it ended when not by an order: 'assignment', 'exercise', 'expiry', 'cash-settlement', 'finalize'. */
  readonly exitReason?: string;
}

interface Lot {
  size: number;
  readonly price: number;
  readonly bar: number;
  /** Entry commission still attributed to the open part. */
  commission: number;
  readonly tag: string;
}

export class RoundTrips {
  readonly closed: ClosedTrade[] = [];
  private readonly lots = new Map<string, Lot[]>();
  /** The instrument recorded last and its lots (one instrument in a row skips the map). */
  private lastKey = '';
  private lastLots: Lot[] | undefined;

  /** Records a fill made at timeline step `bar`; `tag` names what opened a lot (`key`: the fill's instrument key, when known). */
  record(fill: Fill, bar: number, tag: string, exitReason?: string, key = instrumentKey(fill.instrument)): void {
    const m = fill.instrument.multiplier;
    let lots = key === this.lastKey ? this.lastLots : this.lots.get(key);
    if (!lots) this.lots.set(key, (lots = []));
    this.lastKey = key;
    this.lastLots = lots;
    let left = fill.qty;
    while (left !== 0 && lots.length > 0 && Math.sign(lots[0].size) !== Math.sign(left)) {
      const lot = lots[0];
      const size = Math.abs(left) >= Math.abs(lot.size) ? lot.size : -left;
      const whole = size === lot.size;
      const entryCommission = whole ? lot.commission : lot.commission * (size / lot.size);
      const exitCommission = fill.qty === -size ? fill.commission : fill.commission * (-size / fill.qty);
      const commission = entryCommission + exitCommission;
      this.closed.push({
        instrument: key,
        symbol: underlyingSymbol(fill.instrument),
        size,
        entryBar: lot.bar,
        exitBar: bar,
        entryPrice: lot.price,
        exitPrice: fill.price,
        commission,
        pnl: size * (fill.price - lot.price) * m - commission,
        returnPct: Math.sign(size) * (fill.price / lot.price - 1) - commission / (Math.abs(size) * lot.price * m),
        tag: lot.tag,
        exitReason,
      });
      if (whole) lots.shift();
      else {
        lot.size -= size;
        lot.commission -= entryCommission;
      }
      left += size;
    }
    if (left !== 0) lots.push({ size: left, price: fill.price, bar, commission: left === fill.qty ? fill.commission : fill.commission * (left / fill.qty), tag });
  }

  /** Units still open per instrument key. */
  openSize(key: string): number {
    let n = 0;
    for (const l of this.lots.get(key) ?? []) n += l.size;
    return n;
  }
}
