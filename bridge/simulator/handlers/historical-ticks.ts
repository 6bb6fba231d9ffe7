// reqHistoricalTicks (TRADES → HISTORICAL_TICKS_LAST, BID_ASK → HISTORICAL_TICKS_BID_ASK,
// MIDPOINT → HISTORICAL_TICKS) from the replayed path (market/historical-ticks.ts), and
// reqHistogramData / cancelHistogramData (market/histogram.ts). Both answer at once in one message
// (ib-protocol.md §6 "Historical ticks and histograms"). Requests reach the handlers through the fair
// scheduler (server/request-scheduler.ts); IBKR's pacing rules apply when switched on.

import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import * as enc from '../wire/historical-ticks-encoders.ts';
import { readHistogramData, readHistoricalTicks } from '../wire/historical-ticks-requests.ts';
import { IN } from '../wire/message-ids.ts';
import { readPlainCancel } from '../wire/requests.ts';
import { parseTwsDateTime } from '../../../shared/time/tws-time.ts';
import { MAX_TICKS, historicalTicks, type TickKind } from '../market/historical-ticks.ts';
import { histogram, parseHistogramPeriod } from '../market/histogram.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { SimulatorState } from '../server/state.ts';
import type { ContractQuery } from '../wire/requests.ts';

const invalid = (reqId: number, cause: string) => new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('bP', cause));
const KINDS: readonly TickKind[] = ['TRADES', 'BID_ASK', 'MIDPOINT'];

/** The fault switches every historical-data request honours (pacing violation, broken HMDS farm). */
function checkFaults(state: SimulatorState, reqId: number): void {
  const faults = state.faults;
  if (faults.pacingViolations > 0) {
    faults.pacingViolations--;
    throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, TEXT.hmdsPacing);
  }
  if (faults.upstream !== 'ok') throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, `Historical Market Data Service error message:${TEXT.hmdsFarmBroken}`);
}

function resolve(state: SimulatorState, reqId: number, contract: ContractQuery) {
  const res = state.catalogue.resolve(contract, state.now());
  if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
  return res.instrument;
}

function parseTime(reqId: number, field: string, text: string): number | null {
  if (text.trim() === '') return null;
  const t = parseTwsDateTime(text);
  if (t === null) throw invalid(reqId, `${field} '${text}' is invalid (expected yyyyMMdd HH:mm:ss [US/Eastern|UTC] or yyyyMMdd-HH:mm:ss).`);
  return t;
}

export const historicalTicksModule: SimulatorModule = {
  name: 'historical-ticks',
  handlers: {
    /**
     * [96, reqId, contract, includeExpired, startDateTime, endDateTime, numberOfTicks, whatToShow,
     * useRth, ignoreSize, miscOptions] → one 96/97/98 with done = 1. Exactly one of start and end;
     * numberOfTicks 1.. (more than 1000 is served as 1000, TWS's maximum). Errors: 200 unknown
     * contract, 162 faults, 321 bad parameters.
     */
    [IN.REQ_HISTORICAL_TICKS]: ({ session, state, r }) => {
      const req = readHistoricalTicks(r);
      const { reqId } = req;
      checkFaults(state, reqId);
      const inst = resolve(state, reqId, req.contract);
      const kind = req.whatToShow.toUpperCase() as TickKind;
      if (!KINDS.includes(kind)) throw invalid(reqId, `whatToShow '${req.whatToShow}' is not one of ${KINDS.join(', ')} for historical ticks.`);
      if (kind === 'BID_ASK' && inst.secType === 'IND') throw invalid(reqId, `whatToShow 'BID_ASK' is not available for IND ${inst.symbol} (an index has no bid or ask; use TRADES or MIDPOINT).`);
      if (req.numberOfTicks < 1) throw invalid(reqId, `numberOfTicks ${req.numberOfTicks} is invalid (expected 1..${MAX_TICKS}).`);
      const start = parseTime(reqId, 'startDateTime', req.startDateTime);
      const endAsked = parseTime(reqId, 'endDateTime', req.endDateTime);
      if ((start === null) === (endAsked === null)) throw invalid(reqId, 'exactly one of startDateTime and endDateTime must be set for historical ticks.');
      const group = `${inst.conId}|${req.contract.exchange}|${kind}`;
      state.pacing.check(session, reqId, { identity: JSON.stringify({ ...req, reqId: 0 }), group, weight: kind === 'BID_ASK' ? 2 : 1 });
      const now = state.now();
      const end = Math.min(endAsked ?? now, now); // never the future
      const res = historicalTicks(state.quotes, { instrument: inst, kind, start, end, count: req.numberOfTicks, useRth: req.useRth, ignoreSize: req.ignoreSize });
      if (res.kind === 'TRADES') session.send(enc.historicalTicksLast(reqId, res.ticks, true));
      else if (res.kind === 'BID_ASK') session.send(enc.historicalTicksBidAsk(reqId, res.ticks, true));
      else session.send(enc.historicalTicks(reqId, res.ticks, true));
    },

    /** [88, reqId, contract, includeExpired, useRTH, timePeriod] → HISTOGRAM_DATA. Errors: 200, 162 (no data, faults), 321 bad period. */
    [IN.REQ_HISTOGRAM_DATA]: ({ session, state, r }) => {
      const req = readHistogramData(r);
      const { reqId } = req;
      checkFaults(state, reqId);
      const inst = resolve(state, reqId, req.contract);
      const period = parseHistogramPeriod(req.timePeriod);
      if (!period) throw invalid(reqId, `timePeriod '${req.timePeriod}' is invalid (expected e.g. '3 days', '1 weeks', '2 months', '1 years').`);
      state.pacing.check(session, reqId, { identity: JSON.stringify({ ...req, reqId: 0 }), group: `${inst.conId}|${req.contract.exchange}|HISTOGRAM` });
      const entries = histogram(inst, period, req.useRTH, state.now());
      if (!entries) throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, TEXT.hmdsNoData(`${inst.symbol}@SMART Histogram`));
      session.send(enc.histogramData(reqId, entries));
    },

    /** [89, reqId]: the histogram was answered at once, so there is nothing to stop; accepted silently. */
    [IN.CANCEL_HISTOGRAM_DATA]: ({ r }) => {
      readPlainCancel(r);
    },
  },
};
