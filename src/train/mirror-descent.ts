/**
 * Magnetic mirror descent's next policy at one decision (Sokota et al. 2023, closed form for a softmax policy):
 *   π⁺(a) ∝ exp((log π(a) + s·Q(a) + s·η·log μ(a)) / (1 + s·η)),
 * with Q each move's value to the mover, μ the magnet and η its weight (no magnet: a plain softmax
 * policy-iteration step), s the step size. Returns log π⁺. The fixed point is π ∝ μ·exp(Q/η), the quantal-response
 * equilibrium of the η-regularised game.
 */
export function mirrorDescentTarget(options: {
  readonly logPolicy: readonly number[];
  readonly values: readonly number[];
  readonly logMagnet?: readonly number[];
  readonly eta: number;
  readonly stepSize: number;
}): number[] {
  const { logPolicy, values, logMagnet, stepSize } = options;
  const eta = logMagnet ? options.eta : 0;
  return normaliseLog(
    logPolicy.map((lp, j) => (lp + stepSize * (values[j]! + eta * (logMagnet?.[j] ?? 0))) / (1 + stepSize * eta)),
  );
}

/** Exact KL(π‖μ) at one decision, from log-probabilities. */
export function klDivergence(logPolicy: readonly number[], logMagnet: readonly number[]): number {
  return logPolicy.reduce((s, lp, j) => s + Math.exp(lp) * (lp - logMagnet[j]!), 0);
}

/** Log-weights shifted to log-probabilities (log-sum-exp normalisation). */
export function normaliseLog(logWeights: readonly number[]): number[] {
  const max = Math.max(...logWeights);
  const logZ = max + Math.log(logWeights.reduce((s, w) => s + Math.exp(w - max), 0));
  return logWeights.map((w) => w - logZ);
}
