// Market scanner (ib-protocol.md §6 "Scanner"): reqScannerParameters answers the XML document of
// what we scan; reqScannerSubscription ranks the stocks we carry at the replay clock's now (one
// SCANNER_DATA with every row, which the client ends with scannerDataEnd) and re-ranks every
// SCAN_REFRESH_MS of replay time while subscribed; cancelScannerSubscription stops it. A scan we do
// not serve (instrument, location or scan code) gets 162 on its own id, as TWS answers scanner
// problems.

import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readVersionOnly, readVersionedCancel } from '../wire/requests.ts';
import { readScannerSubscription } from '../wire/scanner-requests.ts';
import * as svc from '../wire/service-encoders.ts';
import { Scanner, scanProblem, scannerParametersXml, type ScanRequest } from '../market/scanner.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { Session } from '../server/session.ts';
import type { SimulatorState } from '../server/state.ts';

/** Replay time between two refreshes of a subscription (TWS refreshes scans about every 30 s). */
export const SCAN_REFRESH_MS = 30_000;

interface ScanSubscription {
  readonly reqId: number;
  readonly request: ScanRequest;
  /** Replay instant of the last SCANNER_DATA sent. */
  sentAt: number;
}

/** Scans per connection, and one ranking engine per simulator. */
const subscriptions = new WeakMap<Session, Map<number, ScanSubscription>>();
const engines = new WeakMap<SimulatorState, Scanner>();

function send(state: SimulatorState, session: Session, sub: ScanSubscription, now: number): void {
  let scanner = engines.get(state);
  if (!scanner) engines.set(state, (scanner = new Scanner(state.catalogue, state.quotes)));
  sub.sentAt = now;
  session.send(svc.scannerData(sub.reqId, scanner.scan(sub.request, now)));
}

export const scannerModule: SimulatorModule = {
  name: 'scanner',
  handlers: {
    /** [24, 1] → SCANNER_PARAMETERS [19, 1, xml]. */
    [IN.REQ_SCANNER_PARAMETERS]: ({ session, r }) => {
      readVersionOnly(r);
      session.send(svc.scannerParameters(scannerParametersXml()));
    },

    /** [22, reqId, rows, instrument, location, scanCode, …] → SCANNER_DATA now and on every refresh. */
    [IN.REQ_SCANNER_SUBSCRIPTION]: ({ session, state, r }) => {
      const req = readScannerSubscription(r);
      const { reqId } = req;
      let subs = subscriptions.get(session);
      if (subs?.has(reqId)) throw new RequestError(ERR.REQUEST_PROCESSING, reqId, TEXT.duplicateTickerId(reqId));
      const filters = parseTagValues(req.filterOptions);
      const request: ScanRequest = {
        ...req,
        abovePrice: req.abovePrice ?? filters.priceAbove,
        belowPrice: req.belowPrice ?? filters.priceBelow,
        aboveVolume: req.aboveVolume ?? filters.volumeAbove,
      };
      const problem = scanProblem(request);
      if (problem) throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, TEXT.scanner(problem));
      if (!subs) subscriptions.set(session, (subs = new Map()));
      const sub: ScanSubscription = { reqId, request, sentAt: 0 };
      subs.set(reqId, sub);
      send(state, session, sub, state.now());
    },

    /** [23, 1, reqId]: stops the scan (an id with no scan is ignored, like other cancels). */
    [IN.CANCEL_SCANNER_SUBSCRIPTION]: ({ session, r }) => {
      const { reqId } = readVersionedCancel(r);
      subscriptions.get(session)?.delete(reqId);
    },
  },

  onAdvance(state, now) {
    if (state.faults.upstream !== 'ok') return;
    for (const session of state.sessions) {
      const subs = subscriptions.get(session);
      if (!subs) continue;
      for (const sub of subs.values()) if (now - sub.sentAt >= SCAN_REFRESH_MS) send(state, session, sub, now);
    }
  },

  onSessionClosed(_state, session) {
    subscriptions.delete(session);
  },
};

/** The numeric filters of a scannerSubscriptionFilterOptions list (`tag=value;…`). */
function parseTagValues(list: string): { priceAbove?: number; priceBelow?: number; volumeAbove?: number } {
  const out: Record<string, number> = {};
  for (const pair of list.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const v = Number(pair.slice(eq + 1));
    if (Number.isFinite(v)) out[pair.slice(0, eq).trim()] = v;
  }
  return { priceAbove: out.priceAbove, priceBelow: out.priceBelow, volumeAbove: out.volumeAbove };
}
