// The standard normal distribution: density, cumulative distribution and its inverse, in double
// precision. Pure functions (no I/O, no clock); used by Black–Scholes pricing and greeks.

const INV_SQRT_2PI = 0.3989422804014327; // 1/sqrt(2π)
const SQRT_2PI = 2.5066282746310002;

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// as used in the Hart/West double-precision normal CDF: relative error below ~1e-15 over the whole
// range, including the far tails (no cancellation: the tail is computed directly, never as 1 - x).
const A = [3.1611237438705656, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.635138197401, 881.952221241769, 1712.0476126340707,
  2051.078377826071, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247, 3439.3676741437216, 1230.3393548037495];
const P = [0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 6.587491615298378e-4, 0.016315387137302097];
const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];
const SQRPI = 0.5641895835477563; // 1/sqrt(π)
const THRESH = 0.46875;
const SQRT2 = 1.4142135623730951;

/** erfc(y) for y >= 0, Cody's three-range rational approximation. */
function erfcNonNegative(y: number): number {
  if (y <= THRESH) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let xnum = A[4] * ysq;
    let xden = ysq;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]) * ysq;
      xden = (xden + B[i]) * ysq;
    }
    return 1 - (y * (xnum + A[3])) / (xden + B[3]);
  }
  let r: number;
  if (y <= 4) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    r = (xnum + C[7]) / (xden + D[7]);
  } else {
    if (y >= 26.7) return 0; // erfc underflows (below 1e-310)
    const z = 1 / (y * y);
    let xnum = P[5] * z;
    let xden = z;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * z;
      xden = (xden + Q[i]) * z;
    }
    r = (z * (xnum + P[4])) / (xden + Q[4]);
    r = (SQRPI - r) / y;
  }
  // exp(-y²) split as exp(-ysq²)·exp(-(y-ysq)(y+ysq)) to keep full precision for large y.
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
}

/** Complementary error function erfc(x) = 1 - erf(x), accurate in both tails. */
export function erfc(x: number): number {
  if (x !== x) return NaN;
  return x >= 0 ? erfcNonNegative(x) : 2 - erfcNonNegative(-x);
}

/** Standard normal cumulative distribution Φ(x), relative accuracy ~1e-15 (tails included). */
export function normCdf(x: number): number {
  if (x !== x) return NaN;
  // Φ(x) = erfc(-x/√2)/2; for x < 0 this evaluates the small tail directly.
  return x >= 0 ? 1 - 0.5 * erfcNonNegative(x / SQRT2) : 0.5 * erfcNonNegative(-x / SQRT2);
}

// Acklam's rational approximation of the inverse normal CDF (relative error < 1.15e-9), polished by
// one Halley step on normCdf, which brings it to full double precision.
const IA = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const IB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const IC = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ID = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Inverse standard normal CDF: the x with Φ(x) = p, for 0 < p < 1 (±Infinity at 0 and 1, NaN outside). */
export function normInv(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((IC[0] * q + IC[1]) * q + IC[2]) * q + IC[3]) * q + IC[4]) * q + IC[5]) / ((((ID[0] * q + ID[1]) * q + ID[2]) * q + ID[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((IA[0] * r + IA[1]) * r + IA[2]) * r + IA[3]) * r + IA[4]) * r + IA[5]) * q) / (((((IB[0] * r + IB[1]) * r + IB[2]) * r + IB[3]) * r + IB[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((IC[0] * q + IC[1]) * q + IC[2]) * q + IC[3]) * q + IC[4]) * q + IC[5]) / ((((ID[0] * q + ID[1]) * q + ID[2]) * q + ID[3]) * q + 1);
  }
  // Halley refinement; e = Φ(x) - p is taken from the tail that is small, to avoid cancellation.
  const e = x < 0 ? normCdf(x) - p : 1 - p - normCdf(-x);
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + (x * u) / 2);
}
