// One-shot request/answer exchanges of the app protocol with TWS (docs/app-protocol.md §6): a request
// id routed by the TwsLink, the answers collected until the end marker, a TWS error (its ack code),
// a lost connection (TWS_NOT_READY) or a time-out ending it — nothing waits forever, and nothing is
// sent while TWS is not ready (fail closed).
import { EventName, type Contract, type ContractDetails, type IBApi } from '@stoqey/ib';
import { AppRequestError, twsFailure } from './request-error.ts';
import type { TwsLink } from './tws-link.ts';

/** How long a lookup (contract details, option parameters) may wait for its answer by default. */
export const LOOKUP_TIMEOUT_MS = 12_000;

export function needApi(link: TwsLink): IBApi {
  const api = link.api();
  if (!api) throw new AppRequestError('TWS_NOT_READY', 'TWS is not connected; no request was sent');
  return api;
}

/** One request/answer exchange with an end marker; collects what the event handlers push. */
export function exchange<T>(
  link: TwsLink,
  events: Partial<Record<EventName, (acc: T[], ...args: any[]) => void>>,
  end: EventName,
  send: (api: IBApi, reqId: number) => void,
  timeoutMs: number,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const api = needApi(link);
    const acc: T[] = [];
    const handlers: Record<string, (...args: any[]) => void> = {};
    for (const [ev, fn] of Object.entries(events)) handlers[ev] = (_id: number, ...args: unknown[]) => fn!(acc, ...args);
    let timer: NodeJS.Timeout | undefined;
    const r = link.request({
      ...handlers,
      [end]: () => done(),
      error: (code, message) => done(twsFailure(code, message)),
      lost: () => done(new AppRequestError('TWS_NOT_READY', 'the TWS connection was lost before the answer')),
    });
    const done = (err?: Error) => {
      clearTimeout(timer);
      r.done();
      if (err) reject(err);
      else resolve(acc);
    };
    timer = setTimeout(() => done(new AppRequestError('TWS_ERROR', `TWS did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    send(api, r.reqId);
  });
}

/** reqContractDetails: every match (TWS's 200 rejects with UNKNOWN_INSTRUMENT). */
export function contractDetails(link: TwsLink, contract: Contract, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<ContractDetails[]> {
  return exchange<ContractDetails>(
    link,
    { [EventName.contractDetails]: (acc, d: ContractDetails) => void acc.push(d) },
    EventName.contractDetailsEnd,
    (api, id) => api.reqContractDetails(id, contract),
    timeoutMs,
  );
}
