// One client connection: handshake (API\0, version, START_API), request dispatch, outgoing buffer
// and the subscriptions it holds. Nothing a client sends can throw out of here: framing errors close
// this connection, unreadable or refused requests are answered with ERR_MSG. Expensive requests go
// through the fair scheduler (request-scheduler.ts); a peer that does not read stops being read
// (soft limit) and is dropped past the hard limit; nothing is written before the send barrier
// (state.commitBeforeSend: money state durable first).

import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as enc from '../wire/encoders.ts';
import { ERR, NO_ID, TEXT } from '../wire/error-codes.ts';
import { FieldReader, RequestError } from '../wire/field-reader.ts';
import { FrameReader, FramingError } from '../wire/framing.ts';
import { negotiateVersion } from '../wire/handshake.ts';
import { IN, requestName } from '../wire/message-ids.ts';
import { OutBuffer } from '../wire/out-buffer.ts';
import { readStartApi } from '../wire/requests.ts';
import { formatEasternWithZone } from '../../../shared/time/tws-time.ts';
import type { RequestHandler } from './module.ts';
import { HARD_BACKLOG_BYTES, HEAVY_REQUESTS, HISTORICAL_REQUESTS, MAX_OPEN_HISTORICAL, MAX_QUEUED_JOBS, SOFT_BACKLOG_BYTES } from './request-scheduler.ts';
import type { SimulatorState } from './state.ts';
import type { HistoricalSubscription, MarketDataLine, RealTimeBarSubscription } from './subscriptions.ts';

export type SessionPhase = 'version' | 'start-api' | 'ready' | 'closed';

let serials = 0;

export class Session {
  /** Connection number, unique per process. */
  readonly serial = ++serials;
  readonly remote: string;
  phase: SessionPhase = 'version';
  /** Set by START_API; -1 before. */
  clientId = -1;
  /** reqMarketDataType: 1 live, 2 frozen, 3 delayed, 4 delayed-frozen. */
  marketDataType = 1;
  readonly lines = new Map<number, MarketDataLine>();
  readonly historical = new Map<number, HistoricalSubscription>();
  readonly realTimeBars = new Map<number, RealTimeBarSubscription>();
  readonly out = new OutBuffer();
  private readonly frames = new FrameReader();
  private readonly delayed: { due: number; data: Buffer }[] = [];
  private delayTimer: ReturnType<typeof setTimeout> | undefined;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private readingPaused = false;

