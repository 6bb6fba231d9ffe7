// Fills → positions, cash, realised and unrealised P&L (backtest-model §3–§4 accounting):
// opening a trade only costs its commission; closing adds size·(exit − entry) − exit commission.

export interface OpenTrade {
  readonly id: number;
  readonly symbol: number;
  /** Signed shares still open. */
  size: number;
  /** Includes the spread (and slippage/impact). */
  readonly entryPrice: number;
  readonly entryBar: number;
  /** Entry commission still attributed to the open part. */
  entryCommission: number;
  readonly tag: string;
  sl?: number;
  tp?: number;
}

/** A closed trade (the ten fields of backtest-model §4, with bar indices; times are added by the report). */
export interface ClosedTrade {
  readonly symbol: number;
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly commission: number;
  readonly pnl: number;
  /** sign(size)·(exit/entry − 1) − commission/(|size|·entry): a fraction. */
  readonly returnPct: number;
  readonly tag: string;
}

export class Ledger {
  cash: number;
  readonly open: OpenTrade[] = [];
  readonly closed: ClosedTrade[] = [];
  private nextTradeId = 1;

  constructor(readonly initialCash: number) {
    this.cash = initialCash;
  }

  /** Opens a trade; only the commission leaves the cash. */
  openTrade(symbol: number, size: number, price: number, bar: number, commission: number, tag: string): OpenTrade {
    const t: OpenTrade = { id: this.nextTradeId++, symbol, size, entryPrice: price, entryBar: bar, entryCommission: commission, tag };
    this.cash -= commission;
    this.open.push(t);
    return t;
  }

  /**
   * Closes `size` shares (same sign as the trade) of `trade` at `price`. A partial close books a closed
   * trade for that part with its share of the entry commission; the rest stays open.
   */
  closePart(trade: OpenTrade, size: number, price: number, bar: number, exitCommission: number): ClosedTrade {
    const whole = size === trade.size;
    const entryCommission = whole ? trade.entryCommission : trade.entryCommission * (size / trade.size);
    const commission = entryCommission + exitCommission;
    const gross = size * (price - trade.entryPrice);
    const closed: ClosedTrade = {
      symbol: trade.symbol,
      size,
      entryBar: trade.entryBar,
      exitBar: bar,
      entryPrice: trade.entryPrice,
      exitPrice: price,
      commission,
      pnl: gross - commission,
      returnPct: Math.sign(size) * (price / trade.entryPrice - 1) - commission / (Math.abs(size) * trade.entryPrice),
      tag: trade.tag,
    };
    this.cash += gross - exitCommission;
    this.closed.push(closed);
    if (whole) this.open.splice(this.open.indexOf(trade), 1);
    else {
      trade.size -= size;
      trade.entryCommission -= entryCommission;
    }
    return closed;
  }

  /** Net shares held in `symbol`. */
  position(symbol: number): number {
    let p = 0;
    for (const t of this.open) if (t.symbol === symbol) p += t.size;
    return p;
  }

  /** Cash plus every open trade marked at `price` (one instrument; no closure on the per-bar path). */
  equityAt(price: number): number {
    let e = this.cash;
    const open = this.open;
    for (let k = 0; k < open.length; k++) e += open[k].size * (price - open[k].entryPrice);
    return e;
  }

  /** Equity minus the margin the open trades use, every trade marked at `price` (one instrument). */
  marginAvailableAt(price: number, leverage = 1): number {
    let used = 0;
    for (let k = 0; k < this.open.length; k++) used += (Math.abs(this.open[k].size) * price) / leverage;
    return this.equityAt(price) - used;
  }
}
