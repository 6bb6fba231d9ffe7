// reqMktData / cancelMktData and the streaming of market data lines on every replay clock move
// (ib-protocol.md §6 "Market data", "Snapshot"; P8 for the line limit).

import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readMktData, readVersionedCancel } from '../wire/requests.ts';
import { DELAY_MS, TickStream, parseGenericTicks } from '../market/tick-model.ts';
import { newQuote } from '../market/quotes.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { Session } from '../server/session.ts';
import type { SimulatorState } from '../server/state.ts';
import type { MarketDataLine } from '../server/subscriptions.ts';

/** The bboExchange TICK_REQ_PARAMS names for stocks, ETFs and indices (reqSmartComponents resolves it). */
export const STOCK_BBO_EXCHANGE = '9c0001';

/** A connection this far behind on reading gets no new ticks until it catches up (quotes conflate). */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

/** Publishes one line's changes at the replay instant (delayed lines lag by DELAY_MS). */
function publishLine(state: SimulatorState, session: Session, line: MarketDataLine, now: number, full: boolean): void {
  state.quotes.quote(line.stream.instrument, line.delayed ? now - DELAY_MS : now, line.quote);
  line.stream.publish(line.quote, session.out, full);
}

/** Streams every line of every connection; called after each clock move and after connectivity returns. */
export function publishMarketData(state: SimulatorState, now: number): void {
  if (state.faults.upstream !== 'ok') return;
  for (const session of state.sessions) {
    if (session.lines.size === 0 || session.backlog > MAX_BACKLOG_BYTES) continue;
    for (const line of session.lines.values()) publishLine(state, session, line, now, false);
  }
}

export const marketDataModule: SimulatorModule = {
  name: 'market-data',
  handlers: {
    /**
     * [1, 11, reqId, contract, …, genericTickList, snapshot, regulatorySnapshot, options] →
     * MARKET_DATA_TYPE, TICK_REQ_PARAMS, then the current ticks; a snapshot ends with
     * TICK_SNAPSHOT_END and holds no line. Errors: 322 duplicate id, 200 unknown/ambiguous
     * contract, 321 a snapshot with generic ticks, 101 when all market data lines are in use.
     */
    [IN.REQ_MKT_DATA]: ({ session, state, r }) => {
      const req = readMktData(r);
      const { reqId } = req;
      if (session.lines.has(reqId)) throw new RequestError(ERR.REQUEST_PROCESSING, reqId, TEXT.duplicateTickerId(reqId));
      const now = state.now();
      const res = state.catalogue.resolve(req.contract, now);
      if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
      const snapshot = req.snapshot || req.regulatorySnapshot;
      // TWS refuses generic ticks on a snapshot (a streaming line must ask for them).
      if (snapshot && req.genericTickList.trim() !== '') {
        throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('bX', 'Snapshot market data subscription is not applicable to generic ticks'));
      }
      if (!snapshot && state.linesInUse() >= state.faults.marketDataLines) throw new RequestError(ERR.MAX_TICKERS, reqId, TEXT.maxTickers);
      const type = session.marketDataType;
      const line: MarketDataLine = {
        reqId,
        stream: new TickStream(reqId, res.instrument, type >= 3, parseGenericTicks(req.genericTickList)),
        quote: newQuote(),
        delayed: type >= 3,
      };
      session.send(enc.marketDataType(reqId, type));
      session.send(enc.tickReqParams(reqId, state.catalogue.minTick(res.instrument), res.instrument.secType === 'OPT' ? '' : STOCK_BBO_EXCHANGE, 3));
      const live = state.faults.upstream === 'ok';
      if (snapshot) {
        if (live) publishLine(state, session, line, now, true);
        session.send(enc.tickSnapshotEnd(reqId));
        return;
      }
      session.lines.set(reqId, line);
      if (live) publishLine(state, session, line, now, true);
    },

    /** [2, 1, reqId]: stops the line; an unknown id → 300 (TWS's "Can't find EId"). */
    [IN.CANCEL_MKT_DATA]: ({ session, r }) => {
      const { reqId } = readVersionedCancel(r);
      if (!session.lines.delete(reqId)) throw new RequestError(ERR.NO_TICKER_FOR_CANCEL, reqId, TEXT.noTickerForCancel(reqId));
    },
  },
  onAdvance: (state, now) => publishMarketData(state, now),
};
