import { generate, type LmModel } from '../../lm/index.ts';
import { lmPromptTokens } from '../../rollout/lm-policy.ts';
import type { Rng } from '../../spec/rng.ts';

/** One reply as the learner sees it: the prompt's and the completion's tokens, and the sampler's log-probs. */
export interface Reply {
  readonly text: string;
  readonly promptTokens: readonly number[];
  /** EOS included when the model stopped; empty for a prompt the context could not hold (never trained on). */
  readonly completionTokens: readonly number[];
  readonly logprobs: readonly number[];
}

/** A reply with what it earned: a training sample of its role, and a run-store row. */
export interface ScoredReply<R extends string = string> extends Reply {
  readonly role: R;
  readonly prompt: string;
  readonly reward: number;
  readonly advantage: number;
}

/**
 * Writes one reply per prompt, in order, as `role` (by the model bound to that role). The loop's writer samples the
 * built-in LM at temperature 1; a test may script one.
 */
export type Writer<R extends string = string> = (role: R, prompts: readonly string[]) => Promise<Reply[]>;

/** Makes the run's writer over its role models, from the run's sampling RNG (saved with every checkpoint). */
export type WriterFactory = (options: {
  readonly models: Readonly<Record<string, LmModel>>;
  readonly rng: Rng;
  readonly maxTokens: number;
}) => Writer;

/**
 * The built-in LM writing one reply per prompt at temperature 1 (as it trains), one batched `generate` per call, from
 * the run's sampling RNG. A prompt its context cannot hold gets an empty reply: unreadable, and never trained on.
 */
export const lmWriter: WriterFactory = ({ models, rng, maxTokens }) => {
  return async (role, prompts) => {
    const model = models[role];
    if (!model) throw new Error(`no model is bound to the role ${role}`);
    const tokens = prompts.map(lmPromptTokens);
    const fit = tokens.flatMap((t, i) => (t.length < model.config.context ? [i] : []));
    const generations = generate({ model, prompts: fit.map((i) => tokens[i]!), rng, maxTokens, temperature: 1 });
    const replies: Reply[] = tokens.map((t) => ({ text: '', promptTokens: t, completionTokens: [], logprobs: [] }));
    fit.forEach((i, j) => {
      const g = generations[j]!;
      replies[i] = {
        text: g.text,
        promptTokens: tokens[i]!,
        completionTokens: g.tokens,
        logprobs: g.modelTokenLogprobs,
      };
    });
    return replies;
  };
};
