// reqRealTimeBars: a 5-second bar (REAL_TIME_BARS) each time the replay clock completes one, cut
// from the same intra-minute path as the quotes. A jump of the clock sends the bars it skipped,
// at most the last 60 (5 minutes); earlier ones are dropped, as a slow reader's would conflate.
// useRTH = 0 includes a stock's pre-market and after-hours bars (when the clock runs there).

import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readRealTimeBars, readVersionedCancel } from '../wire/requests.ts';
import { buildBars, type BarRequest, type WhatToShow } from '../market/historical.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { SimulatorState } from '../server/state.ts';

const BAR_MS = 5000;
const MAX_CATCH_UP = 60;
const WHAT = ['TRADES', 'MIDPOINT', 'BID', 'ASK'];

export function publishRealTimeBars(state: SimulatorState, now: number): void {
  if (state.faults.upstream !== 'ok') return;
  const end = Math.floor(now / BAR_MS) * BAR_MS;
  for (const session of state.sessions) {
    for (const sub of session.realTimeBars.values()) {
      if (sub.next < end - MAX_CATCH_UP * BAR_MS) sub.next = end - MAX_CATCH_UP * BAR_MS;
      if (end <= sub.next) continue;
      const res = buildBars(sub.request, sub.next, end, now);
      sub.next = end;
      if (!res.ok) continue;
      const b = res.bars;
      for (let i = 0; i < b.length; i++) {
        session.send(enc.realTimeBar(sub.reqId, Math.floor(b.time[i] / 1000), b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i], b.wap[i], b.count[i]));
      }
    }
  }
}

export const realTimeBarsModule: SimulatorModule = {
  name: 'real-time-bars',
  handlers: {
    /** [50, 3, reqId, contract, barSize(5), whatToShow, useRTH, options]; first bar when the current 5 s completes. */
    [IN.REQ_REAL_TIME_BARS]: ({ session, state, r }) => {
      const req = readRealTimeBars(r);
      const { reqId } = req;
      if (session.realTimeBars.has(reqId)) throw new RequestError(ERR.REQUEST_PROCESSING, reqId, TEXT.duplicateTickerId(reqId));
      const now = state.now();
      const res = state.catalogue.resolve(req.contract, now);
      if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
      const what = req.whatToShow.toUpperCase();
      if (!WHAT.includes(what) || (res.instrument.secType === 'IND' && what !== 'TRADES')) {
        throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('bP', `whatToShow '${req.whatToShow}' is not one of ${WHAT.join(', ')} for real-time bars.`));
      }
      if (req.barSize !== 5) throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('bP', `real-time bar size ${req.barSize} is not supported (only 5 seconds).`));
      const request: BarRequest = { instrument: res.instrument, bar: { kind: 'intraday', ms: BAR_MS }, whatToShow: what as WhatToShow, formatDate: 2, extendedHours: !req.useRTH };
      session.realTimeBars.set(reqId, { reqId, request, next: Math.floor(now / BAR_MS) * BAR_MS });
    },
    /** [51, 1, reqId]: unknown ids are ignored. */
    [IN.CANCEL_REAL_TIME_BARS]: ({ session, r }) => {
      const { reqId } = readVersionedCancel(r);
      session.realTimeBars.delete(reqId);
    },
  },
  onAdvance: (state, now) => publishRealTimeBars(state, now),
};
