import type { PairLossSpec, PreferencePair, RatedSequence, SequenceLossSpec } from '../spec/learner.ts';

/**
 * One pair's part of a `PairLossSpec` loss at the current policy: its loss, its margin h, and the weight w of each
 * response on −log π(response) such that the gradient of w_w·(−log π(y_w)) + w_l·(−log π(y_l)) is the loss's (the
 * built-in model trains on weighted token NLL, and a function of the two sequence log-probs has that form at a point:
 * w = −∂L/∂log π). Every completion token of a response carries its response's weight.
 */
export function pairTerm(options: {
  loss: PairLossSpec;
  pair: PreferencePair;
  /** log π(y_w | x) and log π(y_l | x) under the current weights. */
  chosen: number;
  rejected: number;
  /** Pairs the loss is averaged over. */
  pairs: number;
}): { loss: number; margin: number; chosenWeight: number; rejectedWeight: number } {
  const { loss, pair, chosen, rejected } = options;
  const per = 1 / options.pairs;
  const h = chosen - pair.chosenRefLogprob - (rejected - pair.rejectedRefLogprob);
  const { value, slope } = pairwise(loss, h);
  // RPO: the chosen's token-mean NLL, so α does not scale with the answer's length.
  const nll = (loss.chosenNll ?? 0) / pair.chosenTokens.length;
  return {
    loss: (value - nll * chosen) * per,
    margin: h,
    chosenWeight: (nll - slope) * per,
    rejectedWeight: slope * per,
  };
}

/** One response's part of a `SequenceLossSpec` loss, in `pairTerm`'s form. */
export function ratedTerm(options: {
  loss: SequenceLossSpec;
  sequence: RatedSequence;
  /** log π(y | x) under the current weights. */
  current: number;
  /** Responses the loss is averaged over. */
  sequences: number;
}): { loss: number; logRatio: number; weight: number } {
  const { loss, sequence, current } = options;
  const logRatio = current - sequence.refLogprob;
  // SPPO with log Z ≈ η/2: the target log-ratio is η·P̂ − η/2.
  const residual = logRatio - loss.eta * (sequence.winRate - 0.5);
  return {
    loss: (residual * residual) / options.sequences,
    logRatio,
    weight: (-2 * residual) / options.sequences,
  };
}

/** The pairwise part of the loss as a function of h, and its slope ∂/∂h (∂h/∂log π(y_w) = 1, ∂h/∂log π(y_l) = −1). */
function pairwise(loss: PairLossSpec, h: number): { value: number; slope: number } {
  switch (loss.kind) {
    case 'dpo': {
      const z = loss.beta * h;
      return { value: softplus(-z), slope: -loss.beta * sigmoid(-z) }; // −log σ(z), stable for large |z|
    }
    case 'dpo-hinge': {
      const gap = 1 - loss.beta * h;
      return gap > 0 ? { value: gap, slope: -loss.beta } : { value: 0, slope: 0 };
    }
    case 'ipo': {
      const residual = h - 1 / (2 * loss.tau);
      return { value: residual * residual, slope: 2 * residual };
    }
    default:
      return loss satisfies never;
  }
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
