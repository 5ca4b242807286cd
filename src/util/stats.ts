/** Mean with a 95% normal-approximation confidence half-width (1.96·s/√n); half-width is NaN below 2 samples. */
export function meanWithCi(xs: readonly number[]): { mean: number; halfWidth: number; n: number } {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, halfWidth: Number.NaN, n };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, halfWidth: Number.NaN, n };
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return { mean, halfWidth: 1.96 * Math.sqrt(variance / n), n };
}

/** `0.123 ± 0.045` style, with a fixed number of decimals. */
export function formatCi(ci: { mean: number; halfWidth: number }, digits = 3): string {
  const hw = Number.isNaN(ci.halfWidth) ? '' : ` ± ${ci.halfWidth.toFixed(digits)}`;
  return `${ci.mean.toFixed(digits)}${hw}`;
}

/** Wins, draws and losses of one side, by the sign of its returns. */
export function countOutcomes(returns: readonly number[]): { wins: number; draws: number; losses: number } {
  return {
    wins: returns.filter((x) => x > 0).length,
    draws: returns.filter((x) => x === 0).length,
    losses: returns.filter((x) => x < 0).length,
  };
}

// Coefficients of P. J. Acklam's rational approximation of the normal quantile (relative error < 1.2e-9), as
// published in his note "An algorithm for computing the inverse normal cumulative distribution function" (2003).
const acklamA = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const acklamB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const acklamC = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const acklamD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (e.g. 1.959964 at 0.975). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const poly = (c: readonly number[], x: number) => c.reduce((acc, v) => acc * x + v, 0);
  const tail = 0.02425;
  if (p < tail || p > 1 - tail) {
    const q = Math.sqrt(-2 * Math.log(p < tail ? p : 1 - p));
    const x = poly(acklamC, q) / (poly(acklamD, q) * q + 1);
    return p < tail ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(acklamA, r) * q) / (poly(acklamB, r) * r + 1);
}
