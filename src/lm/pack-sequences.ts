import type { TokenBatch } from './model.ts';
import { PAD_ID } from './tokenizer.ts';

export interface WeightedSequence {
  /** The whole sequence, e.g. `[BOS, ...prompt, ...completion, EOS]`. */
  readonly tokens: readonly number[];
  /**
   * One weight per predicted token: `weights[i]` scales the loss of predicting `tokens[i + 1]`, so it has
   * `tokens.length − 1` entries. For policy gradient: 0 on the prompt, advantage / count on the completion.
   */
  readonly weights: readonly number[];
}

/**
 * Packs sequences of different lengths into one right-padded [batch, length] `TokenBatch` (padding rows predict
 * PAD with weight 0, so they change neither the loss nor the gradient). `length` defaults to the longest input.
 */
export function packSequences(sequences: readonly WeightedSequence[], length?: number): TokenBatch {
  if (sequences.length === 0) throw new RangeError('packSequences needs at least one sequence');
  const longest = Math.max(...sequences.map((s) => s.tokens.length - 1));
  const L = length ?? longest;
  if (L < longest || L < 1) {
    throw new RangeError(
      `length ${L} is shorter than the longest sequence's ${longest} predictions; pass a larger one`,
    );
  }
  const n = sequences.length * L;
  const tokens = new Int32Array(n).fill(PAD_ID);
  const targets = new Int32Array(n).fill(PAD_ID);
  const weights = new Float32Array(n);
  sequences.forEach((s, b) => {
    if (s.tokens.length < 2) throw new RangeError(`sequence ${b} needs at least 2 tokens (a context and a target)`);
    if (s.weights.length !== s.tokens.length - 1) {
      throw new RangeError(`sequence ${b}: ${s.weights.length} weights for ${s.tokens.length - 1} predicted tokens`);
    }
    for (let i = 0; i + 1 < s.tokens.length; i++) {
      tokens[b * L + i] = s.tokens[i]!;
      targets[b * L + i] = s.tokens[i + 1]!;
      weights[b * L + i] = s.weights[i]!;
    }
  });
  return { batch: sequences.length, tokens, targets, weights };
}
