// Reconciliation with TWS (docs/reconciliation.md; ib-protocol.md §7 P3, P5): at start and after
// every reconnect — a new session, and connectivity back after 1100/2110 (1101 or 1102) — the bridge
// asks TWS what is true before it accepts another order intent:
//
//   ready ─▶ reconciling = true ─▶ reqCurrentTime ─▶ reqAllOpenOrders … openOrderEnd
//         ─▶ reqExecutions(today) … execDetailsEnd (+ commissionReports) ─▶ reqPositions … positionEnd
//         ─▶ journal what is new (executions by execId, commissions by execId, statuses by permId)
//         ─▶ our orders neither open nor final in the journal: reqCompletedOrders … completedOrdersEnd
//         ─▶ positions rebuilt from the journal vs TWS's (alarm per difference) ─▶ reconciling = false
//
// - Fail closed: `isReconciling()` is true from construction until a reconciliation of the current
//   ready period completes, and again from any state change away from 'ready'. An End message that
//   does not come within `endTimeoutMs` raises an alarm and the whole round is retried (with growing
//   delay) while reconciling stays true; so does a journal that refuses to write. A round that sees
//   the connection leave 'ready' is abandoned; the next 'ready' starts a new one.
// - Executions and commissions are journaled only when new (execId); statuses only when they differ
//   from the last journaled one (Journal.appendOrderStatus, by permId). Running it twice adds nothing.
// - External orders: an open order is ours only when the journal has an `order-submitted` with its
//   orderRef and orderId AND TWS says a client id of ours placed it; anything else (another API
//   client, TWS itself, a mobile app) is journaled with `external: true` and reported.
// - This class places no order and sends nothing while the connection is not ready (readyApi()).
import { EventEmitter } from 'node:events';
import { EventName, type CommissionReport, type Contract, type Execution, type IBApi, type Order, type OrderState } from '@stoqey/ib';
import type { Journal } from '../journal/journal.ts';
import type { JournalEntry } from '../journal/journal-entry.ts';
import { rebuildPositions } from '../journal/rebuild-positions.ts';
import type { KnownContracts } from './contract-mapping.ts';
import { comparePositions, twsHoldings, type PositionMismatch } from './reconcile-positions.ts';
import { clientIdCandidates, type TwsConnection, type TwsReady, type TwsStateChange } from './tws-connection.ts';
import { commissionRecord, describeContract, executionRecord, orderStatusRecord, type OrderReport } from './tws-records.ts';

export interface ReconcilerOptions {
  readonly connection: TwsConnection;
  readonly journal: Journal;
  /** What contract-mapping.ts may use beyond a contract's own fields (a ContractResolver's knowledge). */
  readonly known?: KnownContracts;
  /** Time-out for each answer (currentTime, openOrderEnd, execDetailsEnd, positionEnd); default 10 000 ms. */
  readonly endTimeoutMs?: number;
  /** First delay before a failed round is retried (doubling up to 30 s); default 1000 ms. */
  readonly retryMs?: number;
  /** How long to wait after execDetailsEnd for commission reports still missing; default 1000 ms. */
  readonly commissionGraceMs?: number;
  /**
   * Client ids this bridge places orders with (default: the connection's configured id and the next
   * four, the TwsConnection's 326 candidates). Every client id the connection becomes ready with is
   * added.
   */
  readonly ownClientIds?: readonly number[];
  /** Request ids for reqExecutions (default: a private range from 910 000 000). */
  readonly requestIds?: () => number;
}

export type ReconcileAlarmKind = 'timeout' | 'position-mismatch' | 'unjournalable' | 'order-unknown' | 'error';

export interface ReconcileAlarm {
  readonly kind: ReconcileAlarmKind;
  /** In words, for the log and the app. */
  readonly message: string;
  /** For 'position-mismatch': the instrument key and both sides' quantity and average cost. */
  readonly mismatch?: PositionMismatch;
}

/** An open order this bridge did not place. */
export interface ExternalOrder {
  readonly orderId: number;
  readonly permId: number;
  readonly clientId: number;
  readonly orderRef: string;
  readonly contract: string;
  readonly status: string;
}

export interface ReconcileReport {
  readonly session: number;
  readonly clientId: number;
  /** Rounds it took (1 unless a time-out or an error forced a retry). */
  readonly attempts: number;
  readonly openOrders: number;
  readonly executionsSeen: number;
  readonly executionsAdded: number;
  readonly commissionsAdded: number;
  readonly statusesAdded: number;
  readonly external: readonly ExternalOrder[];
  /**
   * orderRefs of our orders (journaled `order-submitted`, no final status) that TWS reports neither open
   * nor completed today: they never reached TWS, or finished on an earlier day.
   */
  readonly unknownOrders: readonly string[];
  readonly mismatches: readonly PositionMismatch[];
}

