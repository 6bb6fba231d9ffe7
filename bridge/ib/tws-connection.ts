// The bridge's connection to TWS / IB Gateway (ib-protocol.md §1, §3, §7 P1–P6, P12–P14).
//
// One @stoqey/ib `IBApi` at a time, created with explicit host, port, client id and request rate
// (tws-endpoint.ts: the library's env / .env defaults never apply). States:
//
//   disconnected → connecting → handshaking → ready ⇄ connectivity-lost (1100) / degraded (2110)
//        ↑              (TCP)   (server version)  (nextValidId, durable)      │
//        └── backoff ←── any failure: refused, closed, handshake time-out, 326, decoder throw
//   stop() → stopped
//
// - Ready means nextValidId arrived AND the order-id store has durably taken it in: the next order id
//   is max(persisted + 1, nextValidId) (P4). `connected` is not ready (P2): no nextValidId within
//   `handshakeTimeoutMs` drops the attempt and retries.
// - Listens to `error` and `info`: notices with id −1 (1100/1101/1102/2110/326) come as `info` (P14).
//   1100 → connectivity-lost (not ready), 1101 → ready + 'resubscribe' (data lost), 1102 → ready,
//   2110 → degraded (not ready); 326 → the next client id of the candidates, and reconnect (P1).
// - Every attempt gets a NEW IBApi (P13: no confused instance is ever reused). This also means a
//   request some caller scheduled on a client that was not ready dies with that client instead of
//   being sent after the next nextValidId (P3); callers get the client only while ready (readyApi()).
// - Failures are retried with exponential backoff and jitter (backoff.ts); the failure count resets
//   once a connection has stayed up for `stableMs`.
// - Start-up retry limit (thetagang's watchdog.maxStartupRetries, wheel-rules.md §3.2 T34): with
//   `maxStartupRetries` N > 0, N consecutive attempts that never got ready stop the connection for good
//   ('stopped', "failed to connect … after N attempts"); a drop after a ready connection does not count
//   and getting ready resets the count. 0 (the default) retries without limit.
// - Any 505 (a message the client could not decode and dropped, P12) raises 'alarm'; so does a throw
//   out of the decoder (decoder-guard.ts), which also replaces the client.
// This class never sends orders and queues nothing: callers check isReady() / readyApi() and fail
// closed.
import { EventEmitter } from 'node:events';
import { EventName, IBApi } from '@stoqey/ib';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { guardDecoder } from './decoder-guard.ts';
import { CLIENT_ID_IN_USE, CONNECTIVITY_LOST, DECODE_ERROR, RESTORED_DATA_LOST, RESTORED_DATA_MAINTAINED, TWS_SERVER_BROKEN } from './tws-codes.ts';
import { checkClientId, ibApiOptions, MAX_CLIENT_ID, type TwsEndpoint } from './tws-endpoint.ts';

export type TwsState = 'disconnected' | 'connecting' | 'handshaking' | 'ready' | 'connectivity-lost' | 'degraded' | 'stopped';

/**
 * The persisted, only-increasing order id (bridge/journal/order-id-store.ts `OrderIdStore` satisfies
 * it): `observeNextValidId(n)` makes the next id max(current, n) durably; `peek()` is the next id.
 */
export interface OrderIdSource {
  observeNextValidId(n: number): Promise<void>;
  peek(): number;
}

export interface TwsConnectionOptions extends TwsEndpoint {
  readonly orderIds: OrderIdSource;
  /**
   * Client ids to try, in order, when TWS answers 326 (id in use); the first is `clientId`. Default:
   * clientId, clientId+1 … clientId+4. After the last the list starts over (with backoff).
   */
  readonly clientIds?: readonly number[];
  /** No nextValidId within this many ms of connect() → drop and retry (default 5000, §7 P2). */
  readonly handshakeTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  /** A connection up this long resets the backoff (default 60 000 ms). */
  readonly stableMs?: number;
  /** Give up after this many consecutive attempts that never got ready (0 / absent: never give up; T34). */
  readonly maxStartupRetries?: number;
  /** stoqey's outgoing limit (default 40, at most 50; §7 P9). */
  readonly maxReqPerSec?: number;
  /** Jitter source in [0, 1) (default Math.random); tests pass a constant. */
  readonly random?: () => number;
}

