// A fill (IBKR: an execution) of an order: the one input the ledger is built from
// (docs/trading-model.md §3). The commission is part of the fill; live, it arrives in a separate
// commission report and is joined by execId before the fill is booked.
import type { HoldableInstrument } from './instrument.ts';

export interface Fill {
  readonly orderId: number;
  readonly instrument: HoldableInstrument;
  /** Signed units: + bought, − sold. */
  readonly qty: number;
  /** Price per unit before the multiplier (per share, or the option premium per share). */
  readonly price: number;
  /** Commission of this fill (>= 0). */
  readonly commission: number;
  /** Epoch ms. */
  readonly time: number;
  /** The order's ref (the intent it carried out). */
  readonly ref: string;
  /** Broker execution id when there is one (de-duplication, commission join). */
  readonly execId?: string;
  /** Why it happened when no order asked for it: 'assignment', 'exercise', 'expiry', 'cash-settlement'. */
  readonly reason?: 'assignment' | 'exercise' | 'expiry' | 'cash-settlement';
}
