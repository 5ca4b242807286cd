import type { LossSpec, TrainingSample } from '../spec/learner.ts';

/**
 * One completion token's part of a loss, straight from `LossSpec`'s definition: its loss, and its weight w on
 * −log π (the token's gradient is −w·∇log π at the current policy). The conformance suite's own statement of the
 * losses, kept apart from the learner's implementation (loss-weights.ts) so the two check each other.
 */
export function referenceTokenTerm(options: {
  loss: LossSpec;
  sample: TrainingSample;
  /** Index of the token in the completion. */
  token: number;
  /** log π of the token under the current weights. */
  current: number;
  /** Samples the loss is averaged over. */
  samples: number;
}): { loss: number; weight: number } {
  const { loss, sample, token, current } = options;
  const per = 1 / (loss.normalizer * options.samples);
  if (sample.tokenMask?.[token] === 0) {
    const lambda = loss.moveText ?? 0;
    return { loss: -lambda * current * per, weight: lambda * per };
  }
  const a = sample.advantage;
  if (loss.kind === 'reinforce') return { loss: -a * current * per, weight: a * per };
  const ratio = Math.exp(current - (sample.samplingLogprobs[token] ?? current));
  const clipped = Math.min(Math.max(ratio, 1 - loss.clip), 1 + loss.clip);
  const dual = loss.dualClip ?? Number.POSITIVE_INFINITY;
  // max(−Aρ, −A·clip(ρ)), and for A < 0 at most −c·A: the gradient flows where −Aρ is the term that counts.
  const pessimistic = Math.max(-a * ratio, -a * clipped);
  const value = a < 0 ? Math.min(pessimistic, -a * dual) : pessimistic;
  const unclippedCounts = a >= 0 ? ratio <= 1 + loss.clip : ratio >= 1 - loss.clip && ratio <= dual;
  return { loss: value * per, weight: unclippedCounts ? a * ratio * per : 0 };
}

/** max |a − b| over the largest |b| (absolute below 1e-7): how far a float32 vector is from its reference. */
export function maxRelativeDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-7);
}

export function norm(x: Float32Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum);
}

/** Bitwise equality of two weight blocks (NaN equals NaN, −0 is not 0). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