export interface TwsReady {
  /** The IBApi to use while ready; a new one after every reconnect. */
  readonly api: IBApi;
  /** Increases with every new IBApi: a different session means every request must be made again. */
  readonly session: number;
  readonly clientId: number;
  readonly serverVersion: number;
  readonly accounts: readonly string[];
  /** What TWS announced at connect. */
  readonly nextValidId: number;
  /** The next order id at the moment of readiness: max(persisted + 1, nextValidId). */
  readonly nextOrderId: number;
}

export interface TwsStateChange {
  readonly state: TwsState;
  readonly previous: TwsState;
  /** Why, in words. */
  readonly reason: string;
  readonly clientId: number;
  /** When state is 'disconnected' and a retry is scheduled: the delay, ms. */
  readonly retryInMs?: number;
  /** Consecutive failed attempts so far. */
  readonly failures: number;
}

export interface TwsNotice {
  /** `info` (id −1) or `error` (with a request or order id). */
  readonly kind: 'info' | 'error';
  readonly code: number;
  readonly reqId: number;
  readonly message: string;
}

export interface TwsAlarm {
  readonly code: number;
  readonly message: string;
  readonly clientId: number;
}

export interface TwsConnectionEvents {
  state: [TwsStateChange];
  /** Entering 'ready' (a new connection, or connectivity back after 1101/1102). */
  ready: [TwsReady];
  /** 1101: connectivity back but every market data subscription was dropped: subscribe again. */
  resubscribe: [TwsReady];
  /** Every `info` and `error` the client reports. */
  notice: [TwsNotice];
  /** Something an operator must see: any 505, a decoder throw, an order-id store failure. */
  alarm: [TwsAlarm];
  /** A new IBApi was created (before it connects): attach listeners here. */
  client: [IBApi];
}

type Upstream = 'ok' | 'lost' | 'broken';

interface Attempt {
  readonly session: number;
  readonly api: IBApi;
  readonly clientId: number;
  timer?: NodeJS.Timeout;
  failed: boolean;
  serverVersion: number;
  accounts: string[];
  nextValidId?: number;
  ready?: TwsReady;
  upstream: Upstream;
}

const UPSTREAM_STATE: Record<Upstream, TwsState> = { ok: 'ready', lost: 'connectivity-lost', broken: 'degraded' };

