// Test clients for the TWS simulator: the real, unmodified @stoqey/ib `IBApi` and `IBApiNext` over a
// real TCP socket on 127.0.0.1. Every client records what it received; when the test finishes it
// FAILS the test if the client reported any 505 (decoding error / underrun: a wire layout bug,
// ib-protocol.md §0 "Strictness") or any error the test did not declare with allow(), and
// disconnects.

import { onTestFinished } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { filter, timeout } from 'rxjs/operators';
import { ConnectionState, EventName, IBApi, IBApiNext, type Contract, type IBApiNextError } from '@stoqey/ib';

export interface RecordedError {
  readonly code: number;
  readonly reqId: number;
  readonly message: string;
}

export interface RecordedEvent {
  readonly name: string;
  readonly args: readonly unknown[];
}

export interface ClientOptions {
  readonly port: number;
  readonly clientId: number;
  /** Default 1000 (stoqey's limiter sends rate/10 messages per 100 ms; 40 would slow tests down). */
  readonly maxReqPerSec?: number;
}

const HOST = '127.0.0.1';
/** Client-side codes meaning the simulator sent something the decoder could not read. */
const DECODE_ERROR = 505;

/** Collects errors and decides which ones fail the test. */
export class ErrorLedger {
  readonly errors: RecordedError[] = [];
  readonly infos: { code: number; message: string }[] = [];
  private readonly allowed: { code: number; reqId?: number }[] = [];

  /** Declares an error the test expects (optionally only for one request id). */
  allow(code: number, reqId?: number): void {
    this.allowed.push({ code, reqId });
  }

  /** Everything that should fail the test: every 505 (even if allowed), and errors not allowed. */
  problems(): string[] {
    const out: string[] = [];
    for (const e of this.errors) {
      if (e.code === DECODE_ERROR) out.push(`505 decoding error (reqId ${e.reqId}): ${e.message}`);
      else if (!this.allowed.some((a) => a.code === e.code && (a.reqId === undefined || a.reqId === e.reqId))) {
        out.push(`unexpected error ${e.code} (reqId ${e.reqId}): ${e.message}`);
      }
    }
    for (const i of this.infos) if (i.code === DECODE_ERROR) out.push(`505 decoding notice: ${i.message}`);
    return out;
  }
}

/** Waits for the first recorded event after `after` matching name and predicate. */
class EventLog {
  readonly events: RecordedEvent[] = [];
  private readonly waiters = new Set<() => void>();

  push(name: string, args: readonly unknown[]): void {
    this.events.push({ name, args });
    for (const w of [...this.waiters]) w();
  }

  /** Index to start a later search from. */
  mark(): number {
    return this.events.length;
  }

  find(name: string, pred: (...args: any[]) => boolean, after: number): RecordedEvent | undefined {
    for (let i = after; i < this.events.length; i++) {
      const e = this.events[i];
      if (e.name === name && pred(...e.args)) return e;
    }
    return undefined;
  }

  all(name: string, pred: (...args: any[]) => boolean = () => true, after = 0): RecordedEvent[] {
    return this.events.slice(after).filter((e) => e.name === name && pred(...e.args));
  }

