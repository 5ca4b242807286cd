import { MatrixGameError, matrixShape, type PayoffMatrix, strategyGap } from './matrix-game.ts';
import { solveCanonicalLp } from './matrix-game-simplex.ts';

export interface MaxEntropyNash {
  /** The maximum-entropy Nash strategy (either player's: the game is symmetric). */
  readonly strategy: number[];
  /** Indices played by some Nash equilibrium, ascending: the strategy's support. */
  readonly support: number[];
  /** Duality gap of (strategy, strategy), measured: 0 up to rounding. */
  readonly gap: number;
}

/**
 * The maximum-entropy Nash equilibrium of a symmetric zero-sum game, one whose payoff is antisymmetric
 * (A = −Aᵀ, value 0): the unique equilibrium that Nash averaging uses (Balduzzi, Tuyls, Perolat & Graepel 2018,
 * "Re-evaluating evaluation", §3). Copies of a strategy split its weight, so it is invariant to redundancy.
 *
 * Method, exact up to rounding:
 * 1. The support S: index i is played by some equilibrium iff no equilibrium p beats pure i strictly, i.e. iff
 *    `max (Aᵀp)_i s.t. Aᵀp ≥ 0, Σp ≤ 1, p ≥ 0` is 0 (Goldman–Tucker strict complementarity; with symmetry row and
 *    column equilibria coincide). One small LP per index.
 * 2. Every equilibrium p satisfies (Aᵀp)_i = 0 on S, and the maximum-entropy one lies in the relative interior of
 *    the equilibrium set, where the other constraints are slack; so it maximises entropy over
 *    {p ∈ Δ(S) : A_SS p = 0}. Its dual, min_λ log Σ_{i∈S} exp((A_SSᵀλ)_i), is smooth and convex with gradient
 *    A_SS p(λ); damped Newton solves it.
 */
export function maxEntropyNash(payoff: PayoffMatrix, options: { tolerance?: number } = {}): MaxEntropyNash {
  const { rows, cols } = matrixShape(payoff);
  if (rows !== cols) throw new MatrixGameError(`max-entropy Nash needs a square (symmetric) game, got ${rows}×${cols}`);
  const scale = Math.max(1e-300, ...payoff.flat().map(Math.abs));
  const tol = (options.tolerance ?? 1e-9) * scale;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j <= i; j++) {
      const skew = (payoff[i]![j] as number) + (payoff[j]![i] as number);
      if (Math.abs(skew) > tol)
        throw new MatrixGameError(`max-entropy Nash needs A = −Aᵀ; A[${i}][${j}] + A[${j}][${i}] = ${skew}`);
    }
  const n = rows;
  const at = (i: number, j: number) => payoff[i]![j] as number;

  const support: number[] = [];
  for (let i = 0; i < n; i++) {
    const lp = solveCanonicalLp({
      c: Array.from({ length: n }, (_, k) => at(k, i)),
      M: [
        ...Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, k) => -at(k, j))),
        new Array<number>(n).fill(1),
      ],
      b: [...new Array<number>(n).fill(0), 1],
    });
    if (lp.value <= tol) support.push(i);
  }

  const A = support.map((i) => support.map((j) => at(i, j)));
  const p = maxEntropyInNullSpace(A, tol);
  const strategy = new Array<number>(n).fill(0);
  support.forEach((i, k) => (strategy[i] = p[k] as number));
  return { strategy, support, gap: strategyGap(payoff, strategy, strategy).gap };
}

/** argmax entropy over {p in the simplex : A p = 0} for antisymmetric A whose optimum has full support. */
function maxEntropyInNullSpace(A: number[][], tol: number): number[] {
  const n = A.length;
  if (n === 1) return [1];
  const lambda = new Array<number>(n).fill(0);
  // p(λ) ∝ exp(Aᵀλ), shifted by the max exponent for stability; g(λ) = log Σ exp(Aᵀλ).
  const evaluate = (l: readonly number[]) => {
    const s = Array.from({ length: n }, (_, i) =>
      A.reduce((acc, row, j) => acc + (row[i] as number) * (l[j] as number), 0),
    );
    const top = Math.max(...s);
    const w = s.map((v) => Math.exp(v - top));
    const z = w.reduce((a, v) => a + v, 0);
    return { p: w.map((v) => v / z), g: top + Math.log(z) };
  };
  let { p, g } = evaluate(lambda);
  for (let iter = 0; iter < 500; iter++) {
    const grad = A.map((row) => row.reduce((acc, v, k) => acc + v * (p[k] as number), 0));
    if (Math.max(...grad.map(Math.abs)) <= tol * 1e-3) break;
    // Hessian A diag(p) Aᵀ − grad gradᵀ, ridged: directions that move no exponent relative to the others are flat.
    const H = A.map((ra, j) =>
      A.map(
        (rb, k) => ra.reduce((acc, v, i) => acc + v * (rb[i] as number) * (p[i] as number), 0) - grad[j]! * grad[k]!,
      ),
    );
    const trace = H.reduce((acc, r, j) => acc + (r[j] as number), 0);
    H.forEach((r, j) => (r[j] = (r[j] as number) + 1e-12 * trace + 1e-300));
    const step = solveLinear(
      H,
      grad.map((v) => -v),
    );
    const slope = step.reduce((acc, v, j) => acc + v * (grad[j] as number), 0);
    let t = 1;
    let next = evaluate(lambda.map((v, j) => v + t * (step[j] as number)));
    while (next.g > g + 1e-4 * t * slope && t > 1e-12) {
      t /= 2;
      next = evaluate(lambda.map((v, j) => v + t * (step[j] as number)));
    }
    if (next.g > g) break; // no decrease left at this precision
    step.forEach((v, j) => (lambda[j] = (lambda[j] as number) + t * v));
    ({ p, g } = next);
  }
  return p;
}

/** Gaussian elimination with partial pivoting for a small dense positive-definite system. */
function solveLinear(H: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = H.map((r, i) => [...r, rhs[i] as number]);
  for (let c = 0; c < n; c++) {
    let best = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[best]![c]!)) best = r;
    [a[c], a[best]] = [a[best]!, a[c]!];
    const piv = a[c]![c]!;
    if (piv === 0) continue;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / piv;
      if (f !== 0) for (let k = c; k <= n; k++) a[r]![k] = a[r]![k]! - f * a[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const piv = a[r]![r]!;
    let s = a[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = piv === 0 ? 0 : s / piv;
  }
  return x;
}
