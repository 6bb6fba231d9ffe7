// IBKR's historical-data pacing rules (docs/ib-protocol.md §7 P7), once: no request identical to one
// made in the last 15 s; at most 5 requests for one contract, exchange and data type within 2 s; at
// most 60 requests in any 10 minutes (BID_ASK historical ticks count twice); at most 50 open at once.
// The simulator refuses a request that breaks them with 162, as TWS does; the bridge's pacer waits
// until they allow it. Pure: the caller keeps what was sent and supplies the time.

export interface PacingRules {
  readonly identicalMs: number;
  readonly groupWindowMs: number;
  readonly groupMax: number;
  readonly windowMs: number;
  readonly windowMax: number;
  readonly maxOpen: number;
}

/** IBKR's published limits. */
export const IBKR_HISTORICAL_PACING: PacingRules = { identicalMs: 15_000, groupWindowMs: 2_000, groupMax: 5, windowMs: 600_000, windowMax: 60, maxOpen: 50 };

export interface PacedRequest {
  /** Everything that makes two requests identical (the request without its id). */
  readonly identity: string;
  /** Contract, exchange and data type. */
  readonly group: string;
  /** 2 for BID_ASK historical ticks, else 1. */
  readonly weight?: number;
}

/** A request made at `at`. */
export interface PacedRecord {
  readonly at: number;
  readonly identity: string;
  readonly group: string;
  readonly weight: number;
}

/** The earliest instant each rule lets a request go (≤ t: now). */
export interface PacingWait {
  readonly identical: number;
  readonly group: number;
  /** The 10-minute request budget. */
  readonly budget: number;
}

/**
 * When `req` may be made given the requests `sent` (oldest first) at instant t; `marginMs` lengthens
 * every window (a sender's allowance for transit: TWS counts on arrival).
 */
export function pacingWait(sent: readonly PacedRecord[], req: PacedRequest, t: number, rules: PacingRules, marginMs = 0): PacingWait {
  let identical = -Infinity;
  let group = -Infinity;
  let budget = -Infinity;
  const inGroup: number[] = [];
  let weight = 0;
  for (const s of sent) {
    if (s.identity === req.identity && t - s.at < rules.identicalMs + marginMs) identical = Math.max(identical, s.at + rules.identicalMs + marginMs);
    if (s.group === req.group && t - s.at < rules.groupWindowMs + marginMs) inGroup.push(s.at);
    if (t - s.at < rules.windowMs + marginMs) weight += s.weight;
  }
  if (inGroup.length >= rules.groupMax) group = inGroup[inGroup.length - rules.groupMax] + rules.groupWindowMs + marginMs;
  const w = req.weight ?? 1;
  if (weight + w > rules.windowMax) {
    // Until enough of the oldest requests leave the 10-minute window.
    let left = weight;
    for (const s of sent) {
      if (t - s.at >= rules.windowMs + marginMs) continue;
      left -= s.weight;
      if (left + w <= rules.windowMax) {
        budget = s.at + rules.windowMs + marginMs;
        break;
      }
    }
    if (left + w > rules.windowMax) budget = Infinity; // heavier than the whole budget allows
  }
  return { identical, group, budget };
}
