// Sample moments (numpy/pandas conventions): arithmetic mean, and variance/covariance with
// ddof = 1 computed in two passes (deviations from the mean). Empty input gives NaN.

/** Arithmetic mean; NaN when empty. */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s / n;
}

/** Sample variance, Σ(x − mean)² / (n − 1); NaN when n < 2. */
export function sampleVariance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    s += d * d;
  }
  return s / (n - 1);
}

/** Sample standard deviation (ddof = 1); NaN when n < 2. */
export function sampleStd(x: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(x));
}

/** Sample covariance of two equal-length series, Σ(x − x̄)(y − ȳ) / (n − 1); NaN when n < 2. */
export function sampleCovariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`sampleCovariance: lengths ${n} and ${y.length} differ (expected equal lengths)`);
  if (n < 2) return Number.NaN;
  const mx = mean(x);
  const my = mean(y);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - mx) * (y[i] - my);
  return s / (n - 1);
}

/** `a / b`, but NaN when b is 0 (or NaN): the "undefined ratio" rule of the analytics. */
export function ratio(a: number, b: number): number {
  return b === 0 || Number.isNaN(b) ? Number.NaN : a / b;
}
