// reqHistoricalData (one HISTORICAL_DATA with every bar, built only from the past), keepUpToDate
// updates (HISTORICAL_DATA_UPDATE as the clock moves), cancelHistoricalData (ib-protocol.md §6
// "Historical bars", P7 for pacing). Requests reach the handler through the fair scheduler
// (server/request-scheduler.ts), which also enforces the 50 open requests per client.

import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readHistoricalData, readVersionedCancel } from '../wire/requests.ts';
import {
  MAX_BARS,
  allowedWhatToShow,
  bucketStart,
  buildBars,
  durationStart,
  parseBarSize,
  parseDuration,
  type BarRequest,
  type WhatToShow,
} from '../market/historical.ts';
import { baseTape } from '../market/listed.ts';
import { formatEasternWithZone, parseTwsDateTime } from '../../../shared/time/tws-time.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { Session } from '../server/session.ts';
import type { SimulatorState } from '../server/state.ts';
import type { HistoricalSubscription } from '../server/subscriptions.ts';

const invalid = (reqId: number, cause: string) => new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('bP', cause));

/** Sends the keepUpToDate bar containing `now` (and the final state of the bar it replaced). */
function publishUpdate(session: Session, sub: HistoricalSubscription, now: number): void {
  const bucket = bucketStart(sub.request, sub.tape, now);
  if (bucket !== bucket) return;
  if (sub.bucket === sub.bucket && bucket !== sub.bucket) sendLastBar(session, sub, sub.bucket, bucket, now);
  sub.bucket = bucket;
  sendLastBar(session, sub, bucket, now, now);
}

function sendLastBar(session: Session, sub: HistoricalSubscription, start: number, end: number, now: number): void {
  const res = buildBars(sub.request, start, end, now);
  if (!res.ok) return;
  const b = res.bars;
  const k = b.length - 1;
  session.send(enc.historicalDataUpdate(sub.reqId, b.count[k], b.date[k], b.open[k], b.high[k], b.low[k], b.close[k], b.wap[k], b.volume[k]));
}

export function publishHistoricalUpdates(state: SimulatorState, now: number): void {
  if (state.faults.upstream !== 'ok') return;
  for (const session of state.sessions) for (const sub of session.historical.values()) publishUpdate(session, sub, now);
}

export const historicalDataModule: SimulatorModule = {
  name: 'historical-data',
  handlers: {
    /**
     * [20, reqId, contract, includeExpired, endDateTime, barSize, duration, useRTH, whatToShow,
     * formatDate, keepUpToDate, chartOptions] → HISTORICAL_DATA; useRTH = 0 adds a stock's
     * pre-market and after-hours to intraday bars (extended-hours.ts). Errors: 162 pacing violation
     * (fault switch), 162 no data, 162 too many bars, 200 unknown contract, 321 bad parameters.
     */
    [IN.REQ_HISTORICAL_DATA]: ({ session, state, r }) => {
      const req = readHistoricalData(r);
      const { reqId } = req;
      const faults = state.faults;
      if (faults.pacingViolations > 0) {
        faults.pacingViolations--;
        throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, TEXT.hmdsPacing);
      }
      if (faults.upstream !== 'ok') throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, `Historical Market Data Service error message:${TEXT.hmdsFarmBroken}`);
      const now = state.now();
      const res = state.catalogue.resolve(req.contract, now);
      if (!res.ok) throw new RequestError(ERR.NO_SECURITY_DEFINITION, reqId, res.reason === 'ambiguous' ? TEXT.ambiguous(res.what) : TEXT.noSecurityDefinition);
      const inst = res.instrument;
      const bar = parseBarSize(req.barSize);
      if (!bar) throw invalid(reqId, `Historical data bar size setting '${req.barSize}' is invalid (e.g. 1 min, 5 mins, 1 hour, 1 day).`);
      const duration = parseDuration(req.duration);
      if (!duration) throw invalid(reqId, `Historical data duration '${req.duration}' is invalid (expected '<integer> S|D|W|M|Y').`);
      const whatToShow = req.whatToShow.toUpperCase() as WhatToShow;
      if (!allowedWhatToShow(inst).includes(whatToShow)) {
        throw invalid(reqId, `whatToShow '${req.whatToShow}' is not available for ${inst.secType} (expected one of ${allowedWhatToShow(inst).join(', ')}).`);
      }
      state.pacing.check(session, reqId, { identity: JSON.stringify({ ...req, reqId: 0 }), group: `${inst.conId}|${req.contract.exchange}|${whatToShow}` });
      let end = now;
      if (req.keepUpToDate) {
        if (req.endDateTime.trim() !== '') throw invalid(reqId, 'End date not supported with live updates (keepUpToDate needs an empty endDateTime).');
      } else if (req.endDateTime.trim() !== '') {
        const parsed = parseTwsDateTime(req.endDateTime);
        if (parsed === null) throw invalid(reqId, `end date/time '${req.endDateTime}' is invalid (expected yyyyMMdd HH:mm:ss [US/Eastern|UTC] or yyyyMMdd-HH:mm:ss).`);
        end = Math.min(parsed, now); // never the future
      }
      const request: BarRequest = { instrument: inst, bar, whatToShow, formatDate: req.formatDate === 2 ? 2 : 1, extendedHours: !req.useRTH };
      const tape = baseTape(inst);
      const start = durationStart(tape, duration, end, !req.useRTH && bar.kind === 'intraday' && inst.secType === 'STK');
      const built = buildBars(request, start, end, now);
      if (!built.ok) {
        const what = `${inst.symbol}@SMART ${whatToShow[0]}${whatToShow.slice(1).toLowerCase()}`;
        throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, built.reason === 'too-long' ? TEXT.hmdsTooLong(built.bars ?? 0, MAX_BARS) : TEXT.hmdsNoData(what));
      }
      session.send(enc.historicalData(reqId, formatEasternWithZone(built.start), formatEasternWithZone(built.end), built.bars));
      if (req.keepUpToDate) {
        const sub: HistoricalSubscription = { reqId, request, tape, bucket: NaN };
        session.historical.set(reqId, sub);
        publishUpdate(session, sub, now);
      }
    },

    /** [25, 1, reqId]: stops keepUpToDate updates; unknown id → 366. */
    [IN.CANCEL_HISTORICAL_DATA]: ({ session, r }) => {
      const { reqId } = readVersionedCancel(r);
      if (!session.historical.delete(reqId)) throw new RequestError(ERR.NO_HISTORICAL_QUERY, reqId, TEXT.noHistoricalQuery(reqId));
    },
  },
  onAdvance: (state, now) => publishHistoricalUpdates(state, now),
};
