// PHASE 1 PLACEHOLDERS for orders and accounts. The phase 1 paper account holds nothing and accepts
// no orders, so these answer truthfully with empty lists ("…End" messages only), and placeOrder is
// refused (321 in read-only mode, else 201). Phase 2 replaces this module: register an orders and
// an account module whose handlers use the same message ids (later modules win, see index.ts).

import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import {
  readAccountSummary,
  readAccountUpdates,
  readAutoOpenOrders,
  readCancelOrder,
  readCompletedOrders,
  readExecutions,
  readGlobalCancel,
  readPlaceOrderId,
  readPlainCancel,
  readPnL,
  readPnLSingle,
  readVersionOnly,
  readVersionedCancel,
} from '../wire/requests.ts';
import type { SimulatorModule } from '../server/module.ts';

export const accountPlaceholdersModule: SimulatorModule = {
  name: 'account-placeholders',
  handlers: {
    [IN.PLACE_ORDER]: ({ state, r }) => {
      const { orderId } = readPlaceOrderId(r); // the remaining ~117 fields are not decoded in phase 1
      if (state.faults.readOnly) throw new RequestError(ERR.REQUEST_VALIDATION, orderId, TEXT.readOnly);
      throw new RequestError(ERR.ORDER_REJECTED, orderId, 'Order rejected - reason:the simulator does not execute orders yet (phase 1: market data only)');
    },
    [IN.CANCEL_ORDER]: ({ r }) => {
      const { orderId } = readCancelOrder(r);
      throw new RequestError(10147, orderId, `OrderId ${orderId} that needs to be cancelled is not found.`);
    },
    [IN.REQ_GLOBAL_CANCEL]: ({ r }) => readGlobalCancel(r),
    [IN.REQ_OPEN_ORDERS]: ({ session, r }) => {
      readVersionOnly(r);
      session.send(enc.openOrderEnd());
    },
    [IN.REQ_ALL_OPEN_ORDERS]: ({ session, r }) => {
      readVersionOnly(r);
      session.send(enc.openOrderEnd());
    },
    [IN.REQ_AUTO_OPEN_ORDERS]: ({ session, r }) => {
      readAutoOpenOrders(r);
      session.send(enc.openOrderEnd());
    },
    [IN.REQ_COMPLETED_ORDERS]: ({ session, r }) => {
      readCompletedOrders(r);
      session.send(enc.completedOrdersEnd());
    },
    [IN.REQ_EXECUTIONS]: ({ session, r }) => {
      const { reqId } = readExecutions(r);
      session.send(enc.executionDataEnd(reqId));
    },
    [IN.REQ_POSITIONS]: ({ session, r }) => {
      readVersionOnly(r);
      session.send(enc.positionEnd());
    },
    [IN.CANCEL_POSITIONS]: ({ r }) => readVersionOnly(r),
    [IN.REQ_ACCOUNT_SUMMARY]: ({ session, r }) => {
      const { reqId } = readAccountSummary(r);
      session.send(enc.accountSummaryEnd(reqId));
    },
    [IN.CANCEL_ACCOUNT_SUMMARY]: ({ r }) => readVersionedCancel(r),
    [IN.REQ_ACCOUNT_DATA]: ({ session, state, r }) => {
      const { subscribe, account } = readAccountUpdates(r);
      if (subscribe) session.send(enc.accountDownloadEnd(account || state.accounts[0]));
    },
    [IN.REQ_PNL]: ({ r }) => readPnL(r),
    [IN.CANCEL_PNL]: ({ r }) => readPlainCancel(r),
    [IN.REQ_PNL_SINGLE]: ({ r }) => readPnLSingle(r),
    [IN.CANCEL_PNL_SINGLE]: ({ r }) => readPlainCancel(r),
  },
};
