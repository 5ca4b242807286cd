/** A linear program `maximize c·x subject to M x ≤ b, x ≥ 0` with `b ≥ 0`, so `x = 0` is a feasible start. */
export interface CanonicalLp {
  /** Objective coefficients, one per variable. */
  readonly c: readonly number[];
  /** Constraint rows, each as long as `c`. */
  readonly M: readonly (readonly number[])[];
  /** Right-hand sides, one per row, all ≥ 0. */
  readonly b: readonly number[];
}

export interface LpSolution {
  /** The optimal point. */
  readonly x: number[];
  /** One dual price per constraint row (y ≥ 0, Mᵀy ≥ c, b·y = value): what each row's right-hand side is worth. */
  readonly dual: number[];
  readonly value: number;
  readonly pivots: number;
}

export class LpError extends Error {
  override readonly name = 'LpError';
}

/**
 * The primal simplex method on a dense tableau with Bland's rule (lowest index enters, lowest basic index leaves on
 * ties), which cannot cycle on the degenerate programs that support tests produce (`b` rows of zeros). Because
 * `b ≥ 0` the slack basis is feasible and no phase one is needed. Meant for the small programs of matrix games
 * (tens of rows); `tolerance` is relative to the largest |entry|.
 */
export function solveCanonicalLp(
  lp: CanonicalLp,
  options: { tolerance?: number; maxPivots?: number } = {},
): LpSolution {
  const { c, M, b } = lp;
  const n = c.length;
  const m = M.length;
  if (b.length !== m) throw new LpError(`LP: ${m} constraint rows but ${b.length} right-hand sides`);
  if (M.some((row) => row.length !== n)) throw new LpError(`LP: every constraint row needs ${n} coefficients`);
  if (b.some((v) => !(v >= 0))) throw new LpError('LP: right-hand sides must be ≥ 0 (x = 0 must be feasible)');
  const scale = Math.max(1, ...c.map(Math.abs), ...M.flat().map(Math.abs), ...b);
  if (!Number.isFinite(scale)) throw new LpError('LP: coefficients must be finite numbers');
  const eps = (options.tolerance ?? 1e-11) * scale;
  const maxPivots = options.maxPivots ?? 50 * (n + m) + 1000;

  // Rows 0..m−1: [M | I | b]; row m: [−c | 0 | 0]. Column n + i is row i's slack.
  const width = n + m + 1;
  const rhs = n + m;
  const t = M.map((row, i) => {
    const r = new Float64Array(width);
    r.set(row);
    r[n + i] = 1;
    r[rhs] = b[i] as number;
    return r;
  });
  const z = new Float64Array(width);
  c.forEach((v, j) => (z[j] = -v));
  const basis = Array.from({ length: m }, (_, i) => n + i);

  let pivots = 0;
  for (;;) {
    let enter = -1;
    for (let j = 0; j < n + m; j++) {
      if ((z[j] as number) < -eps) {
        enter = j;
        break;
      }
    }
    if (enter < 0) break;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      const a = (t[i] as Float64Array)[enter] as number;
      if (a <= eps) continue;
      const ratio = ((t[i] as Float64Array)[rhs] as number) / a;
      if (
        ratio < best - eps ||
        (ratio <= best + eps && leave >= 0 && (basis[i] as number) < (basis[leave] as number))
      ) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) throw new LpError('LP is unbounded: the objective grows without limit along a feasible ray');
    if (++pivots > maxPivots) throw new LpError(`LP: no optimum after ${maxPivots} pivots (numerical trouble?)`);
    pivot(t, z, leave, enter);
    basis[leave] = enter;
  }

  const x = new Array<number>(n).fill(0);
  basis.forEach((v, i) => {
    if (v < n) x[v] = Math.max(0, (t[i] as Float64Array)[rhs] as number);
  });
  const dual = Array.from({ length: m }, (_, i) => Math.max(0, z[n + i] as number));
  return { x, dual, value: z[rhs] as number, pivots };
}

function pivot(t: Float64Array[], z: Float64Array, row: number, col: number): void {
  const p = t[row] as Float64Array;
  const inv = 1 / (p[col] as number);
  for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) * inv;
  p[col] = 1;
  const eliminate = (r: Float64Array) => {
    const f = r[col] as number;
    if (f === 0) return;
    for (let k = 0; k < r.length; k++) r[k] = (r[k] as number) - f * (p[k] as number);
    r[col] = 0;
  };
  t.forEach((r, i) => i !== row && eliminate(r));
  eliminate(z);
}
