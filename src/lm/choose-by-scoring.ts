import type { Rng } from '../spec/rng.ts';
import type { Generation } from './generate.ts';
import type { LmModel } from './model.ts';
import { scoreCompletions } from './scoring.ts';
import { drawToken } from './token-distribution.ts';
import { decode, EOS_ID, encode } from './tokenizer.ts';

/** What `generate` hands over: every prompt constrained to its allowed strings. */
export interface ConstrainedBatch {
  readonly model: LmModel;
  readonly prompts: readonly (readonly number[])[];
  readonly allowed: readonly (readonly string[])[];
  readonly rngOf: (slot: number) => Rng;
  readonly temperature: number;
  readonly topP: number;
}

/** Which requests of a batch share a (prompt, allowed) pair: `firsts[d]` is the first request of pair d, `pairOf[r]` the pair of request r. */
export interface ScoringPlan {
  readonly firsts: readonly number[];
  readonly pairOf: readonly number[];
}

/**
 * The batch's distinct (prompt, allowed) pairs when scoring them beats decoding, else undefined. Scoring runs one
 * full forward pass per distinct prompt and allowed string, decoding one prefill per prompt plus a step per answer
 * token; scoring wins when those strings number at most half the batch — a small game's batch of turns holds a
 * handful of distinct observations.
 */
export function scoringPlan(batch: Pick<ConstrainedBatch, 'prompts' | 'allowed'>): ScoringPlan | undefined {
  const indexOf = new Map<string, number>();
  const firsts: number[] = [];
  const pairOf = batch.prompts.map((prompt, i) => {
    const key = `${prompt.join(',')}|${batch.allowed[i]!.join('\u0000')}`;
    let d = indexOf.get(key);
    if (d === undefined) {
      d = firsts.push(i) - 1;
      indexOf.set(key, d);
    }
    return d;
  });
  const sequences = firsts.reduce((n, i) => n + batch.allowed[i]!.length, 0);
  return 2 * sequences <= batch.prompts.length ? { firsts, pairOf } : undefined;
}

/**
 * Constrained answers drawn whole: each distinct prompt's allowed strings are scored once (teacher-forced, with the
 * sampling distribution's temperature and top-p applied token by token, exactly as decoding applies them), and
 * every prompt draws one string from that distribution with one draw of its RNG. The product of the per-token
 * probabilities along an answer is the probability token-by-token decoding gives it, so the answers have the same
 * distribution as `generate`'s; only the random draws differ.
 */
export function chooseByScoring(batch: ConstrainedBatch, plan: ScoringPlan): Generation[] {
  // One batched scoring call for every pair's strings; each pair then reads its slice.
  const candidates = plan.firsts.map((i) => batch.allowed[i]!.map((s) => [...encode(s), EOS_ID]));
  const items = plan.firsts.flatMap((i, d) =>
    candidates[d]!.map((completion) => ({ prompt: batch.prompts[i]!, completion, allowed: batch.allowed[i]! })),
  );
  const scores = scoreCompletions({ model: batch.model, items, temperature: batch.temperature, topP: batch.topP });
  let offset = 0;
  const perPair = candidates.map((c) => {
    const own = scores.slice(offset, (offset += c.length));
    return { candidates: c, scores: own, probs: Float64Array.from(own, (s) => Math.exp(s.logprob)) };
  });
  return plan.pairOf.map((d, request) => {
    const { candidates, scores, probs } = perPair[d]!;
    const pick = drawToken(probs, batch.rngOf(request).next());
    const chosen = scores[pick]!;
    const tokens = candidates[pick]!;
    return {
      tokens,
      text: decode(tokens),
      finish: 'eos',
      tokenLogprobs: chosen.tokenLogprobs,
      logprob: chosen.logprob,
      modelTokenLogprobs: chosen.modelTokenLogprobs,
      modelLogprob: chosen.modelLogprob,
    };
  });
}