export interface ReconcilerEvents {
  /** The flag changed (true: no order may be placed). */
  reconciling: [boolean];
  /** A round completed; the flag is false now. */
  reconciled: [ReconcileReport];
  alarm: [ReconcileAlarm];
  /** An open order another client (or TWS) placed; once per permId and Reconciler. */
  external: [ExternalOrder];
}

/** The answers of one round, as TWS sent them. */
interface Answers {
  executions: { contract: Contract; execution: Execution }[];
  commissions: Map<string, CommissionReport>;
  positions: { contract: Contract; pos: number; avgCost: number }[];
}

/** One of our orders as the journal knows it. */
interface OurOrder {
  readonly orderId: number;
  readonly orderRef: string;
  permId: number;
  status?: string;
}

/** Statuses after which an order never changes again (Inactive is not: a held order comes back, P10). */
const FINAL: ReadonlySet<string> = new Set(['Filled', 'Cancelled']);

class Superseded extends Error {}
class EndTimeout extends Error {}

const MAX_RETRY_MS = 30_000;
/** Earlier than any time zone's midnight of TWS's day (UTC+14): more is de-duplicated by execId. */
const DAY_LOOKBACK_MS = 14 * 3_600_000;
const MS_PER_DAY = 86_400_000;

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const p2 = (n: number) => String(n).padStart(2, '0');

