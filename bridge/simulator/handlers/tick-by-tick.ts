// Tick-by-tick data (ib-protocol.md §6 "Tick-by-tick"): reqTickByTickData streams, from the same
// replayed quotes reqMktData reports (quotes.ts), one TICK_BY_TICK per change at each replay clock
// move: Last / AllLast when the last trade (price, size or time) changes, BidAsk when the quote
// changes (sizes ignored with ignoreSize), MidPoint when the midpoint moves. The current state is
// sent at once; no historical ticks precede it (numberOfTicks is read, not served). Indices have no
// trades or quotes of their own: refused with 10189.

import * as svc from '../wire/service-encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN, requestName } from '../wire/message-ids.ts';
import { readReqIdOnly, readTickByTick } from '../wire/service-requests.ts';
import { newQuote, type Quote } from '../market/quotes.ts';
import type { Listing } from '../market/listed.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { Session } from '../server/session.ts';
import type { SimulatorState } from '../server/state.ts';

const KINDS = { Last: 1, AllLast: 2, BidAsk: 3, MidPoint: 4 } as const;
type Kind = (typeof KINDS)[keyof typeof KINDS];

/** Simultaneous tick-by-tick subscriptions across all clients: our allowance, 5 per 100 market data lines. */
export function tickByTickLimit(marketDataLines: number): number {
  return Math.max(1, Math.floor(marketDataLines / 20));
}

interface TickByTickSubscription {
  readonly reqId: number;
  readonly instrument: Listing;
  readonly kind: Kind;
  readonly ignoreSize: boolean;
  readonly quote: Quote;
  /** What the last tick said: [price|bid, size|ask, time|bidSize, askSize]. */
  readonly sent: number[];
}

const subscriptions = new WeakMap<Session, Map<number, TickByTickSubscription>>();

function inUse(state: SimulatorState): number {
  let n = 0;
  for (const s of state.sessions) n += subscriptions.get(s)?.size ?? 0;
  return n;
}

/** Sends the subscription's tick if it changed since the last one (or always when `first`). */
function publish(state: SimulatorState, session: Session, sub: TickByTickSubscription, now: number, first: boolean): void {
  const q = state.quotes.quote(sub.instrument, now, sub.quote);
  if (!q.valid) return;
  const s = sub.sent;
  const time = Math.floor(now / 1000);
  switch (sub.kind) {
    case 1:
    case 2: {
      if (!(q.last > 0) || (!first && s[0] === q.last && s[1] === q.lastSize && s[2] === q.lastTime)) return;
      s[0] = q.last;
      s[1] = q.lastSize;
      s[2] = q.lastTime;
      const inst = sub.instrument;
      const exchange = inst.secType === 'STK' ? inst.primaryExchange : 'CBOE';
      session.send(svc.tickByTickLast(sub.reqId, sub.kind, q.lastTime, q.last, q.lastSize, 0, exchange, ''));
      return;
    }
    case 3: {
      const sizesSame = sub.ignoreSize || (s[2] === q.bidSize && s[3] === q.askSize);
      if (!(q.ask > 0) || (!first && s[0] === q.bid && s[1] === q.ask && sizesSame)) return;
      s[0] = q.bid;
      s[1] = q.ask;
      s[2] = q.bidSize;
      s[3] = q.askSize;
      session.send(svc.tickByTickBidAsk(sub.reqId, time, q.bid, q.ask, q.bidSize, q.askSize, 0));
      return;
    }
    case 4: {
      const mid = Math.round(((q.bid + q.ask) / 2) * 1e6) / 1e6;
      if (!(mid > 0) || (!first && s[0] === mid)) return;
      s[0] = mid;
      session.send(svc.tickByTickMidPoint(sub.reqId, time, mid));
      return;
    }
  }
}

export const tickByTickModule: SimulatorModule = {
  name: 'tick-by-tick',
  handlers: {
    /** [97, reqId, contract(12), tickType, numberOfTicks, ignoreSize] → TICK_BY_TICK now and on every change. */
    [IN.REQ_TICK_BY_TICK_DATA]: ({ session, state, r }) => {
      const req = readTickByTick(r);
      const { reqId } = req;
      let subs = subscriptions.get(session);
      if (subs?.has(reqId)) throw new RequestError(ERR.REQUEST_PROCESSING, reqId, TEXT.duplicateTickerId(reqId));
      const kind = KINDS[req.tickType as keyof typeof KINDS] as Kind | undefined;
      if (!kind) throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation(requestName(IN.REQ_TICK_BY_TICK_DATA), `tickType '${req.tickType}' is not one of Last, AllLast, BidAsk, MidPoint`));
      const now = state.now();
      const res = state.catalogue.resolve(req.contract, now);
      if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
      if (res.instrument.secType === 'IND') throw new RequestError(ERR.TICK_BY_TICK_FAILED, reqId, TEXT.tickByTickFailed('an index has no trades or quotes of its own'));
      if (inUse(state) >= tickByTickLimit(state.faults.marketDataLines)) throw new RequestError(ERR.MAX_TICK_BY_TICK, reqId, TEXT.maxTickByTick);
      if (!subs) subscriptions.set(session, (subs = new Map()));
      const sub: TickByTickSubscription = { reqId, instrument: res.instrument, kind, ignoreSize: req.ignoreSize, quote: newQuote(), sent: [NaN, NaN, NaN, NaN] };
      subs.set(reqId, sub);
      if (state.faults.upstream === 'ok') publish(state, session, sub, now, true);
    },

    /** [98, reqId]: stops the stream (an id with no stream is ignored). */
    [IN.CANCEL_TICK_BY_TICK_DATA]: ({ session, r }) => {
      const { reqId } = readReqIdOnly(r);
      subscriptions.get(session)?.delete(reqId);
    },
  },

  onAdvance(state, now) {
    if (state.faults.upstream !== 'ok') return;
    for (const session of state.sessions) {
      const subs = subscriptions.get(session);
      if (!subs) continue;
      for (const sub of subs.values()) publish(state, session, sub, now, false);
    }
  },

  onSessionClosed(_state, session) {
    subscriptions.delete(session);
  },
};
