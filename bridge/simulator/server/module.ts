// The seam between the wire server and what it serves. A module contributes request handlers (by
// client message id) and optional hooks on the replay clock and on connections. Phase 1's modules
// are in ../handlers/; phase 2 adds orders and accounts as further modules (their handlers replace
// phase 1's placeholders for the same message ids; see index.ts `modules`).

import type { FieldReader } from '../wire/field-reader.ts';
import type { Session } from './session.ts';
import type { SimulatorState } from './state.ts';

export interface RequestContext {
  readonly session: Session;
  readonly state: SimulatorState;
  /** The request's fields after the message id; handlers read them in wire order and call r.end(). */
  readonly r: FieldReader;
}

/**
 * Handles one request. Throw a RequestError (wire/field-reader.ts) to answer ERR_MSG with its code
 * and text; anything else thrown is reported as error 320 and logged, never crashes the server.
 */
export type RequestHandler = (ctx: RequestContext) => void;

export interface SimulatorModule {
  readonly name: string;
  readonly handlers?: Readonly<Record<number, RequestHandler>>;
  /** After every replay clock move (before sessions are flushed): stream data, match orders… */
  onAdvance?(state: SimulatorState, now: number, prev: number): void;
  /** The replay clock crossed from session `prevDate` into `date` (yyyymmdd): expiries, daily resets. */
  onDateChange?(state: SimulatorState, date: number, prevDate: number): void;
  /** A connection completed START_API (after managedAccounts, nextValidId and the farm notices). */
  onSessionReady?(state: SimulatorState, session: Session): void;
  /** A connection closed (its market data lines are already released). */
  onSessionClosed?(state: SimulatorState, session: Session): void;
}
