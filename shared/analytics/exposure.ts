// Exposure time (§5): the share of ALL bars (warm-up included) that lie inside some trade,
// counting both its entry and its exit bar; a reversal's shared bar counts once.

/** Number of bars b in [0, n) with entryBar ≤ b ≤ exitBar for some trade. */
export function exposedBarCount(trades: readonly { readonly entryBar: number; readonly exitBar: number }[], n: number): number {
  const inTrade = new Uint8Array(n);
  for (const t of trades) inTrade.fill(1, Math.max(0, t.entryBar), Math.min(n, t.exitBar + 1));
  let count = 0;
  for (let b = 0; b < n; b++) count += inTrade[b];
  return count;
}

/** 100 × exposed bars / n. */
export function exposureTimePct(trades: readonly { readonly entryBar: number; readonly exitBar: number }[], n: number): number {
  return (exposedBarCount(trades, n) / n) * 100;
}