/** The default client id candidates: the configured one and the next four (bounded by 2^31 − 1). */
export function clientIdCandidates(clientId: number, count = 5): number[] {
  const out: number[] = [];
  for (let i = 0; i < count && clientId + i <= MAX_CLIENT_ID; i++) out.push(clientId + i);
  return out;
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The first id nextRequestId hands out (TWS ids are 32-bit: room for a billion requests). */
export const REQUEST_ID_BASE = 1_000_000_000;

export class TwsConnection extends EventEmitter<TwsConnectionEvents> {
  private readonly candidates: readonly number[];
  private candidate = 0;
  private current: Attempt | undefined;
  private session = 0;
  private requestIds = REQUEST_ID_BASE;
  private failures = 0;
  /** Consecutive attempts that failed before getting ready (T34); reset when one gets ready. */
  private startupFailures = 0;
  /** Why the connection gave up (the start-up retry limit), for whenReady's rejection. */
  private gaveUp: string | undefined;
  private _state: TwsState = 'disconnected';
  private started = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly options: TwsConnectionOptions) {
    super();
    ibApiOptions(options, options.maxReqPerSec); // validates host, port, client id and rate now
    const ids = options.clientIds ?? clientIdCandidates(options.clientId);
    if (ids.length === 0) throw new Error('clientIds: at least one client id is needed');
    const retries = options.maxStartupRetries;
    if (retries !== undefined && !(Number.isSafeInteger(retries) && retries >= 0)) {
      throw new Error(`maxStartupRetries: expected a whole number >= 0 (0 = no limit), got ${String(retries)}`);
    }
    this.candidates = ids.map((id, i) => checkClientId(`clientIds[${i}]`, id));
  }

  get state(): TwsState {
    return this._state;
  }

  /** The client id in use (or about to be tried). */
  get clientId(): number {
    return this.current?.clientId ?? this.candidates[this.candidate];
  }

  /** True only in state 'ready': nextValidId arrived, was stored, and TWS has its connectivity. */
  /**
   * A request id no other user of this connection has (contract lookups, reconciliation, the app
   * protocol's streams): one counter per connection, so their answers can never be mixed up. Ids
   * start far above order ids, which live in their own space (OrderIdStore) but share TWS's id field.
   */
  nextRequestId(): number {
    return this.requestIds++;
  }

  isReady(): boolean {
    return this._state === 'ready';
  }

  /** The IBApi to send requests with, only while ready (undefined otherwise: fail closed, P3). */
  readyApi(): IBApi | undefined {
    return this.isReady() ? this.current?.ready?.api : undefined;
  }

  /** The current session's details while ready. */
  readyInfo(): TwsReady | undefined {
    return this.isReady() ? this.current?.ready : undefined;
  }

  /** Resolves with the session details when ready (now, or at the next 'ready'); rejects on stop or time-out. */
  whenReady(timeoutMs?: number): Promise<TwsReady> {
    const now = this.readyInfo();
    if (now) return Promise.resolve(now);
    if (this._state === 'stopped') return Promise.reject(this.stoppedError());
    return new Promise((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => done(new Error(`TWS connection not ready within ${timeoutMs} ms (state ${this._state})`)), timeoutMs);
      const onReady = (r: TwsReady) => done(undefined, r);
      const onState = (s: TwsStateChange) => {
        if (s.state === 'stopped') done(this.stoppedError());
      };
      const done = (err?: Error, r?: TwsReady) => {
        clearTimeout(timer);
        this.off('ready', onReady);
        this.off('state', onState);
        if (err) reject(err);
        else resolve(r!);
      };
      this.on('ready', onReady);
      this.on('state', onState);
    });
  }

  /** Starts connecting (and reconnecting until stop()). */
  start(): void {
    if (this.started || this._state === 'stopped') return;
    this.started = true;
    this.connectNow();
  }

  /** Stops retrying, closes the socket and waits (briefly) for it to close. Idempotent. */
  async stop(): Promise<void> {
    if (this._state !== 'stopped') {
      clearTimeout(this.retryTimer);
      clearTimeout(this.stableTimer);
      const att = this.current;
      this.current = undefined;
      if (att) this.dispose(att);
      this.setState('stopped', 'stop() was called');
    }
    await Promise.all([...this.closing]);
  }

  // --- one attempt -------------------------------------------------------------------------------

  private connectNow(): void {
    this.retryTimer = undefined;
    const clientId = this.candidates[this.candidate];
    const api = new IBApi(ibApiOptions({ host: this.options.host, port: this.options.port, clientId }, this.options.maxReqPerSec));
    const att: Attempt = { session: ++this.session, api, clientId, failed: false, serverVersion: 0, accounts: [], upstream: 'ok' };
    this.current = att;
    guardDecoder(api, (err) => {
      this.alarm(att, DECODE_ERROR, `a message from TWS made the client throw (${describe(err)}); replacing the client`);
      this.fail(att, 'a message from TWS could not be decoded');
    });
    const emitter = api as unknown as { on(event: string, fn: (...args: any[]) => void): unknown };
    const on = (event: EventName, fn: (...args: any[]) => void) =>
      emitter.on(event, (...args: unknown[]) => {
        if (this.current !== att || att.failed) return;
        try {
          fn(...args);
        } catch (err) {
          this.alarm(att, 0, `the TWS connection's ${event} handler failed: ${describe(err)}`);
        }
      });
    on(EventName.connected, () => {
      if (this._state === 'connecting') this.setState('handshaking', 'TWS answered; waiting for nextValidId');
    });
    on(EventName.server, (version: number) => (att.serverVersion = version));
    on(EventName.managedAccounts, (list: string) => (att.accounts = String(list ?? '').split(',').filter((a) => a !== '')));
    on(EventName.nextValidId, (id: number) => this.onNextValidId(att, id));
    on(EventName.info, (message: string, code: number) => this.onNotice(att, { kind: 'info', code, reqId: -1, message: String(message) }));
    on(EventName.error, (err: Error, code: number, reqId: number) => this.onNotice(att, { kind: 'error', code, reqId, message: err?.message ?? String(err) }));
    on(EventName.disconnected, () => this.fail(att, 'the connection closed'));
    // Order ids seen in TWS's messages: ours must stay above all of them (§7 P4).
    on(EventName.openOrder, (orderId: number) => this.observeOrderId(att, orderId));
    on(EventName.orderStatus, (orderId: number) => this.observeOrderId(att, orderId));
    on(EventName.execDetails, (_reqId: number, _contract: unknown, execution: { orderId?: number } | undefined) => this.observeOrderId(att, execution?.orderId));
    this.emitSafe('client', api);
    this.setState('connecting', `connecting to ${this.options.host}:${this.options.port} as client id ${clientId}`);
    const timeoutMs = this.options.handshakeTimeoutMs ?? 5000;
    att.timer = setTimeout(() => this.fail(att, `no nextValidId within ${timeoutMs} ms (handshake time-out)`), timeoutMs);
    try {
      api.connect(clientId);
    } catch (err) {
      this.fail(att, `connect failed: ${describe(err)}`);
    }
  }

  private onNextValidId(att: Attempt, id: number): void {
    if (att.nextValidId !== undefined) {
      // A later nextValidId (an answer to reqIds): only the counter learns from it.
      this.observeOrderId(att, id - 1);
      return;
    }
    att.nextValidId = id;
    this.options.orderIds.observeNextValidId(id).then(
      () => {
        if (this.current !== att || att.failed) return;
        clearTimeout(att.timer);
        att.ready = {
          api: att.api,
          session: att.session,
          clientId: att.clientId,
          serverVersion: att.serverVersion,
          accounts: att.accounts,
          nextValidId: id,
          nextOrderId: this.options.orderIds.peek(),
        };
        clearTimeout(this.stableTimer);
        this.startupFailures = 0;
        this.stableTimer = setTimeout(() => (this.failures = 0), this.options.stableMs ?? 60_000);
        this.stableTimer.unref?.();
        this.refresh(att, `nextValidId ${id}`);
      },
      (err: unknown) => {
        if (this.current !== att || att.failed) return;
        this.alarm(att, 0, `the order-id store refused nextValidId ${id}: ${describe(err)}`);
        this.fail(att, 'the next order id could not be stored');
      },
    );
  }

  private observeOrderId(att: Attempt, orderId: number | undefined): void {
    if (typeof orderId !== 'number' || !Number.isSafeInteger(orderId) || orderId <= 0 || orderId >= MAX_CLIENT_ID) return;
    this.options.orderIds.observeNextValidId(orderId + 1).catch((err: unknown) => this.alarm(att, 0, `the order-id store refused order id ${orderId}: ${describe(err)}`));
  }

  private onNotice(att: Attempt, notice: TwsNotice): void {
    this.emitSafe('notice', notice);
    switch (notice.code) {
      case DECODE_ERROR:
        this.alarm(att, DECODE_ERROR, notice.message);
        break;
      case CLIENT_ID_IN_USE:
        this.candidate = (this.candidates.indexOf(att.clientId) + 1) % this.candidates.length;
        this.fail(att, `client id ${att.clientId} is in use (326); next: client id ${this.candidates[this.candidate]}`, { keepCandidate: true });
        break;
      case CONNECTIVITY_LOST:
        att.upstream = 'lost';
        this.refresh(att, `${notice.code}: ${notice.message}`);
        break;
      case TWS_SERVER_BROKEN:
        att.upstream = 'broken';
        this.refresh(att, `${notice.code}: ${notice.message}`);
        break;
      case RESTORED_DATA_LOST:
      case RESTORED_DATA_MAINTAINED: {
        att.upstream = 'ok';
        this.refresh(att, `${notice.code}: ${notice.message}`);
        if (notice.code === RESTORED_DATA_LOST && att.ready && this.isReady()) this.emitSafe('resubscribe', att.ready);
        break;
      }
    }
  }

  /** Moves to the state the attempt's progress and TWS's connectivity imply (once ready). */
  private refresh(att: Attempt, reason: string): void {
    if (!att.ready) return;
    const next = UPSTREAM_STATE[att.upstream];
    if (next === this._state) return;
    this.setState(next, reason);
    if (next === 'ready') this.emitSafe('ready', att.ready);
  }

  private fail(att: Attempt, reason: string, opts: { keepCandidate?: boolean } = {}): void {
    if (this.current !== att || att.failed) return;
    att.failed = true;
    clearTimeout(att.timer);
    clearTimeout(this.stableTimer);
    this.current = undefined;
    // After a drop from a working connection, the preferred client id is tried first again.
    if (att.ready && !opts.keepCandidate) this.candidate = 0;
    this.dispose(att);
    if (this._state === 'stopped') return;
    this.failures++;
    if (!att.ready) this.startupFailures++;
    const limit = this.options.maxStartupRetries ?? 0;
    if (limit > 0 && this.startupFailures >= limit) {
      this.gaveUp = `failed to connect to ${this.options.host}:${this.options.port} after ${limit} attempts (the start-up retry limit); the last: ${reason}`;
      this.setState('stopped', this.gaveUp);
      return;
    }
    const delay = backoffDelay(this.failures, this.options.backoff, (this.options.random ?? Math.random)());
    this.setState('disconnected', reason, delay);
    this.retryTimer = setTimeout(() => this.connectNow(), delay);
  }

  /** whenReady's rejection once stopped: by stop(), or by the start-up retry limit (with why). */
  private stoppedError(): Error {
    return new Error(this.gaveUp === undefined ? 'TWS connection stopped' : `TWS connection stopped: ${this.gaveUp}`);
  }

  /** Detaches from a client and closes its socket; stop() waits for the close. */
  private dispose(att: Attempt): void {
    clearTimeout(att.timer);
    const api = att.api;
    const closed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      api.removeAllListeners();
      api.once(EventName.disconnected, () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        api.disconnect();
      } catch {
        resolve();
      }
      if (!api.isConnected) setTimeout(resolve, 50); // nothing may be open: do not wait the full second
    });
    const tracked = closed.then(() => {
      api.removeAllListeners();
      this.closing.delete(tracked);
    });
    this.closing.add(tracked);
  }

  private setState(state: TwsState, reason: string, retryInMs?: number): void {
    const previous = this._state;
    this._state = state;
    this.emitSafe('state', { state, previous, reason, clientId: this.clientId, retryInMs, failures: this.failures });
  }

  private alarm(att: Attempt, code: number, message: string): void {
    this.emitSafe('alarm', { code, message, clientId: att.clientId });
  }

  /** A listener that throws must not break the state machine (or the decoder's call stack). */
  private emitSafe<K extends keyof TwsConnectionEvents>(event: K, ...args: TwsConnectionEvents[K]): void {
    try {
      (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    } catch (err) {
      if (event === 'alarm') return;
      try {
        this.emit('alarm', { code: 0, message: `a '${event}' listener of the TWS connection threw: ${describe(err)}`, clientId: this.clientId });
      } catch {
        // an alarm listener that throws is not allowed to take the connection down either
      }
    }
  }
}
