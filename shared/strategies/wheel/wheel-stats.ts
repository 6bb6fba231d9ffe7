// The wheel's own statistics of a backtest (wheel-rules.md §2.2–§2.6, §6.2): premium collected, puts and
// calls written, rolls, closes, puts assigned, calls called away, options expired worthless, days held
// per short option (calendar days between the sessions it was written and closed in) and time in stock vs cash — computed from the engine's fill records and the decision
// trace of one wheel instance, so a report can show them beside the usual portfolio statistics.
import { daysFromYyyymmdd } from '../../data/iso-time.ts';
import type { OptionInstrument } from '../../domain/instrument.ts';
import { sessionDateOf } from '../../time/us-eastern.ts';
import { SHORT_OF_FUNDS } from './targets.ts';
import type { WheelDecision } from './types.ts';

/** One fill as the engine's order list records it (shared/engine/engine.ts `OrderRecord`). */
export interface WheelFillRecord {
  /** Timeline step (session) of the fill. */
  readonly bar: number;
  /** Epoch ms. */
  readonly time: number;
  /** The sleeve (strategy instance) it belongs to. */
  readonly strategy: string;
  /** Instrument key: the symbol of a stock, the OSI symbol of an option. */
  readonly instrument: string;
  /** Signed units: contracts or shares. */
  readonly qty: number;
  /** Per unit, before the multiplier. */
  readonly price: number;
  /** The order's tag (`<stage> <SYM>`; both legs of a roll combo `roll <SYM> (combo)`), or how the fill came about. */
  readonly tag?: string;
  /** Set when no order asked: 'expiry', 'assignment', 'exercise', 'cash-settlement', 'finalize'. */
  readonly reason?: string;
}

/** A decision of the wheel's trace, with the yyyymmdd date of the pass that made it. */
export type TracedDecision = WheelDecision & { readonly date: number };

export interface WheelStatsInput {
  /** The instance whose records count (the sleeve id); other sleeves' records are ignored. */
  readonly strategy: string;
  /** The wheel's underlyings: time in stock counts shares of these. */
  readonly symbols: readonly string[];
  /** The run's fill records (every sleeve's, in order). */
  readonly orders: readonly WheelFillRecord[];
  readonly trace: readonly TracedDecision[];
  /** The option contracts the instance traded, by instrument key (WheelStrategy.contracts). */
  readonly contracts: ReadonlyMap<string, Pick<OptionInstrument, 'right' | 'multiplier'>>;
  /** Sessions (timeline steps) in the run. */
  readonly sessions: number;
}

export interface WheelStats {
  /** Premium of every short option opened, less what buying shorts back cost ($, before commissions). */
  readonly premiumNet: number;
  /** Premium of every short option opened ($). */
  readonly premiumGross: number;
  /** Paid to buy short options back: closes, rolls and the run's final close ($). */
  readonly boughtBack: number;
  /** Short puts / calls opened (contracts): by the write stages and as a roll's new leg. */
  readonly putsWritten: number;
  readonly callsWritten: number;
  /** premiumGross / contracts written ($ per contract). */
  readonly premiumPerContract: number;
  /** Short contracts bought back to be rolled (the roll stage's buy-backs). */
  readonly rolls: number;
  /** Short contracts bought back otherwise by an order (the close stage, close_if_unable_to_roll). */
  readonly closes: number;
  /** Short puts assigned at expiry (contracts) and the shares they delivered. */
  readonly putsAssigned: number;
  readonly sharesAssigned: number;
  /** Short calls assigned at expiry (contracts) and the shares called away. */
  readonly callsCalledAway: number;
  readonly sharesCalledAway: number;
  /** Short contracts that expired worthless. */
  readonly expiredWorthless: number;
  /** Short contracts still open after the last session, closed by finalize_trades. */
  readonly closedAtEnd: number;
  /** putsAssigned / putsWritten (%). */
  readonly putAssignmentPct: number;
  /** Calendar days from opening to closing a short contract (buy-back, expiry, assignment), averaged over contracts closed. */
  readonly avgDaysHeld: number;
  /** Sessions ending with shares of an underlying held, and with none (the run's final close aside). */
  readonly sessionsInStock: number;
  readonly sessionsInCash: number;
  readonly timeInStockPct: number;
  readonly timeInCashPct: number;
  /** From the trace: sessions the wheel decided on, and its decisions to write, to roll and to write what the funds could not secure. */
  readonly daysDecided: number;
  readonly writesDecided: number;
  readonly rollsDecided: number;
  readonly writesNotFunded: number;
}


interface Lot {
  qty: number;
  readonly time: number;
}

/** An option's instrument key: root, yymmdd, right, strike × 1000 (shared/domain/instrument.ts `osiSymbol`). */
const OSI = /\d{6}[CP]\d{8}$/;

/** Whether a fill's tag says it is a leg of a roll combo (`roll SPY (combo)`): not a close, nor the roll stage closing what it cannot roll. */
const rollBuyBack = (tag: string | undefined) => tag !== undefined && tag.startsWith('roll ') && tag.endsWith(' (combo)');

