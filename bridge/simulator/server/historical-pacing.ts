// IBKR's historical-data pacing rules (ib-protocol.md §7 P7), per client, on the real (wall) clock
// like TWS's: a request identical to one made in the last 15 s, the 6th request for the same
// contract, exchange and data type within 2 s, or more than 60 requests in 10 minutes (BID_ASK
// ticks count twice) is refused with 162 "Historical data request pacing violation". A switch:
// off by default (tests and the embedded simulator make many requests; a bridge that paces can turn
// it on with `historicalPacing: true`, `--pacing` or `sim.faults.setHistoricalPacing(true)`).
// Refused requests are not counted. Independent of the `historicalPacingViolation(n)` fault.

import { performance } from 'node:perf_hooks';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';

export const IDENTICAL_WINDOW_MS = 15_000;
export const SAME_CONTRACT_WINDOW_MS = 2_000;
/** The 6th request for one contract/exchange/type inside the 2 s window is refused. */
export const SAME_CONTRACT_MAX = 5;
export const TEN_MINUTES_MS = 600_000;
export const TEN_MINUTES_MAX = 60;

interface Entry {
  readonly at: number;
  readonly identity: string;
  readonly group: string;
  readonly weight: number;
}

export interface PacedRequest {
  /** Everything that makes two requests identical (the request without its id). */
  readonly identity: string;
  /** Contract, exchange and data type. */
  readonly group: string;
  /** 2 for BID_ASK historical ticks, else 1. */
  readonly weight?: number;
}

export class HistoricalPacing {
  private readonly history = new WeakMap<object, Entry[]>();

  constructor(
    /** Whether the rules are applied. */
    public enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Which rule the request breaks, or undefined when it may be served (it is then counted). */
  violation(client: object, req: PacedRequest): string | undefined {
    if (!this.enabled) return undefined;
    const t = this.now();
    let list = this.history.get(client);
    if (!list) this.history.set(client, (list = []));
    while (list.length > 0 && t - list[0].at >= TEN_MINUTES_MS) list.shift();
    let weight = 0;
    let sameGroup = 0;
    for (const e of list) {
      weight += e.weight;
      if (t - e.at < IDENTICAL_WINDOW_MS && e.identity === req.identity) return 'an identical request within 15 s';
      if (t - e.at < SAME_CONTRACT_WINDOW_MS && e.group === req.group) sameGroup++;
    }
    const w = req.weight ?? 1;
    if (sameGroup >= SAME_CONTRACT_MAX) return `${SAME_CONTRACT_MAX + 1} requests for the same contract, exchange and data type within 2 s`;
    if (weight + w > TEN_MINUTES_MAX) return `more than ${TEN_MINUTES_MAX} historical requests within 10 minutes`;
    list.push({ at: t, identity: req.identity, group: req.group, weight: w });
    return undefined;
  }

  /** Throws the 162 pacing violation TWS sends when the request breaks a rule. */
  check(client: object, reqId: number, req: PacedRequest): void {
    if (this.violation(client, req) !== undefined) throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, TEXT.hmdsPacing);
  }
}
