import type { ChoiceFit } from '../spec/learner.ts';
import type { WeighedPass } from './weighed-pass.ts';

/**
 * `Learner.forwardBackwardChoices` for a learner that only reads the log-prob of each sequence's own next token (a
 * Tinker-style engine): each fit becomes one sequence per choice token, context + token, whose last prediction reads
 * log p(token | context) over the whole vocabulary. Both terms are then weighted NLLs of those tokens, with weights
 * computed from the read log-probs (the custom-loss recipe of weighed-pass.ts):
 * - the choice cross-entropy weight·CE(target, q), q = p / m renormalised over the k tokens (m = Σ p), has the
 *   gradient of Σ_j weight·(t_j − q_j)·(−log p_j): the weights sum to 0, so the other tokens' logits get nothing and
 *   token j's gets weight·(q_j − t_j), the in-process gradient;
 * - the legal-mass step with coefficient c is Σ_j c·(1 − m + k·p_j)·(−log p_j) (lm/choice-loss.ts derives it).
 * It costs k forward passes over each context where the in-process learner reads one row; exact, not fused.
 */
export async function fitChoicesByPass(
  pass: WeighedPass,
  fits: readonly ChoiceFit[],
  microBatch: number,
): Promise<{ readonly loss: number }> {
  let loss = 0;
  const perFit = (f: ChoiceFit) => ({
    weight: f.target ? 1 / fits.length : 0,
    mass: f.legalMass ? f.legalMass / fits.length : 0,
  });
  // Fits whole per pass, so a fit's k log-probs are read together.
  const passes: ChoiceFit[][] = [];
  let current: ChoiceFit[] = [];
  let size = 0;
  for (const fit of fits) {
    if (current.length > 0 && size + fit.choiceTokens.length > microBatch) {
      passes.push(current);
      current = [];
      size = 0;
    }
    current.push(fit);
    size += fit.choiceTokens.length;
  }
  if (current.length > 0) passes.push(current);
  for (const group of passes) {
    const sequences = group.flatMap((f) => f.choiceTokens.map((id) => ({ tokens: [...f.contextTokens, id] })));
    await pass(sequences, (logprobs) => {
      const weights = sequences.map((s) => new Float64Array(s.tokens.length - 1));
      let row = 0;
      for (const fit of group) {
        const { weight, mass: c } = perFit(fit);
        const rows = fit.choiceTokens.map((_, j) => row + j);
        const lp = rows.map((r) => logprobs[r]!.at(-1)!);
        const p = lp.map(Math.exp);
        const m = p.reduce((a, b) => a + b, 0);
        const k = p.length;
        rows.forEach((r, j) => {
          const q = p[j]! / m;
          const t = fit.target?.[j] ?? 0;
          const w = weight * (t - q) + c * (1 - m + k * p[j]!);
          weights[r]![weights[r]!.length - 1] = w;
          if (t > 0) loss -= weight * t * (lp[j]! - Math.log(m));
          if (c > 0) loss -= c * (1 - m + k * p[j]!) * lp[j]!;
        });
        row += k;
      }
      return weights;
    });
  }
  return { loss };
}
