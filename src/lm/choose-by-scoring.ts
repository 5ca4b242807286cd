import type { Rng } from '../spec/rng.ts';
import type { Generation } from './generate.ts';
import type { LmModel } from './model.ts';
import { scoreCompletions } from './scoring.ts';
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

/** The distinct (prompt, allowed) pairs of a batch and, per prompt, which pair it is. */
function distinctRequests(batch: Pick<ConstrainedBatch, 'prompts' | 'allowed'>) {
  const indexOf = new Map<string, number>();
  const firsts: number[] = [];
  const slots = batch.prompts.map((prompt, i) => {
    const key = `${prompt.join(',')}|${batch.allowed[i]!.join('\u0000')}`;
    let d = indexOf.get(key);
    if (d === undefined) {
      d = firsts.push(i) - 1;
      indexOf.set(key, d);
    }
    return d;
  });
  return { firsts, slots };
}

/**
 * Whether scoring beats decoding for this batch: scoring runs one full forward pass per distinct prompt and
 * allowed string, decoding one prefill per prompt plus a step per answer token. Scoring wins when prompts repeat —
 * a small game's batch of turns holds a handful of distinct observations.
 */
export function scoringIsCheaper(batch: Pick<ConstrainedBatch, 'prompts' | 'allowed'>): boolean {
  const { firsts } = distinctRequests(batch);
  const sequences = firsts.reduce((n, i) => n + batch.allowed[i]!.length, 0);
  return 2 * sequences <= batch.prompts.length;
}

/**
 * Constrained answers drawn whole: each distinct prompt's allowed strings are scored once (teacher-forced, with the
 * sampling distribution's temperature and top-p applied token by token, exactly as decoding applies them), and
 * every prompt draws one string from that distribution with one draw of its RNG. The product of the per-token
 * probabilities along an answer is the probability token-by-token decoding gives it, so the answers have the same
 * distribution as `generate`'s; only the random draws differ.
 */
export function chooseByScoring(batch: ConstrainedBatch): Generation[] {
  const { firsts, slots } = distinctRequests(batch);
  const candidates = firsts.map((i) => batch.allowed[i]!.map((s) => [...encode(s), EOS_ID]));
  const items = firsts.flatMap((i, d) =>
    candidates[d]!.map((completion) => ({ prompt: batch.prompts[i]!, completion, allowed: batch.allowed[i]! })),
  );
  const scores = scoreCompletions({ model: batch.model, items, temperature: batch.temperature, topP: batch.topP });
  const offsets = candidates.map((_, d) => candidates.slice(0, d).reduce((n, c) => n + c.length, 0));
  return slots.map((d, slot) => {
    const options = scores.slice(offsets[d]!, offsets[d]! + candidates[d]!.length);
    let rest = batch.rngOf(slot).next();
    let pick = -1;
    for (const [j, s] of options.entries()) {
      const p = Math.exp(s.logprob);
      if (p <= 0) continue;
      pick = j;
      rest -= p;
      if (rest < 0) break;
    }
    const chosen = options[pick]!;
    const tokens = candidates[d]![pick]!;
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
