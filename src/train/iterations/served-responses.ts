import { singleTurnInfo } from '../../games/single-turn.ts';
import type { WeightSyncConfigInput } from '../../llm/index.ts';
import { decode, EOS_ID, type LmModel, scoreCompletions, VOCAB_SIZE } from '../../lm/index.ts';
import type { ListedResponses } from '../../preference/index.ts';
import { lmPromptTokens } from '../../rollout/lm-policy.ts';
import type { ActResponse } from '../../spec/policy.ts';
import { createRng } from '../../util/rng.ts';
import { createRemoteSampler } from '../remote-sampler.ts';
import type { IterateSampler } from './iterate-sampler.ts';
import type { ResponseSample } from './response-samples.ts';

/** The server's replies cannot be trained on as the built-in LM's samples; the message says what to change. */
export class ServedSampleError extends Error {
  override readonly name = 'ServedSampleError';
}

/** A prompt answered once, as the endpoint policy's request describes it: one player, one free-text turn. */
const promptTurn = singleTurnInfo('prompt', 'prompt');

/**
 * The iterate's samples drawn by a server (train/remote-sampler.ts, as the online trainer plays through one): at the
 * start of every iteration the frozen iterate's weights are written to a folder and the server loads them (`sync`),
 * then K requests per prompt ask for free text at temperature 1 and at most `maxTokens` tokens, as the in-process
 * sampler draws them. The learner trains on the token ids and log-probs the server returns; its
 * `sampler_logprob_gap` (mean |Δ log π| per token against the iterate scored here) shows whether the server really
 * played the iterate's weights.
 */
export async function createServedSampler(options: {
  settings: WeightSyncConfigInput;
  prompts: readonly ListedResponses[];
  samples: number;
  maxTokens: number;
  now: () => number;
}): Promise<IterateSampler> {
  const { prompts, now } = options;
  const remote = await createRemoteSampler({
    settings: options.settings,
    decoding: 'free',
    temperature: 1,
    maxTokens: options.maxTokens,
    // Only a label here: the lm-raw template sends the prompt alone, with no game observation layout.
    format: 'full',
  });
  const promptTokens = prompts.map((p) => lmPromptTokens(p.prompt));
  const slots = prompts.flatMap((_, p) => Array<number>(options.samples).fill(p));
  return {
    async sample({ iterate, iteration, rng, signal }) {
      const syncStarted = now();
      await remote.sync(iterate, iteration);
      const syncSeconds = (now() - syncStarted) / 1000;
      // One seed per request from the run's sampling stream: against the same weights a rerun sends the same seeds.
      const seeds = slots.map(() => rng.int(2 ** 31));
      const samples = await Promise.all(
        slots.map(async (prompt, i) => {
          const text = prompts[prompt]!.prompt;
          const response = await remote.policy.act({
            game: promptTurn,
            player: 0,
            observation: text,
            legal: [],
            infoKey: text,
            rng: createRng(seeds[i]!),
            ...(signal ? { signal } : {}),
          });
          return servedSample({ response, prompt, promptTokens: promptTokens[prompt]!, listed: prompts[prompt]! });
        }),
      );
      return { samples, metrics: { sync_seconds: syncSeconds, sampler_logprob_gap: logprobGap(iterate, samples) } };
    },
    close: () => remote.close(),
  };
}

/** A server's reply as a response sample, checked against what the learner will read from it. */
function servedSample(options: {
  response: ActResponse;
  prompt: number;
  promptTokens: readonly number[];
  listed: ListedResponses;
}): ResponseSample {
  const { response, promptTokens } = options;
  // The remote sampler's policy has already refused replies without token ids and log-probs.
  const ids = response.completionTokenIds!;
  const logprobs = response.completionLogprobs!;
  const served = response.promptTokenIds!;
  if (served.length !== promptTokens.length || served.some((id, i) => id !== promptTokens[i]))
    throw new ServedSampleError(
      `the sampler read prompt ${JSON.stringify(options.listed.prompt)} as other tokens than the learner trains on; use template=lm-raw and api=completions in its spec`,
    );
  const outside = ids.find((id) => !Number.isInteger(id) || id < 0 || id >= VOCAB_SIZE);
  if (outside !== undefined)
    throw new ServedSampleError(
      `the sampler answered with token id ${outside}, outside the built-in LM's vocabulary of ${VOCAB_SIZE}: serve a checkpoint with the run's model config (selfplay serve)`,
    );
  if (logprobs.length !== ids.length)
    throw new ServedSampleError(
      `the sampler returned ${logprobs.length} log-probs for ${ids.length} tokens; the learner needs one per token`,
    );
  const text = decode(ids);
  return {
    prompt: options.prompt,
    text,
    promptTokens,
    completionTokens: ids,
    // As in process: a response is listed only when the model ended it (EOS), not when it was cut.
    listed: ids.at(-1) === EOS_ID ? options.listed.responses.indexOf(text) : -1,
    tokenLogprobs: logprobs,
  };
}

/** Mean |log π_served − log π_iterate| per token (0 when no tokens), the iterate scored in this process. */
function logprobGap(iterate: LmModel, samples: readonly ResponseSample[]): number {
  const scores = scoreCompletions({
    model: iterate,
    items: samples.map((s) => ({ prompt: s.promptTokens, completion: s.completionTokens })),
  });
  let total = 0;
  let tokens = 0;
  samples.forEach((s, i) => {
    const own = scores[i]!.modelTokenLogprobs;
    s.tokenLogprobs.forEach((lp, j) => (total += Math.abs(lp - own[j]!)));
    tokens += s.tokenLogprobs.length;
  });
  return tokens > 0 ? total / tokens : 0;
}
