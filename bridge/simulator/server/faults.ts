// Fault injection for tests, switchable at run time (ib-protocol.md §7 P1–P14): the situations a
// production TWS connection meets, on demand. In-process methods on the running simulator.

import * as enc from '../wire/encoders.ts';
import { ERR, NO_ID, TEXT } from '../wire/error-codes.ts';
import { OutBuffer } from '../wire/out-buffer.ts';
import type { Session } from './session.ts';
import type { FaultSwitches, SimulatorState } from './state.ts';

/** What the server offers the fault API (kept narrow so faults.ts stays testable). */
export interface FaultHost {
  readonly state: SimulatorState;
  /** Runs every module's onAdvance at the current instant and flushes (used after connectivity returns). */
  publishNow(): void;
  flushAll(): void;
  /** Stops listening, waits `downMs`, listens again on the same host and port. */
  restartListener(downMs: number): Promise<void>;
}

export interface NightlyRestartOptions {
  /** How long the listener stays down, real ms (default 250). */
  readonly downMs?: number;
  /** Roll every client's next order id back to this value (it never goes up)… */
  readonly rollBackTo?: number;
  /** …or by this many ids (default 10). */
  readonly rollBackBy?: number;
}

export function defaultFaultSwitches(marketDataLines: number): FaultSwitches {
  return { upstream: 'ok', linesAtLoss: new WeakSet(), pacingViolations: 0, marketDataLines, readOnly: false, responseDelayMs: 0 };
}

export class SimulatorFaults {
  constructor(
    private readonly host: FaultHost,
    private readonly defaultLines: number,
  ) {}

  private get state(): SimulatorState {
    return this.host.state;
  }

  private ready(clientId?: number): Session[] {
    const all = [...this.state.byClientId.values()];
    return clientId === undefined ? all : all.filter((s) => s.clientId === clientId);
  }

  private notice(code: number, text: string): void {
    for (const s of this.ready()) s.error(NO_ID, code, text);
    this.host.flushAll();
  }

  /** Closes client connections abruptly (all, or one client id); returns how many were closed. */
  dropConnections(clientId?: number): number {
    const victims = clientId === undefined ? [...this.state.sessions] : this.ready(clientId);
    for (const s of victims) s.close('dropped by fault injection');
    return victims.length;
  }

  /**
   * 1100 "connectivity lost" to every client (2110 "TWS ⇄ server broken" with `code: 2110`).
   * Streaming stops until connectivityRestored(); connections opened meanwhile get the farm-broken
   * notices (2103/2105/2157) instead of the OK ones. IBApiNext drops its socket on both codes (§1.2).
   */
  connectivityLost(options: { code?: 1100 | 2110 } = {}): void {
    const f = this.state.faults;
    f.upstream = 'lost';
    f.linesAtLoss = new WeakSet();
    for (const s of this.state.sessions) {
      for (const sub of s.lines.values()) f.linesAtLoss.add(sub);
      for (const sub of s.historical.values()) f.linesAtLoss.add(sub);
      for (const sub of s.realTimeBars.values()) f.linesAtLoss.add(sub);
    }
    if (options.code === 2110) this.notice(ERR.TWS_SERVER_BROKEN, TEXT.twsServerBroken);
    else this.notice(ERR.CONNECTIVITY_LOST, TEXT.connectivityLost);
  }

