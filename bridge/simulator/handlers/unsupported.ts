// Requests TWS knows that a paper account without market data subscriptions cannot get, answered
// with the error TWS itself sends, on the request's own id (ib-protocol.md §8): market depth 10092,
// fundamental data 430. Their cancels are read and accepted. Message ids TWS does not know at all
// are refused by the session itself (321, id -1).

import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readVersionedCancel } from '../wire/requests.ts';
import { readCancelMktDepth, readFundamentalData, readMktDepth } from '../wire/service-requests.ts';
import type { SimulatorModule } from '../server/module.ts';

export const unsupportedModule: SimulatorModule = {
  name: 'unsupported',
  handlers: {
    /** [10, 5, reqId, contract, numRows, isSmartDepth, options] → 10092: no deep book on a paper account without L2. */
    [IN.REQ_MKT_DEPTH]: ({ r }) => {
      const { reqId } = readMktDepth(r);
      throw new RequestError(ERR.NO_DEEP_DATA, reqId, TEXT.noDeepData);
    },
    [IN.CANCEL_MKT_DEPTH]: ({ r }) => {
      readCancelMktDepth(r);
    },
    /** [52, 2, reqId, contract, reportType, options] → 430: no fundamentals (IB retired the Reuters reports). */
    [IN.REQ_FUNDAMENTAL_DATA]: ({ r }) => {
      const { reqId } = readFundamentalData(r);
      throw new RequestError(ERR.NO_FUNDAMENTALS, reqId, TEXT.noFundamentals);
    },
    [IN.CANCEL_FUNDAMENTAL_DATA]: ({ r }) => {
      readVersionedCancel(r);
    },
  },
};
