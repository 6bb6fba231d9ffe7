// Orders as the simulated broker holds them, and the fills it produces.

export type OrderKind = 'market' | 'limit' | 'stop' | 'stop_limit';

export interface Order {
  readonly id: number;
  readonly symbol: number;
  /**
   * Signed quantity: + buys, − sells. |size| < 1 is a fraction of available margin (sized at fill time,
   * whole shares); |size| ≥ 1 is a number of shares.
   */
  readonly size: number;
  readonly kind: OrderKind;
  readonly limit?: number;
  /** Stop trigger price (stop and stop-limit orders); cleared once triggered. */
  stop?: number;
  /** Stop-loss / take-profit prices attached to the entry this order opens. */
  readonly sl?: number;
  readonly tp?: number;
  /** For exits: the trade this order closes (size clipped to what is left of it). */
  readonly tradeId?: number;
  /** 'sl' or 'tp' for the contingent orders attached to a trade. */
  readonly contingent?: 'sl' | 'tp';
  readonly tag: string;
  /** Bar index at which it was placed. */
  readonly placedBar: number;
}

export interface Fill {
  readonly orderId: number;
  readonly symbol: number;
  readonly bar: number;
  /** Signed shares filled. */
  readonly size: number;
  /** Price after spread, slippage and impact. */
  readonly price: number;
  readonly commission: number;
  readonly tag: string;
}
