// A position in one instrument, as IBKR reports it (docs/trading-model.md §3): a signed quantity and
// an average cost per unit that includes the multiplier and the commissions paid to open it (an
// option's avgCost is per contract: premium × 100 + commission). Positive for shorts too (their
// net proceeds per unit). Realised P&L accumulates as the position is reduced.
import type { HoldableInstrument } from './instrument.ts';

export interface Position {
  /** instrumentKey(instrument). */
  readonly key: string;
  readonly instrument: HoldableInstrument;
  /** Signed units (shares or contracts). 0 = closed today (kept until the next session starts). */
  qty: number;
  /** Per unit, multiplier and opening commissions included. */
  avgCost: number;
  /** Realised P&L since the position was first opened in this ledger. */
  realized: number;
  /** Realised P&L since the session started. */
  realizedToday: number;
  /** Market value at the previous session's close (0 for positions opened today). */
  dayStartValue: number;
  /** Cash paid into the position today (buys and commissions positive, sells negative). */
  dayCashFlow: number;
}

/** Units of the underlying one unit of the position represents (100 per equity option contract). */
export function positionMultiplier(p: Pick<Position, 'instrument'>): number {
  return p.instrument.multiplier;
}
