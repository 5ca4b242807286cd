import { type LmModel, packSequences } from '../lm/index.ts';

/** A whole sequence (prompt and completion) whose predictions a pass scores and weighs. */
export interface PassSequence {
  readonly tokens: readonly number[];
}

/**
 * One forward and backward pass, the unit every learner loss is built from: `weigh` gets, per sequence, the current
 * log-prob of each of its predictions (tokens[1..], `tokens.length − 1` of them) and returns one weight per prediction;
 * the backward pass then adds the gradient of Σ weight·(−log π) to the learner's accumulated gradient. Any loss of the
 * log-probs backpropagates this way with weight = −∂loss/∂log π — Tinker's custom-loss recipe (a forward, then a
 * weighted cross-entropy backward), which is how a remote learner runs the losses it does not have built in.
 */
export type WeighedPass = (
  sequences: readonly PassSequence[],
  weigh: (logprobs: readonly Float32Array[]) => readonly ArrayLike<number>[],
) => Promise<void>;

/**
 * The pass on the built-in LM in this process: one right-padded batch, the weights read inside the forward pass itself
 * (`model.forwardBackward`'s `weigh`), so the log-probs are read and backpropagated in a single pass.
 */
export function inProcessPass(model: LmModel): WeighedPass {
  return async (sequences, weigh) => {
    const batch = packSequences(
      sequences.map((s) => ({ tokens: s.tokens, weights: new Array<number>(s.tokens.length - 1).fill(0) })),
    );
    const length = batch.tokens.length / batch.batch;
    model.forwardBackward(batch, (current) => {
      const rows = sequences.map((s, b) => current.subarray(b * length, b * length + s.tokens.length - 1));
      const perSequence = weigh(rows);
      const weights = new Float64Array(current.length);
      perSequence.forEach((w, b) => weights.set(w, b * length));
      return weights;
    });
  };
}
