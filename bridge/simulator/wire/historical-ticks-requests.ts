// Decoders for the historical ticks and histogram requests at server version 193 (ib-protocol.md §4):
// REQ_HISTORICAL_TICKS (96), REQ_HISTOGRAM_DATA (88) and CANCEL_HISTOGRAM_DATA (89). Field lists
// mirror @stoqey/ib's encoder; a wrong count is error 320 naming the message and field.

import type { FieldReader } from './field-reader.ts';
import { readContract, type ContractQuery } from './requests.ts';

export interface HistoricalTicksRequest {
  reqId: number;
  contract: ContractQuery;
  startDateTime: string;
  endDateTime: string;
  numberOfTicks: number;
  whatToShow: string;
  useRth: boolean;
  ignoreSize: boolean;
}

/**
 * REQ_HISTORICAL_TICKS: [96, reqId, contract(12), includeExpired, startDateTime, endDateTime,
 * numberOfTicks, whatToShow, useRth, ignoreSize, miscOptions]. 22 fields.
 */
export function readHistoricalTicks(r: FieldReader): HistoricalTicksRequest {
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  contract.includeExpired = r.bool('includeExpired');
  const startDateTime = r.str('startDateTime');
  const endDateTime = r.str('endDateTime');
  const numberOfTicks = r.int('numberOfTicks');
  const whatToShow = r.str('whatToShow');
  const useRth = r.bool('useRth');
  const ignoreSize = r.bool('ignoreSize');
  r.str('miscOptions');
  r.end();
  return { reqId, contract, startDateTime, endDateTime, numberOfTicks, whatToShow, useRth, ignoreSize };
}

/** REQ_HISTOGRAM_DATA: [88, reqId, contract(12), includeExpired, useRTH, timePeriod ("3 days")]. 17 fields. */
export function readHistogramData(r: FieldReader): { reqId: number; contract: ContractQuery; useRTH: boolean; timePeriod: string } {
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  contract.includeExpired = r.bool('includeExpired');
  const useRTH = r.bool('useRTH');
  const timePeriod = r.str('timePeriod');
  r.end();
  return { reqId, contract, useRTH, timePeriod };
}
