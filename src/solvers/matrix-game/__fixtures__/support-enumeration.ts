import type { PayoffMatrix } from '../../matrix-game.ts';

/**
 * Support enumeration (Nisan, Roughgarden, Tardos & Vazirani 2007, "Algorithmic Game Theory" §3.4): an
 * equilibrium of a nondegenerate game has supports of equal size k, on which each player's mix makes the other
 * indifferent. Try every pair of k-subsets, solve both indifference systems, keep the first pair that is a
 * mutual best response. Shares no code with the simplex, so it checks the solver independently. Exponential:
 * for games up to about 6×6. Undefined when no equal-size pair works (a degenerate game).
 */
export function supportEnumeration(
  payoff: PayoffMatrix,
  tolerance = 1e-10,
): { value: number; row: number[]; col: number[] } | undefined {
  const m = payoff.length;
  const n = payoff[0]!.length;
  const transposed = Array.from({ length: n }, (_, j) => payoff.map((r) => r[j]!));
  for (let k = 1; k <= Math.min(m, n); k++)
    for (const rows of subsets(m, k))
      for (const cols of subsets(n, k)) {
        // Column mix y on `cols` with (A y)_i = v for i in `rows`; row mix x on `rows` with (xᵀA)_j = v for j in `cols`.
        const y = indifferent(rows.map((i) => cols.map((j) => payoff[i]![j]!)));
        const x = indifferent(cols.map((j) => rows.map((i) => transposed[j]![i]!)));
        if (!x || !y || [...x.mix, ...y.mix].some((p) => p < -tolerance)) continue;
        const row = spread(m, rows, x.mix);
        const col = spread(n, cols, y.mix);
        const rowPayoffs = payoff.map((r) => r.reduce((s, a, j) => s + a * col[j]!, 0));
        const colPayoffs = transposed.map((c) => c.reduce((s, a, i) => s + a * row[i]!, 0));
        if (Math.max(...rowPayoffs) <= y.value + tolerance && Math.min(...colPayoffs) >= x.value - tolerance)
          return { value: y.value, row, col };
      }
  return undefined;
}

/** Solves B z = v·1, Σ z = 1 for (z, v) with B k×k; undefined when singular. */
function indifferent(B: number[][]): { mix: number[]; value: number } | undefined {
  const k = B.length;
  // Unknowns z_0..z_{k−1}, v; equations: (B z)_i − v = 0, Σ z = 1.
  const a = [...B.map((r) => [...r, -1, 0]), [...new Array<number>(k).fill(1), 0, 1]];
  const solution = gaussianElimination(a);
  return solution && { mix: solution.slice(0, k), value: solution[k]! };
}

/** Solves the augmented system `a` (n × n+1) with partial pivoting; undefined when singular. */
function gaussianElimination(a: number[][]): number[] | undefined {
  const n = a.length;
  for (let c = 0; c < n; c++) {
    let best = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[best]![c]!)) best = r;
    if (Math.abs(a[best]![c]!) < 1e-12) return undefined;
    [a[c], a[best]] = [a[best]!, a[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let q = c; q <= n; q++) a[r]![q] = a[r]![q]! - f * a[c]![q]!;
    }
  }
  return a.map((r, i) => r[n]! / r[i]!);
}

function spread(length: number, at: readonly number[], values: readonly number[]): number[] {
  const out = new Array<number>(length).fill(0);
  at.forEach((i, q) => (out[i] = Math.max(0, values[q]!)));
  return out;
}

/** Every k-subset of 0..n−1, ascending. */
function* subsets(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= n - k; i++) for (const rest of subsets(n, k - 1, i + 1)) yield [i, ...rest];
}