  constructor(
    private readonly socket: Socket,
    private readonly state: SimulatorState,
    private readonly handlers: ReadonlyMap<number, RequestHandler>,
    handshakeTimeoutMs: number,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close('socket error'));
    socket.on('close', () => this.close('peer closed'));
    socket.on('drain', () => {
      this.updateFlow();
      this.state.scheduler.kick();
    });
    this.handshakeTimer = setTimeout(() => this.close('handshake timeout'), handshakeTimeoutMs);
    this.handshakeTimer.unref();
  }

  /** Bytes accepted but not yet sent to the peer. */
  get backlog(): number {
    let delayed = 0;
    for (const d of this.delayed) delayed += d.data.length;
    return this.socket.writableLength + this.out.length + delayed;
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  /**
   * Stops reading the peer's requests while it has too much unsent output or too many queued jobs,
   * and reads again once both are back under their limits.
   */
  updateFlow(): void {
    if (this.phase === 'closed') return;
    const over = this.backlog > SOFT_BACKLOG_BYTES || this.state.scheduler.queued(this) > MAX_QUEUED_JOBS;
    if (over && !this.readingPaused) {
      this.readingPaused = true;
      this.socket.pause();
    } else if (!over && this.readingPaused) {
      this.readingPaused = false;
      this.socket.resume();
    }
  }

  /** Queues one message body (encoders.ts) for the next flush. */
  send(body: string): void {
    if (this.phase !== 'closed') this.out.push(body);
  }

  /** Queues ERR_MSG [4, 2, id, code, text, ""]; id -1 is a notice (client `info`). */
  error(id: number, code: number, text: string): void {
    this.send(enc.errorMessage(id, code, text));
  }

  /**
   * Writes everything queued in one socket write (after the response-delay fault, if set), once the
   * send barrier has made the state the messages reveal durable; if it fails, the messages stay
   * queued. A peer whose unsent output passes the hard limit is disconnected.
   */
  flush(): void {
    if (this.out.length === 0 || this.phase === 'closed') return;
    if (!this.state.commitBeforeSend()) return;
    const data = this.out.take()!;
    const delay = this.state.faults.responseDelayMs;
    if (delay > 0 || this.delayed.length > 0) {
      this.delayed.push({ due: performance.now() + delay, data });
      this.scheduleDelayed();
    } else {
      this.socket.write(data);
    }
    if (this.backlog > HARD_BACKLOG_BYTES) {
      const reason = `unsent output over ${HARD_BACKLOG_BYTES / 1024 / 1024} MiB (the client does not read)`;
      this.state.log(`client ${this.describe()}: ${reason}; closing the connection`);
      this.close(reason);
    } else if (!this.readingPaused && this.backlog > SOFT_BACKLOG_BYTES) {
      this.updateFlow();
    }
  }

  /** Writes raw bytes now (the burst fault: many messages in one TCP write). */
  writeRaw(data: Buffer): void {
    if (this.phase !== 'closed') this.socket.write(data);
  }

  /** Closes the connection (idempotent) and releases its client id and subscriptions. */
  close(reason: string): void {
    if (this.phase === 'closed') return;
    const wasReady = this.phase === 'ready';
    this.phase = 'closed';
    this.frames.stop();
    clearTimeout(this.handshakeTimer);
    clearTimeout(this.delayTimer);
    this.delayed.length = 0;
    this.lines.clear();
    this.historical.clear();
    this.realTimeBars.clear();
    this.socket.destroy();
    const state = this.state;
    state.scheduler.drop(this);
    state.sessions.delete(this);
    if (wasReady && state.byClientId.get(this.clientId) === this) state.byClientId.delete(this.clientId);
    if (wasReady) for (const m of state.modules) m.onSessionClosed?.(state, this);
    state.events.emit('session-closed', this, reason);
  }

  /** Sends what is queued, then closes once the peer has it (used after 326). */
  closeAfterFlush(reason: string): void {
    if (this.phase === 'closed') return;
    const data = this.state.commitBeforeSend() ? this.out.take() : null;
    this.phase = 'closed';
    this.frames.stop();
    clearTimeout(this.handshakeTimer);
    this.state.sessions.delete(this);
    this.state.scheduler.drop(this);
    this.state.events.emit('session-closed', this, reason);
    if (data) this.socket.end(data);
    else this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref(); // TWS hangs up about 0.7 s later (§3)
  }

  private onData(chunk: Buffer): void {
    try {
      this.frames.push(chunk, (payload) => this.onFrame(payload));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.state.log(`client ${this.describe()}: ${message}; closing the connection`);
      this.state.events.emit('request-error', this, err instanceof FramingError ? 0 : ERR.REQUEST_READ_ERROR, message, NO_ID);
      this.close(message);
      return;
    }
    this.flush();
  }

  private onFrame(payload: Buffer): void {
    if (this.phase === 'version') return this.onVersion(payload);
    let r: FieldReader;
    try {
      r = FieldReader.fromPayload(payload);
    } catch (err) {
      return this.refuse(err);
    }
    if (this.phase === 'start-api') {
      if (r.msgId !== IN.START_API) {
        this.error(NO_ID, ERR.REQUEST_READ_ERROR, TEXT.readError(requestName(r.msgId), 'the first request must be START_API (71)'));
        this.closeAfterFlush('request before START_API');
        return;
      }
      try {
        this.onStartApi(readStartApi(r));
      } catch (err) {
        this.refuse(err, NO_ID, IN.START_API);
        this.closeAfterFlush('unreadable START_API');
      }
      return;
    }
    if (this.phase !== 'ready') return;
    this.dispatch(r);
  }

  private onVersion(payload: Buffer): void {
    const v = negotiateVersion(payload);
    if (!v.ok) {
      this.state.log(`client ${this.remote}: ${v.reason}; closing the connection`);
      this.close(v.reason);
      return;
    }
    // §3 step 2: the first message is framed too, every field NUL-terminated.
    this.send(enc.serverVersion(v.version, formatEasternWithZone(this.state.now())));
    this.phase = 'start-api';
  }

  private onStartApi({ clientId }: { clientId: number }): void {
    const state = this.state;
    clearTimeout(this.handshakeTimer);
    if (state.byClientId.has(clientId)) {
      // §3 step 3: 326 as id -1 (the client's `info`), no managedAccounts or nextValidId, then close.
      this.error(NO_ID, ERR.CLIENT_ID_IN_USE, TEXT.clientIdInUse);
      this.closeAfterFlush(`client id ${clientId} already in use`);
      return;
    }
    if (state.byClientId.size >= state.maxClients) {
      this.error(NO_ID, ERR.CLIENT_ID_IN_USE, `Unable to connect: the maximum of ${state.maxClients} API clients is reached.`);
      this.closeAfterFlush('too many clients');
      return;
    }
    this.clientId = clientId;
    this.phase = 'ready';
    state.byClientId.set(clientId, this);
    state.orderIds.touch(clientId);
    // §3 step 3, in this order: managedAccounts, nextValidId (releases the client's queue), farm notices.
    this.send(enc.managedAccounts(state.accounts));
    this.send(enc.nextValidId(state.orderIds.peek(clientId)));
    const ok = state.faults.upstream === 'ok';
    this.error(NO_ID, ok ? ERR.MARKET_FARM_OK : ERR.MARKET_FARM_BROKEN, ok ? TEXT.marketFarmOk : TEXT.marketFarmBroken);
    this.error(NO_ID, ok ? ERR.HMDS_FARM_OK : ERR.HMDS_FARM_BROKEN, ok ? TEXT.hmdsFarmOk : TEXT.hmdsFarmBroken);
    this.error(NO_ID, ok ? ERR.SECDEF_FARM_OK : ERR.SECDEF_FARM_BROKEN, ok ? TEXT.secdefFarmOk : TEXT.secdefFarmBroken);
    for (const m of state.modules) m.onSessionReady?.(state, this);
    state.events.emit('session-ready', this);
  }

  /**
   * Expensive requests, and any request behind one, wait in this session's queue of the fair
   * scheduler; a historical request beyond TWS's 50 open ones is refused at once with 322.
   */
  private dispatch(r: FieldReader): void {
    const scheduler = this.state.scheduler;
    const heavy = HEAVY_REQUESTS.has(r.msgId);
    const historical = HISTORICAL_REQUESTS.has(r.msgId);
    if (historical && scheduler.historical(this) + this.historical.size >= MAX_OPEN_HISTORICAL) {
      const reqId = Number(r.peek(1));
      const id = Number.isSafeInteger(reqId) ? reqId : NO_ID;
      this.refuse(new RequestError(ERR.REQUEST_PROCESSING, id, TEXT.tooManyHistorical(MAX_OPEN_HISTORICAL)), id, r.msgId);
      this.state.events.emit('request', this, r.msgId);
      return;
    }
    if (heavy || scheduler.queued(this) > 0) scheduler.enqueue(this, () => this.handle(r), historical);
    else this.handle(r);
  }

  private handle(r: FieldReader): void {
    if (this.phase !== 'ready') return;
    const handler = this.handlers.get(r.msgId);
    try {
      if (!handler) {
        const name = requestName(r.msgId);
        const cause = name.startsWith('UNKNOWN') ? 'unknown message id (not a request of server version 193)' : 'not supported by the MoneyTrailz TWS simulator';
        throw new RequestError(ERR.REQUEST_VALIDATION, NO_ID, TEXT.validation(name, cause));
      }
      handler({ session: this, state: this.state, r });
    } catch (err) {
      this.refuse(err, r.reqId, r.msgId);
    }
    this.state.events.emit('request', this, r.msgId);
  }

  /** Answers a request that failed: RequestError with its code, anything else as 320. */
  private refuse(err: unknown, reqId = NO_ID, msgId?: number): void {
    if (err instanceof RequestError) {
      this.error(err.reqId, err.code, err.message);
      this.state.events.emit('request-error', this, err.code, err.message, err.reqId, msgId);
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.state.log(`client ${this.describe()}: request failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    this.error(reqId, ERR.REQUEST_READ_ERROR, `Error processing request: ${message}`);
    this.state.events.emit('request-error', this, ERR.REQUEST_READ_ERROR, message, reqId, msgId);
  }

  private scheduleDelayed(): void {
    if (this.delayTimer || this.delayed.length === 0) return;
    const wait = Math.max(0, this.delayed[0].due - performance.now());
    this.delayTimer = setTimeout(() => {
      this.delayTimer = undefined;
      const now = performance.now();
      while (this.delayed.length > 0 && this.delayed[0].due <= now + 1) {
        const item = this.delayed.shift()!;
        if (this.phase !== 'closed') this.socket.write(item.data);
      }
      this.scheduleDelayed();
    }, wait);
  }

  describe(): string {
    return this.clientId >= 0 ? `${this.clientId} (${this.remote})` : this.remote;
  }
}

