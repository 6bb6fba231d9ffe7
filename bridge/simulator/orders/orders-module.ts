// The order requests of the TWS API served by the paper broker (ib-protocol.md §4, §6 "Orders"):
// placeOrder (3), cancelOrder (4), reqOpenOrders (5), reqExecutions (7), reqAutoOpenOrders (15),
// reqAllOpenOrders (16), reqGlobalCancel (58), reqCompletedOrders (99); on every clock move, GTD
// expiry, order conditions and good-after times (timed-orders.ts) around the matching pass;
// the session boundary (MOC, expiry, DAY orders); open orders re-sent to a client when it connects.

import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import {
  readAutoOpenOrders,
  readCancelOrder,
  readCompletedOrders,
  readExecutions,
  readGlobalCancel,
  readPlaceOrder,
  readVersionOnly,
} from '../wire/requests.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { Session } from '../server/session.ts';
import { cancelOrder, crossSession, matchAll } from './lifecycle.ts';
import { commissionMessage, executionMessage, openOrderMessage, orderStatusMessage } from './order-messages.ts';
import { isTerminal, orderFields, type PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';
import { placeOrder } from './placement.ts';
import { sweepTimedOrders } from './timed-orders.ts';

function sendOpenOrders(session: Session, orders: readonly PaperOrder[]): void {
  for (const o of orders) {
    session.send(openOrderMessage(o));
    session.send(orderStatusMessage(o));
  }
  session.send(enc.openOrderEnd());
}

export function ordersModule(broker: PaperBroker): SimulatorModule {
  return {
    name: 'orders',
    handlers: {
      /** Decodes all ~118 fields first (a malformed order changes nothing), then places or modifies. */
      [IN.PLACE_ORDER]: ({ session, r }) => {
        const req = readPlaceOrder(r);
        try {
          placeOrder(broker, session, req);
        } finally {
          broker.flushAll();
        }
      },

      /** PendingCancel → Cancelled + 202; unknown id 10147; finished order 10148. */
      [IN.CANCEL_ORDER]: ({ session, state, r }) => {
        const { orderId } = readCancelOrder(r);
        const o = broker.book.get(session.clientId, orderId);
        if (!o) throw new RequestError(ERR.CANCEL_NOT_FOUND, orderId, TEXT.cancelNotFound(orderId));
        if (isTerminal(o)) throw new RequestError(ERR.CANCEL_NOT_ALLOWED, orderId, TEXT.cancelNotAllowed(orderId, o.status));
        cancelOrder(broker, o, state.now(), 'api');
        broker.flushAll();
      },

      /** Cancels every open order of every client. */
      [IN.REQ_GLOBAL_CANCEL]: ({ state, r }) => {
        readGlobalCancel(r);
        for (const o of broker.book.open()) cancelOrder(broker, o, state.now(), 'global');
        broker.flushAll();
      },

      /** This client's open orders (openOrder + orderStatus each), then openOrderEnd. */
      [IN.REQ_OPEN_ORDERS]: ({ session, r }) => {
        readVersionOnly(r);
        sendOpenOrders(session, broker.book.open(session.clientId));
      },

      /** Every client's open orders. */
      [IN.REQ_ALL_OPEN_ORDERS]: ({ session, r }) => {
        readVersionOnly(r);
        sendOpenOrders(session, broker.book.open());
      },

      /** Client 0 with autoBind=1 sees every later order's messages; answered with the open orders. */
      [IN.REQ_AUTO_OPEN_ORDERS]: ({ session, r }) => {
        const { autoBind } = readAutoOpenOrders(r);
        if (autoBind && session.clientId === 0) broker.autoBound.add(session);
        else broker.autoBound.delete(session);
        sendOpenOrders(session, broker.book.open());
      },

      /** The day's executions matching the filter: execDetails + commissionReport each, then the end. */
      [IN.REQ_EXECUTIONS]: ({ session, r }) => {
        const { reqId, filter } = readExecutions(r);
        for (const e of broker.executions.matching(filter)) {
          session.send(executionMessage(reqId, e));
          session.send(commissionMessage(e));
        }
        session.send(enc.executionDataEnd(reqId));
      },

      /** Today's finished orders (filled, cancelled, rejected), then the end. */
      [IN.REQ_COMPLETED_ORDERS]: ({ session, r }) => {
        readCompletedOrders(r);
        for (const o of broker.book.completed()) session.send(enc.completedOrder(orderFields(o)));
        session.send(enc.completedOrdersEnd());
      },
    },
    onAdvance: (_state, now) => {
      sweepTimedOrders(broker, now);
      matchAll(broker, now);
      sweepTimedOrders(broker, now); // a fill of this pass may meet an execution condition
    },
    onDateChange: (_state, date, prevDate) => crossSession(broker, date, prevDate),
    /** TWS sends a reconnecting client its open orders (openOrder + orderStatus, no end marker). */
    onSessionReady: (_state, session) => {
      for (const o of broker.book.open(session.clientId)) {
        session.send(openOrderMessage(o));
        session.send(orderStatusMessage(o));
      }
    },
    onSessionClosed: (_state, session) => {
      broker.autoBound.delete(session);
    },
  };
}