/** `yyyyMMdd-HH:mm:ss` (UTC), the reqExecutions filter's time format. */
export function executionFilterTime(utcMs: number): string {
  const d = new Date(utcMs);
  return `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}-${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** The start of the executions asked for: TWS's UTC day start, minus 14 h (every zone's "today"). */
export function executionsSince(twsNowMs: number): number {
  return Math.floor(twsNowMs / MS_PER_DAY) * MS_PER_DAY - DAY_LOOKBACK_MS;
}

function orderKey(permId: number, clientId: number, orderId: number): string {
  return permId ? `p${permId}` : `c${clientId}:o${orderId}`;
}

export class Reconciler extends EventEmitter<ReconcilerEvents> {
  private readonly conn: TwsConnection;
  private readonly journal: Journal;
  private readonly endTimeoutMs: number;
  private readonly retryMs: number;
  private readonly graceMs: number;
  private readonly nextReqId: () => number;
  private readonly ownClientIds: Set<number>;
  /** orderRef → order ids journaled as `order-submitted` (our orders). */
  private readonly submitted = new Map<string, Set<number>>();
  /** Our orders by order id (ids are unique across our client ids: one OrderIdStore), from the journal. */
  private readonly ours = new Map<number, OurOrder>();
  private readonly unknownSeen = new Set<string>();
  /** execIds with a journaled commission. */
  private readonly commissioned = new Set<string>();
  private readonly externalSeen = new Set<string>();
  private flag = true;
  /** Bumped by every state change: a round that sees it move was overtaken. */
  private generation = 0;
  private latest: TwsReady | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly cleanups: (() => void)[] = [];
  /** Requests in flight, told when the generation moves (they give up at once). */
  private readonly genWatchers = new Set<() => void>();
  private readonly known: KnownContracts;

  constructor(options: ReconcilerOptions) {
    super();
    this.conn = options.connection;
    this.journal = options.journal;
    this.endTimeoutMs = options.endTimeoutMs ?? 10_000;
    this.retryMs = options.retryMs ?? 1000;
    this.graceMs = options.commissionGraceMs ?? 1000;
    this.nextReqId = options.requestIds ?? (() => this.conn.nextRequestId());
    this.known = options.known ?? {};
    this.ownClientIds = new Set(options.ownClientIds ?? clientIdCandidates(this.conn.clientId));
    for (const e of this.journal.entries) this.learn(e);
    this.cleanups.push(this.journal.onAppend((e) => this.learn(e)));
    const onState = (s: TwsStateChange) => {
      if (s.state === 'ready') return; // the 'ready' event that follows starts the round
      this.bump();
      this.setFlag(true);
    };
    const onReady = (r: TwsReady) => {
      this.bump();
      this.latest = r;
      this.ownClientIds.add(r.clientId);
      this.setFlag(true);
      this.kick();
    };
    this.conn.on('state', onState);
    this.conn.on('ready', onReady);
    this.cleanups.push(() => this.conn.off('state', onState), () => this.conn.off('ready', onReady));
    // Already ready when we were attached: reconcile this period too.
    const now = this.conn.readyInfo();
    if (now) onReady(now);
  }

  /** True while orders must not be placed: not yet reconciled since the connection (re)became ready. */
  isReconciling(): boolean {
    return this.flag;
  }

  /** Resolves when a round has completed and the flag is false (now, or later); rejects on time-out or stop. */
  whenReconciled(timeoutMs?: number): Promise<void> {
    if (!this.flag) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('reconciler stopped'));
    return new Promise((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => done(new Error(`not reconciled within ${timeoutMs} ms`)), timeoutMs);
      const onFlag = (on: boolean) => {
        if (!on) done();
        else if (this.stopped) done(new Error('reconciler stopped'));
      };
      const done = (err?: Error) => {
        clearTimeout(timer);
        this.off('reconciling', onFlag);
        if (err) reject(err);
        else resolve();
      };
      this.on('reconciling', onFlag);
    });
  }

  /** Detaches from the connection and the journal; the flag stays true (no orders after stop). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.bump();
    for (const c of this.cleanups.splice(0)) c();
    this.wake?.();
    if (this.flag) this.emitSafe('reconciling', true); // waiters learn of the stop
    else this.setFlag(true);
    await this.running;
  }

  // --- the loop ------------------------------------------------------------------------------------

  private kick(): void {
    if (this.running || this.stopped) {
      this.wake?.(); // a retry delay in progress: start now
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  private async loop(): Promise<void> {
    let attempts = 0;
    let failures = 0;
    let marked = -1;
    while (!this.stopped) {
      const gen = this.generation;
      const ready = this.conn.readyInfo();
      if (!ready || ready.session !== this.latest?.session) return; // the next 'ready' kicks again
      attempts++;
      try {
        if (marked !== gen) {
          await this.journal.append({ kind: 'reconciliation', phase: 'start', reason: `session ${ready.session}, client id ${ready.clientId}` });
          marked = gen;
        }
        const report = await this.round(ready, gen, attempts);
        this.check(gen);
        await this.journal.append({ kind: 'reconciliation', phase: 'end', reason: summary(report) });
        this.check(gen);
        this.setFlag(false);
        this.emitSafe('reconciled', report);
        return;
      } catch (err) {
        if (err instanceof Superseded || this.stopped) {
          if (gen !== this.generation) {
            attempts = 0;
            failures = 0;
            continue; // a new ready period (or none: the check at the top returns)
          }
          return;
        }
        failures++;
        const delay = Math.min(MAX_RETRY_MS, this.retryMs * 2 ** (failures - 1));
        const kind: ReconcileAlarmKind = err instanceof EndTimeout ? 'timeout' : 'error';
        this.emitSafe('alarm', { kind, message: `reconciliation (session ${ready.session}) failed: ${describe(err)}; orders stay blocked, retrying in ${delay} ms` });
        await this.sleep(delay);
        if (gen !== this.generation) {
          attempts = 0;
          failures = 0;
        }
      }
    }
  }

  /** One round: ask, journal, compare (asking executions and positions once more before alarming). */
  private async round(ready: TwsReady, gen: number, attempts: number): Promise<ReconcileReport> {
    const api = ready.api;
    const twsTime = await this.ask<number>(api, gen, 'currentTime', (a, done) => {
      a.on(EventName.currentTime, (t: number) => done(Number(t) * 1000));
      return () => api.reqCurrentTime();
    });
    const orders = await this.openOrders(api, gen);
    const counts = { executionsSeen: 0, executionsAdded: 0, commissionsAdded: 0, statusesAdded: 0 };
    const external: ExternalOrder[] = [];
    for (const o of orders.values()) {
      const ours = this.ownClientIds.has(o.clientId) && (this.submitted.get(o.orderRef)?.has(o.orderId) ?? false);
      const record = orderStatusRecord(o, !ours);
      if (typeof record === 'string') {
        this.emitSafe('alarm', { kind: 'unjournalable', message: `open order not journaled: ${record}` });
        continue;
      }
      if (await this.journal.appendOrderStatus(record)) counts.statusesAdded++;
      if (!ours) {
        const x: ExternalOrder = { orderId: o.orderId, permId: o.permId, clientId: o.clientId, orderRef: o.orderRef, contract: describeContract(o.contract), status: record.status };
        external.push(x);
        const key = orderKey(o.permId, o.clientId, o.orderId);
        if (!this.externalSeen.has(key)) {
          this.externalSeen.add(key);
          this.emitSafe('external', x);
        }
      }
    }
    this.check(gen);
    let unknownOrders: string[] = [];
    let mismatches: PositionMismatch[] = [];
    for (let pass = 0; pass < 2; pass++) {
      counts.executionsSeen = 0;
      const answers = await this.executionsAndPositions(api, gen, twsTime);
      await this.journalExecutions(answers, counts);
      this.check(gen);
      // After the executions: a completed order's average fill price comes from its journaled fills.
      if (pass === 0) unknownOrders = await this.finishedOrders(api, gen, orders, counts);
      this.check(gen);
      const books = rebuildPositions(this.journal.entries);
      mismatches = comparePositions(books.positions, twsHoldings(answers.positions, this.known));
      if (mismatches.length === 0) break; // else: once more, in case a fill fell between the two answers
    }
    for (const m of mismatches) this.emitSafe('alarm', { kind: 'position-mismatch', message: `positions differ after reconciliation: ${m.message}`, mismatch: m });
    return { session: ready.session, clientId: ready.clientId, attempts, openOrders: orders.size, ...counts, external, unknownOrders, mismatches };
  }

  /** reqAllOpenOrders: every client's (and TWS's) open orders, merged by permId, until openOrderEnd. */
  private openOrders(api: IBApi, gen: number): Promise<Map<string, OrderReport>> {
    const orders = new Map<string, OrderReport>();
    const entry = (permId: number, clientId: number, orderId: number): OrderReport => {
      const key = orderKey(permId, clientId, orderId);
      let o = orders.get(key);
      if (!o) orders.set(key, (o = { orderId, permId, clientId, orderRef: '' }));
      return o;
    };
    return this.ask(api, gen, 'openOrderEnd', (a, done) => {
      a.on(EventName.openOrder, (orderId: number, contract: Contract, order: Order, orderState: OrderState) => {
        const o = entry(int(order?.permId), int(order?.clientId), int(orderId));
        o.contract = contract;
        o.order = order;
        o.orderState = orderState;
        if (typeof order?.orderRef === 'string') o.orderRef = order.orderRef;
      });
      a.on(EventName.orderStatus, (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number, _parentId?: number, _lastFillPrice?: number, clientId?: number) => {
        const o = entry(int(permId), int(clientId), int(orderId));
        o.status = { status: String(status), filled: Number(filled), remaining: Number(remaining), avgFillPrice: Number(avgFillPrice) };
      });
      // An orderStatus without its openOrder is a live update of an order not in the snapshot (it
      // finished meanwhile): the live path journals it; it is not an open order.
      a.on(EventName.openOrderEnd, () => done(new Map([...orders].filter(([, o]) => o.order !== undefined))));
      return () => api.reqAllOpenOrders();
    });
  }

  /**
   * Our orders whose last journaled status is not final and that are not open at TWS finished while we
   * were away (cancelled, expired, rejected, filled): reqCompletedOrders gives their final status, matched
   * by permId (by orderRef while no permId is known, and only when one completed order has it). Returns
   * the orderRefs TWS does not know at all.
   */
  private async finishedOrders(api: IBApi, gen: number, open: Map<string, OrderReport>, counts: { statusesAdded: number }): Promise<string[]> {
    const openIds = new Set<number>();
    for (const o of open.values()) if (this.ownClientIds.has(o.clientId)) openIds.add(o.orderId);
    const openPerms = new Set([...open.values()].map((o) => o.permId).filter((p) => p !== 0));
    const stale = [...this.ours.values()].filter((o) => !FINAL.has(o.status ?? '') && !openIds.has(o.orderId) && !(o.permId && openPerms.has(o.permId)));
    if (stale.length === 0) return [];
    const completed = await this.ask<{ contract: Contract; order: Order; orderState: OrderState }[]>(api, gen, 'completedOrdersEnd', (a, done) => {
      const list: { contract: Contract; order: Order; orderState: OrderState }[] = [];
      a.on(EventName.completedOrder, (contract: Contract, order: Order, orderState: OrderState) => list.push({ contract, order: order ?? {}, orderState: orderState ?? {} }));
      a.on(EventName.completedOrdersEnd, () => done(list));
      return () => api.reqCompletedOrders(true);
    });
    const unknown: string[] = [];
    for (const o of stale) {
      const byPerm = o.permId ? completed.filter((c) => c.order.permId === o.permId) : [];
      const byRef = o.permId ? [] : completed.filter((c) => c.order.orderRef === o.orderRef);
      const match = byPerm.length === 1 ? byPerm[0] : byRef.length === 1 ? byRef[0] : undefined;
      if (!match) {
        unknown.push(o.orderRef);
        if (!this.unknownSeen.has(o.orderRef)) {
          this.unknownSeen.add(o.orderRef);
          const why = byRef.length > 1 ? `${byRef.length} completed orders carry its orderRef` : 'TWS reports it neither open nor completed today';
          this.emitSafe('alarm', { kind: 'order-unknown', message: `order ${o.orderId} (intent ${o.orderRef}) was journaled as submitted, but ${why}; its last journaled status stays` });
        }
        continue;
      }
      const filled = int(match.order.filledQuantity);
      const total = Number(match.order.totalQuantity);
      const record = orderStatusRecord(
        {
          orderId: o.orderId,
          permId: int(match.order.permId),
          clientId: int(match.order.clientId),
          orderRef: o.orderRef,
          contract: match.contract,
          status: { status: String(match.orderState.status), filled, remaining: Number.isFinite(total) ? Math.max(0, total - filled) : 0, avgFillPrice: this.avgFillPrice(o.orderId) },
        },
        false,
      );
      if (typeof record === 'string') {
        this.emitSafe('alarm', { kind: 'unjournalable', message: `completed order not journaled: ${record}` });
        continue;
      }
      if (await this.journal.appendOrderStatus(record)) counts.statusesAdded++;
    }
    return unknown;
  }

  /** The average price of an order's journaled executions (0 when none). */
  private avgFillPrice(orderId: number): number {
    let qty = 0;
    let value = 0;
    for (const e of this.journal.entries) {
      if (e.kind === 'execution' && e.orderId === orderId) {
        qty += e.qty;
        value += e.qty * e.price;
      }
    }
    return qty > 0 ? value / qty : 0;
  }

  /** reqExecutions since TWS's day start (every client) with their commission reports, then reqPositions. */
  private async executionsAndPositions(api: IBApi, gen: number, twsTime: number): Promise<Answers> {
    const answers: Answers = { executions: [], commissions: new Map(), positions: [] };
    const reqId = this.nextReqId();
    const onCommission = guarded((r: CommissionReport) => {
      if (typeof r?.execId === 'string') answers.commissions.set(r.execId, r);
    });
    api.on(EventName.commissionReport, onCommission);
    try {
      await this.ask(api, gen, `execDetailsEnd of request ${reqId}`, (a, done) => {
        a.on(EventName.execDetails, (id: number, contract: Contract, execution: Execution) => {
          if (id === reqId) answers.executions.push({ contract, execution });
        });
        a.on(EventName.execDetailsEnd, (id: number) => {
          if (id === reqId) done(undefined);
        });
        return () => api.reqExecutions(reqId, { time: executionFilterTime(executionsSince(twsTime)) });
      });
      // Commission reports may trail the end; wait briefly for those still missing.
      const missing = () => answers.executions.some(({ execution: e }) => typeof e?.execId === 'string' && !answers.commissions.has(e.execId) && !this.commissioned.has(e.execId));
      const until = performance.now() + this.graceMs;
      while (missing() && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
        this.check(gen);
      }
    } finally {
      api.off(EventName.commissionReport, onCommission);
    }
    await this.ask(api, gen, 'positionEnd', (a, done) => {
      a.on(EventName.position, (_account: string, contract: Contract, pos: number, avgCost: number) => answers.positions.push({ contract, pos: Number(pos), avgCost: Number(avgCost) }));
      a.on(EventName.positionEnd, () => {
        try {
          api.cancelPositions();
        } catch {
          // the subscription dies with the client anyway
        }
        done(undefined);
      });
      return () => api.reqPositions();
    });
    return answers;
  }

  /** Journals the executions and commission reports that are new (by execId). */
  private async journalExecutions(answers: Answers, counts: { executionsSeen: number; executionsAdded: number; commissionsAdded: number }): Promise<void> {
    for (const { contract, execution } of answers.executions) {
      counts.executionsSeen++;
      if (contract?.secType === 'BAG') continue; // a combo's fill summary: its legs come as executions of their own
      const record = executionRecord(contract, execution, this.known);
      if (typeof record === 'string') {
        this.emitSafe('alarm', { kind: 'unjournalable', message: `execution not journaled: ${record}` });
        continue;
      }
      if (await this.journal.appendExecution(record)) counts.executionsAdded++;
    }
    for (const report of answers.commissions.values()) {
      const record = commissionRecord(report);
      if (typeof record === 'string' || this.commissioned.has(record.execId) || !this.journal.hasExecution(record.execId)) continue;
      this.commissioned.add(record.execId); // before the await: a concurrent round must not add it again
      try {
        if (!(await this.journal.appendCommission(record))) continue; // the broker journaled it first
      } catch (err) {
        this.commissioned.delete(record.execId);
        throw err;
      }
      counts.commissionsAdded++;
    }
  }

  /**
   * Sends one request on `api` and waits for its answer: `setup` attaches listeners (through `a`,
   * which guards them and detaches them afterwards) and returns the call that sends the request.
   */
  private ask<T>(api: IBApi, gen: number, what: string, setup: (a: { on(event: EventName, fn: (...args: any[]) => void): void }, done: (v: T) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attached: [EventName, (...args: any[]) => void][] = [];
      let finished = false;
      const finish = (err: Error | undefined, value?: T) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        this.genWatchers.delete(onGen);
        for (const [event, fn] of attached) (api as unknown as NodeJS.EventEmitter).off(event, fn);
        if (err) reject(err);
        else resolve(value as T);
      };
      const onGen = () => finish(new Superseded('the connection changed'));
      this.genWatchers.add(onGen);
      const timer = setTimeout(() => finish(new EndTimeout(`no ${what} within ${this.endTimeoutMs} ms`)), this.endTimeoutMs);
      const send = setup(
        {
          on: (event, fn) => {
            const g = guarded(fn);
            attached.push([event, g]);
            (api as unknown as NodeJS.EventEmitter).on(event, g);
          },
        },
        (v) => finish(undefined, v),
      );
      if (gen !== this.generation || this.conn.readyApi() !== api) return finish(new Superseded('the connection is not ready'));
      try {
        send();
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Throws Superseded when the connection left 'ready' (or came back as another period) since `gen`. */
  private check(gen: number): void {
    if (gen !== this.generation || this.stopped) throw new Superseded('the connection changed during reconciliation');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private learn(e: JournalEntry): void {
    if (e.kind === 'order-submitted') {
      let ids = this.submitted.get(e.orderRef);
      if (!ids) this.submitted.set(e.orderRef, (ids = new Set()));
      ids.add(e.orderId);
      this.ours.set(e.orderId, { orderId: e.orderId, orderRef: e.orderRef, permId: e.permId ?? 0 });
    } else if (e.kind === 'commission') this.commissioned.add(e.execId);
    else if (e.kind === 'order-status' && !e.external) {
      const o = this.ours.get(e.orderId);
      if (o && (e.orderRef === undefined || e.orderRef === o.orderRef)) {
        o.status = e.status;
        if (e.permId) o.permId = e.permId;
      }
    } else if (e.kind === 'execution') {
      const o = this.ours.get(e.orderId);
      if (o && e.orderRef === o.orderRef && e.permId) o.permId = e.permId;
    }
  }

  /** A state change: every round and request in flight belongs to the past now. */
  private bump(): void {
    this.generation++;
    for (const w of [...this.genWatchers]) w();
  }

  private setFlag(on: boolean): void {
    if (this.flag === on) return;
    this.flag = on;
    this.emitSafe('reconciling', on);
  }

  private emitSafe<K extends keyof ReconcilerEvents>(event: K, ...args: ReconcilerEvents[K]): void {
    try {
      (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    } catch (err) {
      if (event === 'alarm') return;
      try {
        this.emit('alarm', { kind: 'error', message: `a '${event}' listener of the reconciler threw: ${describe(err)}` });
      } catch {
        // an alarm listener that throws must not stop reconciliation
      }
    }
  }
}

/** A listener on the IBApi must never throw into the decoder (decoder-guard would replace the client). */
function guarded<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch {
      // untrusted message contents that broke a listener: the record checks report what matters
    }
  };
}

function int(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : 0;
}

function summary(r: ReconcileReport): string {
  return `session ${r.session}: ${r.openOrders} open orders (${r.external.length} external, ${r.unknownOrders.length} of ours unknown to TWS), ${r.executionsSeen} executions seen, ${r.executionsAdded} executions, ${r.commissionsAdded} commissions and ${r.statusesAdded} statuses added, ${r.mismatches.length} position differences`;
}
