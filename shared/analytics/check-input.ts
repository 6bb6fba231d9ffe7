// Validation of `AnalyticsInput`: equal lengths and a warm-up that is a bar index.

import type { AnalyticsInput } from './types.ts';

/** Returns the bar count N; throws a RangeError naming the bad field. */
export function checkAnalyticsInput(input: AnalyticsInput): number {
  const n = input.equity.length;
  if (n === 0) throw new RangeError('analytics: empty equity curve (expected one value per bar)');
  if (input.times.length !== n || input.close.length !== n) {
    throw new RangeError(`analytics: times (${input.times.length}), equity (${n}) and close (${input.close.length}) lengths differ (expected one value per bar)`);
  }
  if (!Number.isInteger(input.warmup) || input.warmup < 0 || input.warmup >= n) {
    throw new RangeError(`analytics: warmup ${input.warmup} is not a bar index (expected an integer in [0, ${n - 1}])`);
  }
  return n;
}
