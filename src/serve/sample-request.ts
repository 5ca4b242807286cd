import { BOS_ID, decode, EOS_ID, encode, GenerateError, type LmModel } from '../lm/index.ts';
import type { Rng } from '../spec/rng.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import type { Batcher } from './batcher.ts';
import { type PositionLogprobs, teacherForcedLogprobs } from './logprobs.ts';
import { ServeError } from './openai-error.ts';

/** A request reduced to what sampling needs; both routes build one. */
export interface SampleRequest {
  /** Prompt ids, BOS first. */
  readonly prompt: readonly number[];
  readonly n: number;
  /** Requested completion length; undefined = until the context is full; 0 = score the prompt only. */
  readonly maxTokens: number | undefined;
  readonly temperature: number;
  readonly topP: number;
  readonly seed: number | undefined;
  readonly stop: readonly string[];
  readonly allowed: readonly string[] | undefined;
  /** Alternatives per completion token; undefined = no completion log-probs. */
  readonly topLogprobs: number | undefined;
  /** Alternatives per prompt token; undefined = no prompt log-probs. */
  readonly promptTopLogprobs: number | undefined;
}

export interface SampledChoice {
  /** Completion ids: EOS included when the model stopped by itself, cut before a stop string when one matched. */
  readonly tokens: readonly number[];
  readonly text: string;
  readonly finishReason: 'stop' | 'length';
  /** Per completion token, when asked for; the sampled token's log-prob is the model's own (temperature 1). */
  readonly logprobs?: readonly PositionLogprobs[];
}

export interface SampleResult {
  readonly prompt: readonly number[];
  /** Per prompt token after BOS, when asked for. */
  readonly promptLogprobs?: readonly PositionLogprobs[];
  readonly choices: readonly SampledChoice[];
}

export interface SampleContext {
  /** The weights this request samples and scores with, from its start to its reply. */
  readonly model: LmModel;
  readonly batcher: Batcher;
  /** Seeds requests that bring no seed of their own. */
  readonly seedRng: Rng;
}

/** Text → prompt ids as the in-process policy feeds them: BOS, then the bytes (`encodeWithBos`). */
export function promptFromText(text: string): number[] {
  return [BOS_ID, ...encode(text)];
}

/** Token ids → prompt ids; BOS is added in front when missing, since the model always saw one first. */
export function promptFromIds(ids: readonly number[], model: LmModel): number[] {
  const bad = ids.find((id) => id >= model.config.vocabSize);
  if (bad !== undefined) {
    throw new ServeError({
      status: 400,
      param: 'prompt',
      code: 'invalid_value',
      message: `prompt token ${bad} is outside the vocabulary of ${model.config.vocabSize} (bytes 0–255, BOS ${BOS_ID}, EOS ${EOS_ID})`,
    });
  }
  return ids[0] === BOS_ID ? [...ids] : [BOS_ID, ...ids];
}

/**
 * Samples `n` completions of one prompt through the shared batcher, cuts them at stop strings, and adds the
 * log-probs asked for. Context overflow is a 400 naming the model's context.
 */
export async function sampleRequest(ctx: SampleContext, request: SampleRequest): Promise<SampleResult> {
  const { model } = ctx;
  const { prompt } = request;
  const context = model.config.context;
  const scoreOnly = request.maxTokens === 0;
  if (prompt.length > context || (!scoreOnly && prompt.length >= context)) {
    throw new ServeError({
      status: 400,
      param: request.maxTokens === undefined ? 'prompt' : 'max_tokens',
      code: 'context_length_exceeded',
      message: `this model's maximum context length is ${context} tokens, and the prompt has ${prompt.length} (BOS included), leaving no room for an answer; shorten the prompt (tokens are UTF-8 bytes)`,
    });
  }
  // A longer max_tokens is clamped to the room left: the answer then ends with finish_reason "length".
  const maxTokens = Math.min(request.maxTokens ?? context, context - prompt.length);
  const rngs = Array.from({ length: request.n }, (_, i) =>
    createRng(request.seed === undefined ? ctx.seedRng.int(2 ** 31) : deriveSeed(request.seed, i)),
  );
  const choices = scoreOnly
    ? rngs.map(() => ({ tokens: [], text: '', finishReason: 'length' as const }))
    : await Promise.all(rngs.map((rng) => sampleOne(ctx, request, maxTokens, rng)));
  const promptLogprobs =
    request.promptTopLogprobs === undefined
      ? undefined
      : teacherForcedLogprobs({ model, sequence: prompt, from: 1, topK: request.promptTopLogprobs });
  return { prompt, ...(promptLogprobs ? { promptLogprobs } : {}), choices };
}

async function sampleOne(
  ctx: SampleContext,
  request: SampleRequest,
  maxTokens: number,
  rng: Rng,
): Promise<SampledChoice> {
  let generation;
  try {
    generation = await ctx.batcher.submit({
      model: ctx.model,
      prompt: request.prompt,
      maxTokens,
      temperature: request.temperature,
      topP: request.topP,
      rng,
      ...(request.allowed ? { allowed: request.allowed } : {}),
    });
  } catch (error) {
    if (error instanceof GenerateError) throw new ServeError({ status: 400, message: error.message });
    throw error;
  }
  const cut = stopCut(generation.tokens, request.stop);
  const tokens = cut === undefined ? generation.tokens : generation.tokens.slice(0, cut);
  const sampledLogprobs = generation.modelTokenLogprobs.slice(0, tokens.length);
  const finishReason = cut !== undefined || generation.finish === 'eos' ? 'stop' : 'length';
  const base = { tokens, text: decode(tokens), finishReason } as const;
  if (request.topLogprobs === undefined) return base;
  const k = request.topLogprobs;
  const top =
    k > 0 && tokens.length > 0
      ? teacherForcedLogprobs({
          model: ctx.model,
          sequence: [...request.prompt, ...tokens],
          from: request.prompt.length,
          topK: k,
        })
      : undefined;
  const logprobs = sampledLogprobs.map((logprob, i) => ({
    logprob,
    rank: top?.[i]?.rank ?? 0,
    top: top?.[i]?.top ?? [],
  }));
  return { ...base, logprobs };
}

/** Index of the first completion token that belongs to a stop string, or undefined when none occurs. */
function stopCut(tokens: readonly number[], stop: readonly string[]): number | undefined {
  if (stop.length === 0) return undefined;
  // Tokens are bytes, so a byte offset in the completion is a token index (EOS, if any, is last).
  const bytes = tokens.filter((t) => t < 256);
  let best: number | undefined;
  for (const s of stop) {
    const needle = encode(s);
    if (needle.length === 0) continue;
    const at = indexOfBytes(bytes, needle);
    if (at >= 0 && (best === undefined || at < best)) best = at;
  }
  return best;
}

function indexOfBytes(hay: readonly number[], needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
