// Requests TWS serves but this simulator does not (market depth, news, scanners, tick-by-tick…):
// refused with 321 on their own request id, so an IBApiNext subscription errors instead of waiting
// forever. Their cancels are accepted silently. Message ids TWS does not know at all are refused by
// the session itself (321, id -1).

import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { requestName } from '../wire/message-ids.ts';
import { IGNORED_CANCELS, UNSUPPORTED_WITH_REQ_ID } from '../wire/requests.ts';
import type { RequestHandler, SimulatorModule } from '../server/module.ts';

const handlers: Record<number, RequestHandler> = {};

for (const [msgId, position] of UNSUPPORTED_WITH_REQ_ID) {
  handlers[msgId] = ({ r }) => {
    for (let i = 1; i < position; i++) r.str('version');
    const reqId = (r.reqId = r.int('reqId'));
    throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation(requestName(msgId), 'not supported by the MoneyTrailz TWS simulator'));
  };
}
for (const msgId of IGNORED_CANCELS) handlers[msgId] = () => undefined;

export const unsupportedModule: SimulatorModule = { name: 'unsupported', handlers };
