// numpy's default ("linear") percentile (§6): sort ascending, h = (n − 1)·(q/100), lo = floor(h),
// value = x[lo] + (h − lo)·(x[lo+1] − x[lo]). Like numpy's `_lerp`, a fraction ≥ 0.5 is
// interpolated from the upper neighbour (x[lo+1] − (1 − t)·diff), which is the same number up to
// rounding but bit-compatible with numpy.

/** A sorted ascending copy (typed arrays are copied with slice: Float64Array.from iterates slowly). */
export function sortedCopy(x: ArrayLike<number>): Float64Array {
  return (x instanceof Float64Array ? x.slice() : Float64Array.from(x)).sort();
}

/** Linear percentile q ∈ [0, 100] of ascending-sorted values; NaN when empty. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * (q / 100);
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Linear percentile q ∈ [0, 100] of unsorted values (numpy `percentile(x, q)`). */
export function percentile(x: ArrayLike<number>, q: number): number {
  return percentileSorted(sortedCopy(x), q);
}
