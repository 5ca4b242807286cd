import { type LmModel, type Sampling, scoreCompletions } from '../lm/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../rollout/lm-policy.ts';
import type { ResponseDistribution } from './response-distribution.ts';

/**
 * How the built-in LM answers: `constrained` decodes only the listed strings (as game moves are decoded), so they
 * hold all the mass; `free` writes any text (bytes and EOS, as `generate` samples free text), so the rest is
 * "other".
 */
export const responseDecodings = ['constrained', 'free'] as const;
export type ResponseDecoding = (typeof responseDecodings)[number];

/** A prompt and the responses whose probabilities are wanted. */
export interface ListedResponses {
  readonly prompt: string;
  readonly responses: readonly string[];
}

export interface LmResponseDistributionOptions {
  readonly model: LmModel;
  readonly prompts: readonly ListedResponses[];
  readonly decoding: ResponseDecoding;
  /** Temperature and top-p applied token by token, as sampling applies them; default 1 and 1. */
  readonly sampling?: Sampling;
}

/**
 * The exact probability that the LM, prompted as a policy is (`lmPromptTokens`), answers each listed response and
 * stops, per prompt: teacher-forced scoring of each response + EOS under the decoding's own token distribution —
 * the same code `generate` samples from, so this is the distribution the policy plays. Under `constrained` each
 * token is renormalised over the tokens that continue some listed response, and "other" is 0. One batched scoring
 * call for all prompts.
 */
export function lmResponseDistributions(options: LmResponseDistributionOptions): ResponseDistribution[] {
  const { model, prompts, decoding, sampling } = options;
  const items = prompts.flatMap(({ prompt, responses }) => {
    const promptTokens = lmPromptTokens(prompt);
    return responses.map((r) => ({
      prompt: promptTokens,
      completion: lmCompletionTokens(r),
      ...(decoding === 'constrained' ? { allowed: responses } : {}),
    }));
  });
  const scores = scoreCompletions({
    model,
    items,
    ...(sampling ? { temperature: sampling.temperature, topP: sampling.topP } : {}),
  });
  let offset = 0;
  return prompts.map(({ responses }) => {
    const probabilities = scores.slice(offset, (offset += responses.length)).map((s) => Math.exp(s.logprob));
    const listed = probabilities.reduce((a, p) => a + p, 0);
    // Constrained: the listed responses are the whole support, so any sum off 1 is rounding; spread it back.
    if (decoding === 'constrained') return { probabilities: probabilities.map((p) => p / listed), other: 0 };
    return { probabilities, other: Math.max(0, 1 - listed) };
  });
}

/** `lmResponseDistributions` for one prompt. */
export function lmResponseDistribution(
  options: Omit<LmResponseDistributionOptions, 'prompts'> & ListedResponses,
): ResponseDistribution {
  const { prompt, responses, ...rest } = options;
  return lmResponseDistributions({ ...rest, prompts: [{ prompt, responses }] })[0]!;
}
