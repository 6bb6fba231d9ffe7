// Decoders of the per-account ("multi") subscriptions at server version 193 (ib-protocol.md §4):
// reqPositionsMulti and reqAccountUpdatesMulti. Their cancels are versioned cancels
// (requests.ts readVersionedCancel: [75|77, version, reqId]).

import type { FieldReader } from './field-reader.ts';

/** REQ_POSITIONS_MULTI: [74, v=1, reqId, account, modelCode]. 5 fields. */
export function readPositionsMulti(r: FieldReader): { reqId: number; account: string; modelCode: string } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const account = r.str('account');
  const modelCode = r.str('modelCode');
  r.end();
  return { reqId, account, modelCode };
}

/** REQ_ACCOUNT_UPDATES_MULTI: [76, v=2, reqId, account, modelCode, ledgerAndNLV]. 6 fields. */
export function readAccountUpdatesMulti(r: FieldReader): { reqId: number; account: string; modelCode: string; ledgerAndNLV: boolean } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const account = r.str('account');
  const modelCode = r.str('modelCode');
  const ledgerAndNLV = r.bool('ledgerAndNLV');
  r.end();
  return { reqId, account, modelCode, ledgerAndNLV };
}