  /**
   * Connectivity back: 1101 "data lost" (default; every subscription that existed at the loss is
   * dropped, the client must resubscribe, §7 P6) or 1102 "data maintained" (streams resume). The farm
   * OK notices follow, then streaming resumes at once.
   */
  connectivityRestored(options: { dataLost?: boolean } = {}): void {
    const f = this.state.faults;
    if (f.upstream === 'ok') return;
    const dataLost = options.dataLost ?? true;
    if (dataLost) {
      for (const s of this.state.sessions) {
        for (const map of [s.lines, s.historical, s.realTimeBars] as Map<number, object>[]) {
          for (const [reqId, sub] of map) if (f.linesAtLoss.has(sub)) map.delete(reqId);
        }
      }
    }
    f.upstream = 'ok';
    f.linesAtLoss = new WeakSet();
    for (const s of this.ready()) {
      if (dataLost) s.error(NO_ID, ERR.CONNECTIVITY_RESTORED_DATA_LOST, TEXT.restoredDataLost);
      else s.error(NO_ID, ERR.CONNECTIVITY_RESTORED_DATA_MAINTAINED, TEXT.restoredDataMaintained);
      s.error(NO_ID, ERR.MARKET_FARM_OK, TEXT.marketFarmOk);
      s.error(NO_ID, ERR.HMDS_FARM_OK, TEXT.hmdsFarmOk);
    }
    this.host.publishNow();
  }

  /** The next `count` historical data requests are refused with 162 "pacing violation" (§7 P7). */
  historicalPacingViolation(count = 1): void {
    this.state.faults.pacingViolations += count;
  }

  /** Historical requests are served again (undoes historicalPacingViolation; Infinity = until this). */
  stopPacingViolations(): void {
    this.state.faults.pacingViolations = 0;
  }

  /**
   * IBKR's historical pacing rules (historical-pacing.ts: identical within 15 s, 6 per contract in
   * 2 s, 60 in 10 minutes → 162) on or off; off unless the simulator was started with them. Not
   * touched by reset().
   */
  setHistoricalPacing(on: boolean): void {
    this.state.pacing.enabled = on;
  }

  /** Simultaneous streaming lines allowed (default 100; 0 = lines exhausted: every reqMktData gets 101). */
  setMarketDataLines(limit: number): void {
    this.state.faults.marketDataLines = Math.max(0, Math.floor(limit));
  }

  /** Read-only API mode: placeOrder answered with 321 (the order module checks the switch). */
  setReadOnly(on: boolean): void {
    this.state.faults.readOnly = on;
  }

  /** Delays every reply by `ms` (0 = off). */
  setResponseDelay(ms: number): void {
    this.state.faults.responseDelayMs = Math.max(0, ms);
  }

  /**
   * Writes `count` (default 60) CURRENT_TIME messages to each target client in one TCP write, after
   * anything already queued. Returns the number of connections written to.
   */
  burst(options: { clientId?: number; count?: number } = {}): number {
    const count = options.count ?? 60;
    const targets = this.ready(options.clientId);
    const body = enc.currentTime(this.state.now() / 1000);
    for (const s of targets) {
      s.flush();
      const out = new OutBuffer();
      for (let i = 0; i < count; i++) out.push(body);
      s.writeRaw(out.take()!);
    }
    return targets.length;
  }

  /**
   * A nightly Gateway restart: every connection is dropped, the listener goes away for `downMs`, the
   * order-id book is rolled back (so reconnecting clients get a LOWER nextValidId than before, §7 P4),
   * connectivity comes back normal, and the listener returns on the same port. Resolves when it
   * accepts connections again, with the rolled-back next ids by client id.
   */
  async nightlyRestart(options: NightlyRestartOptions = {}): Promise<Map<number, number>> {
    this.dropConnections();
    const rolled = this.state.orderIds.rollBack({ to: options.rollBackTo, by: options.rollBackBy });
    const f = this.state.faults;
    f.upstream = 'ok';
    f.linesAtLoss = new WeakSet();
    await this.host.restartListener(options.downMs ?? 250);
    return rolled;
  }

  /** Every switch back to normal (does not reconnect anyone). */
  reset(): void {
    const f = this.state.faults;
    f.upstream = 'ok';
    f.linesAtLoss = new WeakSet();
    f.pacingViolations = 0;
    f.marketDataLines = this.defaultLines;
    f.readOnly = false;
    f.responseDelayMs = 0;
  }
}