  wait(name: string, pred: (...args: any[]) => boolean, after: number, timeoutMs: number, describe: () => string): Promise<readonly unknown[]> {
    const hit = this.find(name, pred, after);
    if (hit) return Promise.resolve(hit.args);
    return new Promise((resolve, reject) => {
      const check = () => {
        const e = this.find(name, pred, after);
        if (e) {
          cleanup();
          resolve(e.args);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for '${name}' (${describe()})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }
}

export interface WaitOptions {
  /** Only events recorded at or after this mark() (default: from now on). */
  readonly after?: number;
  readonly timeoutMs?: number;
}

/** A connected IBApi with an event log and an error ledger. */
export class IbTestClient {
  readonly ledger = new ErrorLedger();
  readonly log = new EventLog();
  private closed = false;

  private constructor(
    readonly api: IBApi,
    readonly clientId: number,
  ) {
    api.on(EventName.error, (err: Error, code: number, reqId: number) => {
      this.ledger.errors.push({ code, reqId, message: err?.message ?? String(err) });
    });
    api.on(EventName.info, (message: string, code: number) => this.ledger.infos.push({ code, message }));
    api.on(EventName.all, (name: string, args: unknown[]) => {
      if (name !== EventName.received && name !== EventName.sent) this.log.push(name, args);
    });
  }

  /**
   * Connects and resolves once nextValidId arrived (the client's ready signal, §7 P2). The test
   * fails afterwards on any 505 or undeclared error, and the client is disconnected.
   */
  static async connect(options: ClientOptions & { readonly waitReady?: boolean }): Promise<IbTestClient> {
    const api = new IBApi({ host: HOST, port: options.port, clientId: options.clientId, maxReqPerSec: options.maxReqPerSec ?? 1000 });
    const client = new IbTestClient(api, options.clientId);
    onTestFinished(async () => {
      await client.disconnect();
      const problems = client.ledger.problems();
      if (problems.length) throw new Error(`IBApi client ${options.clientId} reported:\n  ${problems.join('\n  ')}`);
    });
    const ready = client.waitFor(EventName.nextValidId, () => true, { timeoutMs: 5000 });
    api.connect(options.clientId);
    if (options.waitReady ?? true) await ready;
    else ready.catch(() => undefined);
    return client;
  }

  mark(): number {
    return this.log.mark();
  }

  allow(code: number, reqId?: number): void {
    this.ledger.allow(code, reqId);
  }

  /** The args of the first `event` (after `options.after`, default now) matching `pred`. */
  waitFor(event: string, pred: (...args: any[]) => boolean = () => true, options: WaitOptions = {}): Promise<readonly any[]> {
    return this.log.wait(event, pred, options.after ?? this.log.mark(), options.timeoutMs ?? 5000, () => `IBApi client ${this.clientId}`);
  }

  /** Waits for an error event with this code (and request id). */
  waitForError(code: number, reqId?: number, options: WaitOptions = {}): Promise<readonly any[]> {
    return this.waitFor(EventName.error, (_e: Error, c: number, id: number) => c === code && (reqId === undefined || id === reqId), options);
  }

  /** Waits for an info notice (ERR_MSG with id -1) with this code. */
  waitForInfo(code: number, options: WaitOptions = {}): Promise<readonly any[]> {
    return this.waitFor(EventName.info, (_m: string, c: number) => c === code, options);
  }

  /**
   * Round trip (reqCurrentTime → currentTime). The server answers requests in order and writes a clock
   * move's ticks before reading later requests, so after sync() every message caused by earlier
   * clock moves and requests has been decoded: a deterministic barrier, no sleeping.
   */
  async sync(): Promise<void> {
    const p = this.waitFor(EventName.currentTime);
    this.api.reqCurrentTime();
    await p;
  }

  /** Recorded events of one name (after a mark). */
  events(event: string, pred?: (...args: any[]) => boolean, after = 0): RecordedEvent[] {
    return this.log.all(event, pred, after);
  }

  /** Disconnects and waits for the socket to close (idempotent). */
  async disconnect(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.api.isConnected) return;
    const gone = new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 2000);
      this.api.once(EventName.disconnected, () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.api.disconnect();
    await gone;
  }
}

const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface NextClientOptions extends ClientOptions {
  /** Auto-reconnect interval in ms (0 = off, IBApiNext's default). */
  readonly reconnectInterval?: number;
}

/** A connected IBApiNext with an error ledger (fed by `next.error`) and its IBApi's event log. */
export class IbNextTestClient {
  readonly ledger = new ErrorLedger();
  readonly log = new EventLog();
  readonly next: IBApiNext;
  private state: ConnectionState = ConnectionState.Disconnected;

  private constructor(
    options: NextClientOptions,
    readonly clientId: number,
  ) {
    this.next = new IBApiNext({
      host: HOST,
      port: options.port,
      reconnectInterval: options.reconnectInterval ?? 0,
      maxReqPerSec: options.maxReqPerSec ?? 1000,
      logger: silentLogger,
    });
    this.next.connectionState.subscribe((st) => (this.state = st));
    this.next.error.subscribe((e: IBApiNextError) => {
      this.ledger.errors.push({ code: e.code, reqId: e.reqId, message: e.error?.message ?? String(e.error) });
    });
    // The wrapped IBApi (private in the typings): its info notices and events, for assertions only.
    const api = (this.next as unknown as { api: IBApi }).api;
    api.on(EventName.info, (message: string, code: number) => this.ledger.infos.push({ code, message }));
    api.on(EventName.all, (name: string, args: unknown[]) => {
      if (name !== EventName.received && name !== EventName.sent) this.log.push(name, args);
    });
  }

  /** Connects with a fixed client id and resolves once the connection state is Connected. */
  static async connect(options: NextClientOptions): Promise<IbNextTestClient> {
    const client = new IbNextTestClient(options, options.clientId);
    onTestFinished(async () => {
      await client.disconnect();
      const problems = client.ledger.problems();
      if (problems.length) throw new Error(`IBApiNext client ${options.clientId} reported:\n  ${problems.join('\n  ')}`);
    });
    client.next.connect(options.clientId);
    await client.connected();
    await client.waitFor(EventName.nextValidId, () => true, { after: 0 });
    return client;
  }

  allow(code: number, reqId?: number): void {
    this.ledger.allow(code, reqId);
  }

  mark(): number {
    return this.log.mark();
  }

  waitFor(event: string, pred: (...args: any[]) => boolean = () => true, options: WaitOptions = {}): Promise<readonly any[]> {
    return this.log.wait(event, pred, options.after ?? this.log.mark(), options.timeoutMs ?? 5000, () => `IBApiNext client ${this.clientId}`);
  }

  /** Recorded events of the wrapped IBApi, of one name (after a mark). */
  events(event: string, pred?: (...args: any[]) => boolean, after = 0): RecordedEvent[] {
    return this.log.all(event, pred, after);
  }

  /** Resolves when the connection state is (or becomes) Connected. */
  connected(timeoutMs = 5000): Promise<unknown> {
    return firstValueFrom(this.next.connectionState.pipe(filter((s) => s === ConnectionState.Connected), timeout(timeoutMs)));
  }

  /** Resolves when the connection state is (or becomes) Disconnected. */
  disconnected(timeoutMs = 5000): Promise<unknown> {
    return firstValueFrom(this.next.connectionState.pipe(filter((s) => s === ConnectionState.Disconnected), timeout(timeoutMs)));
  }

  async disconnect(): Promise<void> {
    if (this.state === ConnectionState.Disconnected) {
      this.next.disconnect(); // also stops a pending auto-reconnect
      return;
    }
    const gone = this.disconnected(2000).catch(() => undefined);
    this.next.disconnect();
    await gone;
  }
}

/** TWS's positions through an independent client (reqPositions on its own port), as {symbol: [qty, avgCost]}, zeros left out. */
export async function twsPositions(port: number): Promise<Record<string, [number, number]>> {
  const c = await IbTestClient.connect({ port, clientId: 90 });
  const at = c.mark();
  c.api.reqPositions();
  await c.waitFor(EventName.positionEnd, () => true, { after: at });
  const out: Record<string, [number, number]> = {};
  for (const e of c.events(EventName.position, () => true, at)) if ((e.args[2] as number) !== 0) out[(e.args[1] as Contract).symbol!] = [e.args[2] as number, e.args[3] as number];
  await c.disconnect();
  return out;
}
