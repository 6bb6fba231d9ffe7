// 60 daily bars alternating up (even) and down (odd), each with a 2-point body and wicks, for the chart
// browser tests that count candle colours.
export function syntheticBars() {
  const n = 60;
  const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
  const mid = Float64Array.from({ length: n }, (_, i) => 100 + 8 * Math.sin(i / 9));
  const open = mid.map((m, i) => (i % 2 === 0 ? m - 1 : m + 1));
  const close = mid.map((m, i) => (i % 2 === 0 ? m + 1 : m - 1));
  const high = mid.map((m) => m + 2.5);
  const low = mid.map((m) => m - 2.5);
  const volume = Float64Array.from({ length: n }, (_, i) => 1e6 + 1e5 * (i % 7));
  return { time, bars: { open, high, low, close, volume } };
}
