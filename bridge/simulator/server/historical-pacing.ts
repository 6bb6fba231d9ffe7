// IBKR's historical-data pacing rules (shared/broker/historical-pacing.ts; ib-protocol.md §7 P7), enforced per client, on the real (wall) clock
// like TWS's: a request identical to one made in the last 15 s, the 6th request for the same
// contract, exchange and data type within 2 s, or more than 60 requests in 10 minutes (BID_ASK
// ticks count twice) is refused with 162 "Historical data request pacing violation". A switch:
// off by default (tests and the embedded simulator make many requests; a bridge that paces can turn
// it on with `historicalPacing: true`, `--pacing` or `sim.faults.setHistoricalPacing(true)`).
// Refused requests are not counted. Independent of the `historicalPacingViolation(n)` fault.

import { performance } from 'node:perf_hooks';
import { IBKR_HISTORICAL_PACING as RULES, pacingWait, type PacedRecord, type PacedRequest } from '../../../shared/broker/historical-pacing.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';

export type { PacedRequest } from '../../../shared/broker/historical-pacing.ts';

export class HistoricalPacing {
  private readonly history = new WeakMap<object, PacedRecord[]>();

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
    while (list.length > 0 && t - list[0].at >= RULES.windowMs) list.shift();
    const wait = pacingWait(list, req, t, RULES);
    if (wait.identical > t) return `an identical request within ${RULES.identicalMs / 1000} s`;
    if (wait.group > t) return `${RULES.groupMax + 1} requests for the same contract, exchange and data type within ${RULES.groupWindowMs / 1000} s`;
    if (wait.budget > t) return `more than ${RULES.windowMax} historical requests within ${RULES.windowMs / 60_000} minutes`;
    list.push({ at: t, identity: req.identity, group: req.group, weight: req.weight ?? 1 });
    return undefined;
  }

  /** Throws the 162 pacing violation TWS sends when the request breaks a rule. */
  check(client: object, reqId: number, req: PacedRequest): void {
    if (this.violation(client, req) !== undefined) throw new RequestError(ERR.HISTORICAL_SERVICE, reqId, TEXT.hmdsPacing);
  }
}