/** The wheel statistics of one instance; see the header. Throws when an option record's contract is unknown. */
export function wheelStats(input: WheelStatsInput): WheelStats {
  const underlyings = new Set(input.symbols);
  const positions = new Map<string, number>();
  const lots = new Map<string, Lot[]>();
  let premiumGross = 0;
  let boughtBack = 0;
  const written = { P: 0, C: 0 };
  const assigned = { P: 0, C: 0 };
  let rolls = 0;
  let closes = 0;
  let expired = 0;
  let closedAtEnd = 0;
  let sharesAssigned = 0;
  let sharesCalledAway = 0;
  let heldDays = 0;
  let heldContracts = 0;
  // Shares of the underlyings held after each session (finalize aside): the change per session.
  const shareChange = new Float64Array(Math.max(0, input.sessions));

  for (const r of input.orders) {
    if (r.strategy !== input.strategy || r.qty === 0) continue;
    const contract = input.contracts.get(r.instrument);
    if (!contract) {
      if (OSI.test(r.instrument)) {
        throw new Error(`wheel stats: ${r.instrument} (a fill of ${r.strategy} in session ${r.bar}) is not among the contracts the wheel traded`);
      }
      if (!underlyings.has(r.instrument)) continue; // another stock (a cash fund): not the wheel's shares
      if (r.reason === 'assignment') {
        if (r.qty > 0) sharesAssigned += r.qty;
        else sharesCalledAway -= r.qty;
      }
      if (r.reason !== 'finalize' && r.bar >= 0 && r.bar < shareChange.length) shareChange[r.bar] += r.qty;
      continue;
    }
    const m = contract.multiplier;
    const before = positions.get(r.instrument) ?? 0;
    positions.set(r.instrument, before + r.qty);
    let list = lots.get(r.instrument);
    if (!list) lots.set(r.instrument, (list = []));
    if (r.qty < 0) {
      // A sell: first closes a long (a hedge sold), the rest opens a short.
      const opened = -r.qty - Math.min(-r.qty, Math.max(0, before));
      if (opened <= 0) continue;
      premiumGross += opened * r.price * m;
      written[contract.right] += opened;
      list.push({ qty: opened, time: r.time });
      continue;
    }
    // A buy: first closes a short, the rest opens a long (a hedge bought).
    let closed = Math.min(r.qty, Math.max(0, -before));
    if (closed <= 0) continue;
    if (r.reason === 'expiry') expired += closed;
    else if (r.reason === 'assignment' || r.reason === 'cash-settlement') assigned[contract.right] += closed;
    else if (r.reason === 'finalize') closedAtEnd += closed;
    else if (rollBuyBack(r.tag)) rolls += closed;
    else closes += closed;
    boughtBack += closed * r.price * m;
    while (closed > 0 && list.length > 0) {
      const lot = list[0];
      const n = Math.min(closed, lot.qty);
      if (r.reason !== 'finalize') {
        heldDays += n * (daysFromYyyymmdd(sessionDateOf(r.time)) - daysFromYyyymmdd(sessionDateOf(lot.time)));
        heldContracts += n;
      }
      lot.qty -= n;
      closed -= n;
      if (lot.qty === 0) list.shift();
    }
  }

  let shares = 0;
  let inStock = 0;
  for (let k = 0; k < shareChange.length; k++) {
    shares += shareChange[k];
    if (shares > 1e-9) inStock++;
  }
  const sessions = shareChange.length;
  const contractsWritten = written.P + written.C;
  const days = new Set<number>();
  let writesDecided = 0;
  let rollsDecided = 0;
  let writesNotFunded = 0;
  for (const d of input.trace) {
    days.add(d.date);
    if (d.verdict === 'write') writesDecided++;
    else if (d.verdict === 'roll') rollsDecided++;
    if (SHORT_OF_FUNDS.has(d.code)) writesNotFunded++;
  }
  return {
    premiumNet: premiumGross - boughtBack,
    premiumGross,
    boughtBack,
    putsWritten: written.P,
    callsWritten: written.C,
    premiumPerContract: contractsWritten > 0 ? premiumGross / contractsWritten : NaN,
    rolls,
    closes,
    putsAssigned: assigned.P,
    sharesAssigned,
    callsCalledAway: assigned.C,
    sharesCalledAway,
    expiredWorthless: expired,
    closedAtEnd,
    putAssignmentPct: written.P > 0 ? (100 * assigned.P) / written.P : NaN,
    avgDaysHeld: heldContracts > 0 ? heldDays / heldContracts : NaN,
    sessionsInStock: inStock,
    sessionsInCash: sessions - inStock,
    timeInStockPct: sessions > 0 ? (100 * inStock) / sessions : NaN,
    timeInCashPct: sessions > 0 ? (100 * (sessions - inStock)) / sessions : NaN,
    daysDecided: days.size,
    writesDecided,
    rollsDecided,
    writesNotFunded,
  };
}
