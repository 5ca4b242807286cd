import type {
  LossSpec,
  PairLossSpec,
  PreferencePair,
  RatedSequence,
  SequenceLossSpec,
  TrainingSample,
} from '../spec/learner.ts';

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

/**
 * A pair's loss from the current log-probs of its two responses, straight from `PairLossSpec`'s definition (not
 * averaged). Only the value is stated: the suite differentiates it numerically (`slope`), so no derivative is shared
 * with the learner's implementation (sequence-loss.ts).
 */
export function referencePairLoss(loss: PairLossSpec, pair: PreferencePair, chosen: number, rejected: number): number {
  const h = chosen - pair.chosenRefLogprob - (rejected - pair.rejectedRefLogprob);
  const rpo = ((loss.chosenNll ?? 0) * -chosen) / pair.chosenTokens.length;
  if (loss.kind === 'dpo') return -Math.log(1 / (1 + Math.exp(-loss.beta * h))) + rpo;
  if (loss.kind === 'dpo-hinge') return Math.max(0, 1 - loss.beta * h) + rpo;
  return (h - 1 / (2 * loss.tau)) ** 2 + rpo;
}

/** A rated response's loss from its current log-prob, straight from `SequenceLossSpec` (SPPO, log Z = η/2). */
export function referenceSequenceLoss(loss: SequenceLossSpec, sequence: RatedSequence, current: number): number {
  const target = loss.eta * sequence.winRate - loss.eta / 2;
  return (current - sequence.refLogprob - target) ** 2;
}

/** df/dx by central differences in float64 (relative error ~1e-10 for the losses above, away from a kink). */
export function slope(f: (x: number) => number, x: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x));
  return (f(x + h) - f(x - h)) / (2 * h);
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
