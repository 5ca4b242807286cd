import { generate, type LmModel } from '../../lm/index.ts';
import type { ListedResponses } from '../../preference/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../../rollout/lm-policy.ts';
import type { Rng } from '../../spec/rng.ts';

/** One response to a prompt, as the learner and the oracle see it. */
export interface ResponseSample {
  /** The prompt's index in its file. */
  readonly prompt: number;
  readonly text: string;
  readonly promptTokens: readonly number[];
  /** The completion, EOS included when the model stopped. */
  readonly completionTokens: readonly number[];
  /** Which listed response this is, or −1 for "other" (unlisted, or cut at `maxTokens` before EOS). */
  readonly listed: number;
  /** log π of each token under the model that wrote it (temperature 1, no constraint); zeros for data responses. */
  readonly tokenLogprobs: readonly number[];
}

/**
 * K free-text responses per prompt from `model` at temperature 1, as the recipe plays (a policy is a model and its
 * decoding: the recipes play and are measured free). One batched `generate` call.
 */
export function sampleResponses(options: {
  model: LmModel;
  prompts: readonly ListedResponses[];
  samples: number;
  maxTokens: number;
  rng: Rng;
}): ResponseSample[] {
  const { prompts, samples } = options;
  const slots = prompts.flatMap((_, p) => Array<number>(samples).fill(p));
  const promptTokens = prompts.map((p) => lmPromptTokens(p.prompt));
  const generations = generate({
    model: options.model,
    prompts: slots.map((p) => promptTokens[p]!),
    rng: options.rng,
    maxTokens: options.maxTokens,
  });
  return generations.map((g, i) => {
    const prompt = slots[i]!;
    const listed = g.finish === 'eos' ? prompts[prompt]!.responses.indexOf(g.text) : -1;
    return {
      prompt,
      text: g.text,
      promptTokens: promptTokens[prompt]!,
      completionTokens: g.tokens,
      listed,
      tokenLogprobs: g.modelTokenLogprobs,
    };
  });
}

/** `samples` responses per prompt drawn from the data distribution (SPIN's real side), or uniformly when none is given. */
export function drawListedResponses(options: {
  prompts: readonly (ListedResponses & { readonly probabilities?: readonly number[] })[];
  samples: number;
  rng: Rng;
}): ResponseSample[] {
  return options.prompts.flatMap((p, prompt) => {
    const promptTokens = lmPromptTokens(p.prompt);
    return Array.from({ length: options.samples }, () => {
      const listed = drawIndex(p.probabilities ?? p.responses.map(() => 1 / p.responses.length), options.rng);
      const completionTokens = lmCompletionTokens(p.responses[listed]!);
      return {
        prompt,
        text: p.responses[listed]!,
        promptTokens,
        completionTokens,
        listed,
        tokenLogprobs: completionTokens.map(() => 0),
      };
    });
  });
}

function drawIndex(probabilities: readonly number[], rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < probabilities.length; i++) {
    u -= probabilities[i]!;
    if (u < 0) return i;
  }
  // Rounding left u ≥ 0 after the last: the last response with mass.
  return probabilities.findLastIndex((p) => p > 0);
}
