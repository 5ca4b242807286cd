import type { LmModel } from '../lm/index.ts';

export interface TokenAlternative {
  readonly id: number;
  readonly logprob: number;
}

export interface PositionLogprobs {
  /** log p(token | everything before it) under the model itself (temperature 1, no constraint). */
  readonly logprob: number;
  /** 1 + how many tokens are more likely than this one (0 where it was not computed). */
  readonly rank: number;
  /** The `topK` most likely tokens at this position, most likely first (ties: lower id first). */
  readonly top: readonly TokenAlternative[];
}

/**
 * Teacher-forced log-probs of `sequence[from..]`, each given the tokens before it, with the top alternatives:
 * one forward pass, no sampling. Used where a reply needs more than the sampled token's log-prob (top_logprobs,
 * echoed prompts). `from` must be ≥ 1: the first token (BOS) has no prediction.
 */
export function teacherForcedLogprobs(options: {
  model: LmModel;
  sequence: readonly number[];
  from: number;
  topK: number;
}): PositionLogprobs[] {
  const { model, sequence, from, topK } = options;
  if (from < 1) throw new RangeError(`from must be ≥ 1 (the first token has no prediction), got ${from}`);
  const L = sequence.length - 1;
  if (L < from) return [];
  const V = model.config.vocabSize;
  const tokens = Int32Array.from(sequence.slice(0, L));
  const targets = Int32Array.from(sequence.slice(1));
  const out: PositionLogprobs[] = [];
  model.forward({ batch: 1, tokens, targets, weights: new Float32Array(L) }, (logits) => {
    for (let r = from - 1; r < L; r++) {
      const row = logits.subarray(r * V, (r + 1) * V);
      const lse = logSumExp(row);
      const target = row[targets[r]!]!;
      let above = 0;
      for (const x of row) if (x > target) above++;
      out.push({ logprob: target - lse, rank: above + 1, top: topTokens(row, topK, lse) });
    }
  });
  return out;
}

function logSumExp(row: Float32Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const x of row) max = Math.max(max, x);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  return max + Math.log(sum);
}

function topTokens(row: Float32Array, k: number, lse: number): TokenAlternative[] {
  if (k <= 0) return [];
  const ids = Array.from(row.keys()).sort((a, b) => row[b]! - row[a]! || a - b);
  return ids.slice(0, k).map((id) => ({ id, logprob: row[id]! - lse }));
}
