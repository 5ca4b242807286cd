import type { ActResponse } from '../spec/policy.ts';
import type { ChatReply, CompletionReply, ReplyChoice, ReplyTopLevel } from './openai-schemas.ts';
import type { RenderedPrompt } from './prompt-templates.ts';

export interface TokenUsage {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly totalTokens?: number;
}

/**
 * An `ActResponse` with what an endpoint reports beside the text. Every extra is optional: servers differ in what
 * they return (research/interop.md §1.6), and nothing here is guessed or re-tokenized.
 */
export interface EndpointActResponse extends ActResponse {
  /** The prompt as sent (raw text, or chat messages). */
  readonly prompt: RenderedPrompt;
  /** Reasoning the server split off (`reasoning_content` / `reasoning`), or a leading `<think>…</think>` block. */
  readonly reasoning?: string;
  readonly promptTokenIds?: readonly number[];
  /** The sampled completion token ids, in order. */
  readonly completionTokenIds?: readonly number[];
  /** Log-prob of each sampled completion token, aligned with the tokens the server reported. */
  readonly completionLogprobs?: readonly number[];
  /** `stop`, `length`, …; `length` means the answer was cut off at max_tokens. */
  readonly finishReason?: string;
  readonly usage?: TokenUsage;
  /** The model that answered, as the server names it. */
  readonly model?: string;
}

type Extras = Omit<EndpointActResponse, 'text' | 'prompt'>;

/** Reads a chat reply's first choice. */
export function readChatReply(reply: ChatReply): Omit<EndpointActResponse, 'prompt'> {
  const choice = reply.choices[0]!;
  const text = choice.message.content ?? '';
  const split = choice.message.reasoning_content ?? choice.message.reasoning ?? undefined;
  const reasoning = split ?? thinkBlock(text);
  return { text, ...(reasoning === undefined ? {} : { reasoning }), ...readExtras(choice, reply) };
}

/** Reads a completions reply's first choice. */
export function readCompletionReply(reply: CompletionReply): Omit<EndpointActResponse, 'prompt'> {
  const choice = reply.choices[0]!;
  const reasoning = thinkBlock(choice.text);
  return { text: choice.text, ...(reasoning === undefined ? {} : { reasoning }), ...readExtras(choice, reply) };
}

function readExtras(choice: ReplyChoice, top: ReplyTopLevel): Extras {
  const records = choice.logprobs?.content ?? choice.completion_probabilities ?? top.completion_probabilities ?? null;
  const completionTokenIds =
    nonEmpty(choice.token_ids) ??
    nonEmpty(choice.tokens) ??
    nonEmpty(top.tokens) ??
    idsFromRecords(records) ??
    idsFromStrings(choice.logprobs?.tokens);
  const completionLogprobs = logprobsFrom(records) ?? allNumbers(choice.logprobs?.token_logprobs);
  const promptTokenIds = nonEmpty(choice.prompt_token_ids) ?? nonEmpty(top.prompt_token_ids);
  const usage = top.usage
    ? {
        ...(top.usage.prompt_tokens === undefined ? {} : { promptTokens: top.usage.prompt_tokens }),
        ...(top.usage.completion_tokens === undefined ? {} : { completionTokens: top.usage.completion_tokens }),
        ...(top.usage.total_tokens === undefined ? {} : { totalTokens: top.usage.total_tokens }),
      }
    : undefined;
  return {
    ...(promptTokenIds ? { promptTokenIds } : {}),
    ...(completionTokenIds ? { completionTokenIds } : {}),
    ...(completionLogprobs ? { completionLogprobs } : {}),
    ...(choice.finish_reason ? { finishReason: choice.finish_reason } : {}),
    ...(usage ? { usage } : {}),
    ...(top.model ? { model: top.model } : {}),
  };
}

type TokenRecord = { token?: string | undefined; logprob?: number | null | undefined; id?: number | undefined };

function nonEmpty(ids: readonly number[] | null | undefined): readonly number[] | undefined {
  return ids && ids.length > 0 ? ids : undefined;
}

// llama.cpp records carry `id`; vLLM with `return_tokens_as_token_ids` spells the token as "token_id:<id>".
function idsFromRecords(records: readonly TokenRecord[] | null): readonly number[] | undefined {
  if (!records || records.length === 0) return undefined;
  const ids = records.map((r) => r.id ?? tokenIdFromString(r.token));
  return ids.every((id): id is number => id !== undefined) ? ids : undefined;
}

function idsFromStrings(tokens: readonly string[] | null | undefined): readonly number[] | undefined {
  if (!tokens || tokens.length === 0) return undefined;
  const ids = tokens.map(tokenIdFromString);
  return ids.every((id): id is number => id !== undefined) ? ids : undefined;
}

function tokenIdFromString(token: string | undefined): number | undefined {
  const m = token === undefined ? null : /^token_id:(\d+)$/.exec(token);
  return m ? Number(m[1]) : undefined;
}

// A list with a missing entry cannot be aligned with the tokens, so it is dropped rather than patched.
function logprobsFrom(records: readonly TokenRecord[] | null): readonly number[] | undefined {
  if (!records || records.length === 0) return undefined;
  return allNumbers(records.map((r) => r.logprob));
}

function allNumbers(values: readonly (number | null | undefined)[] | null | undefined): readonly number[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values.every((v): v is number => typeof v === 'number') ? values : undefined;
}

/** The inside of a leading `<think>…</think>` (Qwen3, DeepSeek-R1 without a reasoning parser). */
function thinkBlock(text: string): string | undefined {
  const m = /^\s*<think>([\s\S]*?)<\/think>/.exec(text);
  return m ? m[1]!.trim() : undefined;
}
