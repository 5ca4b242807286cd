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
