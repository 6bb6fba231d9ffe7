// The app protocol's view of the TWS connection (docs/app-protocol.md §6): request ids of its own,
// answers routed by request id (one listener per event for every feed, not one per feed), errors
// routed the same way, and a 'restart' whenever every TWS request must be made again — a new
// session (a new IBApi after a reconnect) or 1101 "connectivity restored, data lost"
// (ib-protocol.md §7 P6). While TWS is not ready there is no api: callers fail closed (P3).
import { EventEmitter } from 'node:events';
import { EventName, type IBApi } from '@stoqey/ib';
import type { TwsConnection, TwsNotice } from '../ib/tws-connection.ts';

/** The app protocol's request ids start here, far from order ids and other users of the IBApi. */
export const APP_REQ_ID_BASE = 900_000_000;

/** Events answered per request id (the first argument is the id). */
const ROUTED = [
  EventName.tickPrice,
  EventName.tickSize,
  EventName.tickGeneric,
  EventName.tickString,
  EventName.tickSnapshotEnd,
  EventName.tickOptionComputation,
  EventName.marketDataType,
  EventName.historicalData,
  EventName.historicalDataUpdate,
  EventName.securityDefinitionOptionParameter,
  EventName.securityDefinitionOptionParameterEnd,
  EventName.contractDetails,
  EventName.contractDetailsEnd,
  EventName.pnl,
  // A whatIf order's answer (preview.ts): routed by its order id, which the preview reserved.
  EventName.openOrder,
] as const;
export type RoutedEvent = (typeof ROUTED)[number];

export type RequestHandlers = Partial<Record<RoutedEvent, (...args: any[]) => void>> & {
  /** A TWS error for this request id (warnings excluded). */
  error?: (code: number, message: string) => void;
  /**
   * One-shot requests: TWS stopped being ready or the session ended before the answer (it may never
   * come). Routes with this handler are dropped then; streaming ones are restarted by their owner.
   */
  lost?: () => void;
};

/** Codes TWS sends with a request id that are warnings, not failures of the request. */
export function isWarning(code: number): boolean {
  return (code >= 2100 && code <= 2999) || code === 399 || code === 10167 || code === 10090;
}

/** The IBApi's listener methods without the per-event overloads. */
interface Emitter {
  on(event: string, fn: (...args: any[]) => void): unknown;
  off(event: string, fn: (...args: any[]) => void): unknown;
}

export interface TwsLinkEvents {
  /** Every TWS request of the app protocol must be made again on this api. */
  restart: [IBApi];
  /** TWS stopped being ready (streams pause until the next restart). */
  down: [];
}

export class TwsLink extends EventEmitter<TwsLinkEvents> {
  private nextId = APP_REQ_ID_BASE;
  private readonly routes = new Map<number, RequestHandlers>();
  private readonly attached = new WeakSet<IBApi>();
  private session = -1;

  constructor(readonly conn: TwsConnection | undefined) {
    super();
    if (!conn) return;
    conn.on('client', (api) => this.attach(api));
    conn.on('ready', (r) => {
      this.attach(r.api);
      if (r.session === this.session) return; // 1102 / back from 2110: the same requests go on
      this.session = r.session;
      this.dropRoutes();
      this.emit('restart', r.api);
    });
    conn.on('resubscribe', (r) => {
      this.dropRoutes();
      this.emit('restart', r.api);
    });
    conn.on('state', (s) => {
      if (s.previous !== 'ready' || s.state === 'ready') return;
      this.dropRoutes(true);
      this.emit('down');
    });
    conn.on('notice', (n) => this.onNotice(n));
    const now = conn.readyInfo();
    if (now) {
      this.attach(now.api);
      this.session = now.session;
    }
  }

  /** The api while TWS is ready; undefined otherwise (fail closed). */
  api(): IBApi | undefined {
    return this.conn?.readyApi();
  }

  /** The managed accounts of the current session. */
  accounts(): readonly string[] {
    return this.conn?.readyInfo()?.accounts ?? [];
  }

  /** A fresh request id with its handlers; call the returned function to stop routing it. */
  request(handlers: RequestHandlers): { reqId: number; done: () => void } {
    const reqId = this.conn ? this.conn.nextRequestId() : this.nextId++;
    this.routes.set(reqId, handlers);
    return { reqId, done: () => this.routes.delete(reqId) };
  }

  /**
   * Routes answers and errors of an id the caller allocated itself (a whatIf order's id, reserved from
   * the order-id store so it never collides with a real order's); call the returned function to stop.
   */
  routeId(id: number, handlers: RequestHandlers): () => void {
    this.routes.set(id, handlers);
    return () => {
      if (this.routes.get(id) === handlers) this.routes.delete(id);
    };
  }

  /** Listens to an event of the current api (not routed by id); returns the way to stop. */
  listen(api: IBApi, event: EventName, fn: (...args: any[]) => void): () => void {
    const guarded = (...args: unknown[]) => {
      try {
        fn(...args);
      } catch {
        // a feed's bug must not reach the IBApi's decoder
      }
    };
    const e = api as unknown as Emitter;
    e.on(event, guarded);
    return () => void e.off(event, guarded);
  }

  /** Tells one-shot requests they are lost; drops every route (or only the one-shot ones). */
  private dropRoutes(oneShotOnly = false): void {
    for (const [reqId, h] of [...this.routes]) {
      if (h.lost) {
        this.routes.delete(reqId);
        try {
          h.lost();
        } catch {
          // as below
        }
      } else if (!oneShotOnly) this.routes.delete(reqId);
    }
  }

  private attach(api: IBApi): void {
    if (this.attached.has(api)) return;
    this.attached.add(api);
    for (const event of ROUTED) {
      (api as unknown as Emitter).on(event, (reqId: number, ...rest: unknown[]) => {
        const h = this.routes.get(reqId)?.[event];
        if (!h) return;
        try {
          h(reqId, ...rest);
        } catch {
          // as above
        }
      });
    }
  }

  private onNotice(n: TwsNotice): void {
    if (n.kind !== 'error' || isWarning(n.code)) return;
    const h = this.routes.get(n.reqId);
    if (!h?.error) return;
    try {
      h.error(n.code, n.message);
    } catch {
      // as above
    }
  }
}
