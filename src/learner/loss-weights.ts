import type { LossSpec } from '../spec/learner.ts';

/**
 * Per-token weights w such that the gradient of Σ w·(−log π) equals the gradient of the requested loss at the
 * current policy: the built-in model trains on weighted token NLL, and every policy-gradient loss we use has
 * that form at a point. For PPO-clip the token gradient is −A·ρ·∇log π where the unclipped branch is active
 * (A > 0 and ρ ≤ 1+ε, or A < 0 and 1−ε ≤ ρ ≤ dual clip) and zero elsewhere, so w = A·ρ·active / (normalizer · samples).
 * A token the mask leaves out (forced by constrained decoding) gets w = λ / (normalizer · samples), λ = `loss.moveText`.
 */
export function lossWeights(options: {
  loss: LossSpec;
  advantage: number;
  currentLogprobs: ArrayLike<number>;
  samplingLogprobs: ArrayLike<number>;
  /** Samples in the batch the loss is averaged over. */
  samples: number;
  /** 0 leaves a token out (weight 0, no loss); default all 1. */
  mask?: ArrayLike<number>;
}): { weights: number[]; loss: number; clipped: number; approxKl: number } {
  const { loss, advantage: a, currentLogprobs, samplingLogprobs, samples } = options;
  const scale = 1 / (loss.normalizer * samples);
  // The move-text likelihood on forced tokens (those the mask leaves out): under constrained decoding they spell
  // the legal move the policy chose. Free text (no mask) may be garbage, which must not be made likelier.
  const lambda = (loss.moveText ?? 0) * scale;
  const weights: number[] = [];
  let total = 0;
  let clipped = 0;
  let approxKl = 0;
  for (let t = 0; t < currentLogprobs.length; t++) {
    const cur = currentLogprobs[t] ?? 0;
    if (options.mask && options.mask[t] === 0) {
      weights.push(lambda);
      total += -lambda * cur;
      continue;
    }
    if (loss.kind === 'reinforce') {
      weights.push(a * scale);
      total += -a * cur * scale;
      continue;
    }
    const logRatio = cur - (samplingLogprobs[t] ?? cur);
    const ratio = Math.exp(logRatio);
    approxKl += ratio - 1 - logRatio;
    const bounded = Math.min(Math.max(ratio, 1 - loss.clip), 1 + loss.clip);
    const dual = loss.dualClip ?? Number.POSITIVE_INFINITY;
    const active = a >= 0 ? ratio <= 1 + loss.clip : ratio >= 1 - loss.clip && ratio <= dual;
    if (!active) clipped++;
    weights.push(active ? a * ratio * scale : 0);
    const clippedLoss = Math.max(-a * ratio, -a * bounded);
    total += (a < 0 ? Math.min(clippedLoss, -a * dual) : clippedLoss) * scale;
  }
  return { weights, loss: total, clipped, approxKl };
}
