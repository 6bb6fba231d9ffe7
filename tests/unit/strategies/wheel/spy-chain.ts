// A hand-made SPY option chain around $400 for the wheel's pass-level tests (docs/wheel-rules.md §2.4): strikes
// 370–430 by 5 per expiration, deltas from a smooth curve (put |delta| 0.275 at 385, 0.35 at 390; call 0.65 at
// 390, 0.5 at 400, 0.275 at 415), prices |delta| × 12 with a 0.10 spread, open interest 500.

/** The chain entries (snapshot JSON) of both rights for each expiry; `currency` is added when given. */
export function spyChain(expiries: readonly string[], currency?: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const expiry of expiries) {
    for (let k = 370; k <= 430; k += 5) {
      const callDelta = Math.max(0.02, Math.min(0.98, 0.5 - ((k - 400) / 400) * 6));
      for (const right of ['P', 'C']) {
        const delta = right === 'C' ? callDelta : callDelta - 1;
        const mid = Math.max(0.05, Math.abs(delta) * 12);
        const quote = { bid: +(mid - 0.05).toFixed(2), ask: +(mid + 0.05).toFixed(2), last: +mid.toFixed(2), modelPrice: +(mid + 0.01).toFixed(2) };
        out.push({ symbol: 'SPY', right, strike: k, expiry, multiplier: 100, ...quote, delta: +delta.toFixed(3), openInterest: 500, ...(currency && { currency }) });
      }
    }
  }
  return out;
}
