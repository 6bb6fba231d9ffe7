// Connection-level requests: current time (the replay clock), order ids, managed accounts, log
// level, market data type.

import * as enc from '../wire/encoders.ts';
import { ERR, NO_ID, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readMarketDataType, readReqIds, readServerLogLevel, readVersionOnly } from '../wire/requests.ts';
import type { SimulatorModule } from '../server/module.ts';

export const connectionModule: SimulatorModule = {
  name: 'connection',
  handlers: {
    /** [49, 1] → CURRENT_TIME with the replay clock in epoch seconds (IBApiNext's watchdog uses it). */
    [IN.REQ_CURRENT_TIME]: ({ session, state, r }) => {
      readVersionOnly(r);
      session.send(enc.currentTime(state.now() / 1000));
    },
    /** [8, 1, numIds] → NEXT_VALID_ID with this client id's next order id. */
    [IN.REQ_IDS]: ({ session, state, r }) => {
      readReqIds(r);
      session.send(enc.nextValidId(state.orderIds.peek(session.clientId)));
    },
    [IN.REQ_MANAGED_ACCTS]: ({ session, state, r }) => {
      readVersionOnly(r);
      session.send(enc.managedAccounts(state.accounts));
    },
    /** Accepted and ignored (IBApiNext's logLevel setter sends it). */
    [IN.SET_SERVER_LOGLEVEL]: ({ r }) => {
      readServerLogLevel(r);
    },
    /** [59, 1, type]: applies to this connection's later reqMktData (1 live, 2 frozen, 3 delayed, 4 delayed-frozen). */
    [IN.REQ_MARKET_DATA_TYPE]: ({ session, r }) => {
      const { type } = readMarketDataType(r);
      if (type < 1 || type > 4) throw new RequestError(ERR.REQUEST_VALIDATION, NO_ID, TEXT.validation('reqMarketDataType', `market data type ${type} is not 1, 2, 3 or 4`));
      session.marketDataType = type;
    },
  },
};
