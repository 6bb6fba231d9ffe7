// Intrabar order triggers against a bar's open/high/low (bar sequencing: the open first, then the
// range). Gaps fill at the open when it is already beyond the order's price.

/** A buy stop triggers when the high reaches it; a sell stop when the low reaches it. */
export function stopTriggered(buy: boolean, stop: number, high: number, low: number): boolean {
  return buy ? high >= stop : low <= stop;
}

/** Fill price of a triggered stop (market) order: the stop, or the open when the bar gapped through it. */
export function stopFillPrice(buy: boolean, stop: number, open: number): number {
  return buy ? Math.max(open, stop) : Math.min(open, stop);
}

/** A buy limit is reachable when the low touches it; a sell limit when the high touches it. */
export function limitReachable(buy: boolean, limit: number, high: number, low: number): boolean {
  return buy ? low <= limit : high >= limit;
}

/** Fill price of a reachable limit order: the limit, or the open when it is already better. */
export function limitFillPrice(buy: boolean, limit: number, open: number): number {
  return buy ? Math.min(open, limit) : Math.max(open, limit);
}

/**
 * Stop-limit, in the bar its stop triggered: fillable only when the limit is reachable and lies beyond
 * the stop (a limit on the favourable side of the stop is pessimistically assumed to have been touched
 * before the stop turned it live, so it waits for a later bar).
 */
export function stopLimitFillable(buy: boolean, stop: number, limit: number, high: number, low: number): boolean {
  return limitReachable(buy, limit, high, low) && (buy ? limit > stop : limit < stop);
}

/** Fill price of a stop-limit in its trigger bar: the stop (or the gapped open), never past the limit. */
export function stopLimitFillPrice(buy: boolean, stop: number, limit: number, open: number): number {
  return buy ? Math.min(Math.max(open, stop), limit) : Math.max(Math.min(open, stop), limit);
}
