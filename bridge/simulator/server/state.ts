// The simulator's server state: one object owning everything that outlives a single connection
// (replay clock, catalogue, quote model, order-id book, fault switches, connections). Handlers and
// modules get it in their RequestContext. Phase 2 hangs its order book and account here (e.g. as
// fields of a module that closes over this object) and persists what must survive a restart.

import { EventEmitter } from 'node:events';
import type { Catalogue } from '../market/catalogue.ts';
import type { QuoteModel } from '../market/quotes.ts';
import type { ReplayClock } from '../market/replay-clock.ts';
import { HistoricalPacing } from './historical-pacing.ts';
import type { SimulatorModule } from './module.ts';
import type { OrderIdBook } from './order-ids.ts';
import { RequestScheduler } from './request-scheduler.ts';
import type { Session } from './session.ts';

/** Switches the fault API flips (faults.ts); read by the handlers. */
export interface FaultSwitches {
  /** Upstream (IB ⇄ TWS) connectivity; 'lost' stops all streaming until restored. */
  upstream: 'ok' | 'lost';
  /** Market data lines alive when connectivity was lost: dropped if restored with "data lost". */
  linesAtLoss: WeakSet<object>;
  /** The next N historical requests are answered with a 162 pacing violation. */
  pacingViolations: number;
  /** Simultaneous streaming market data lines allowed across all clients (TWS default 100). */
  marketDataLines: number;
  /** Read-only API mode: order placement is refused with 321 (checked by the order module). */
  readOnly: boolean;
  /** Extra delay before any reply leaves the server, ms. */
  responseDelayMs: number;
}

export interface SimulatorEvents {
  'session-open': [session: Session];
  'session-ready': [session: Session];
  'session-closed': [session: Session, reason: string];
  /** Every request a ready session sent (after it was handled). */
  request: [session: Session, msgId: number];
  /**
   * A request was refused or could not be read: the ERR_MSG code and text, the request id it was
   * answered on (-1: none) and the request's message id (undefined when the frame was unreadable).
   */
  'request-error': [session: Session, code: number, message: string, reqId?: number, msgId?: number];
  log: [line: string];
}

export interface SimulatorStateInit {
  readonly accounts: readonly string[];
  readonly catalogue: Catalogue;
  readonly quotes: QuoteModel;
  readonly clock: ReplayClock;
  readonly orderIds: OrderIdBook;
  readonly faults: FaultSwitches;
  readonly modules: readonly SimulatorModule[];
  readonly maxClients: number;
  readonly log: (line: string) => void;
  /** IBKR's historical pacing rules (historical-pacing.ts); default off. */
  readonly historicalPacing?: boolean;
}

export class SimulatorState {
  readonly accounts: readonly string[];
  readonly catalogue: Catalogue;
  readonly quotes: QuoteModel;
  readonly clock: ReplayClock;
  readonly orderIds: OrderIdBook;
  readonly faults: FaultSwitches;
  readonly modules: readonly SimulatorModule[];
  readonly maxClients: number;
  /** Every open connection, handshake done or not. */
  readonly sessions = new Set<Session>();
  /** Connections that completed START_API, by client id. */
  readonly byClientId = new Map<number, Session>();
  readonly events = new EventEmitter<SimulatorEvents>();
  /** Fair service of expensive requests across connections (request-scheduler.ts). */
  readonly scheduler: RequestScheduler;
  /** IBKR's historical pacing rules, per client (switchable). */
  readonly pacing: HistoricalPacing;
  private readonly logLine: (line: string) => void;
  private readonly barriers: (() => void)[] = [];
  private barrierFailing = false;

  constructor(init: SimulatorStateInit) {
    this.accounts = init.accounts;
    this.catalogue = init.catalogue;
    this.quotes = init.quotes;
    this.clock = init.clock;
    this.orderIds = init.orderIds;
    this.faults = init.faults;
    this.modules = init.modules;
    this.maxClients = init.maxClients;
    this.logLine = init.log;
    this.scheduler = new RequestScheduler((line) => this.log(line));
    this.pacing = new HistoricalPacing(init.historicalPacing ?? false);
  }

  /**
   * Registers work that must finish before any reply leaves the server: the paper broker commits its
   * state (fills, positions, the highest order ids) to disk, so nothing a client is told can be lost
   * by a crash (ib-protocol.md §6 "Durability").
   */
  onBeforeSend(fn: () => void): void {
    this.barriers.push(fn);
  }

  /** Runs the send barriers; false (logged) when one failed: the caller must not send (fail closed). */
  commitBeforeSend(): boolean {
    try {
      for (const fn of this.barriers) fn();
    } catch (err) {
      if (!this.barrierFailing) this.log(`replies withheld: saving state failed: ${err instanceof Error ? err.message : String(err)}`);
      this.barrierFailing = true;
      return false;
    }
    if (this.barrierFailing) this.log('state saved again; replies resume');
    this.barrierFailing = false;
    return true;
  }

  /** The replay instant. */
  now(): number {
    return this.clock.now();
  }

  /** Streaming market data lines in use across all connections. */
  linesInUse(): number {
    let n = 0;
    for (const s of this.sessions) n += s.lines.size;
    return n;
  }

  log(line: string): void {
    this.logLine(line);
    this.events.emit('log', line);
  }
}
