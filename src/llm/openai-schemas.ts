import { z } from 'zod';

// Reply schemas for /chat/completions and /completions. Only what we read is declared (zod drops the rest), and
// the vendor fields that carry token ids and log-probs are optional (research/interop.md §1.2–1.5).

const tokenIds = z.array(z.int().nonnegative());

/** One generated token in a chat-style log-prob list (OpenAI, vLLM, SGLang, Ollama; llama.cpp adds `id`). */
const tokenLogprob = z.object({
  token: z.string().optional(),
  logprob: z.number().nullable().optional(),
  id: z.int().nonnegative().optional(),
});

/** Both log-prob layouts: chat's `content[]` and the legacy completions `tokens` + `token_logprobs`. */
const logprobs = z
  .object({
    content: z.array(tokenLogprob).nullable().optional(),
    tokens: z.array(z.string()).nullable().optional(),
    token_logprobs: z.array(z.number().nullable()).nullable().optional(),
  })
  .nullable()
  .optional();

/** llama-server's own per-token records (`completion_probabilities`, with `n_probs`). */
const llamaProbabilities = z.array(tokenLogprob).nullable().optional();

const vendorFields = {
  logprobs,
  /** vLLM `return_token_ids`. */
  token_ids: tokenIds.nullable().optional(),
  /** llama.cpp `return_tokens`. */
  tokens: tokenIds.nullable().optional(),
  completion_probabilities: llamaProbabilities,
  /** vLLM completions put the prompt ids on the choice. */
  prompt_token_ids: tokenIds.nullable().optional(),
  finish_reason: z.string().nullable().optional(),
};

export const usageSchema = z.object({
  prompt_tokens: z.int().nonnegative().optional(),
  completion_tokens: z.int().nonnegative().optional(),
  total_tokens: z.int().nonnegative().optional(),
});

const topLevel = {
  id: z.string().optional(),
  model: z.string().optional(),
  usage: usageSchema.nullable().optional(),
  /** vLLM chat puts the prompt ids at the top level. */
  prompt_token_ids: tokenIds.nullable().optional(),
  tokens: tokenIds.nullable().optional(),
  completion_probabilities: llamaProbabilities,
};

export const chatReplySchema = z.object({
  ...topLevel,
  choices: z
    .array(
      z.object({
        ...vendorFields,
        message: z.object({
          content: z.string().nullable().optional(),
          /** vLLM/SGLang/llama.cpp reasoning parsers and DeepSeek. */
          reasoning_content: z.string().nullable().optional(),
          /** Ollama and newer vLLM. */
          reasoning: z.string().nullable().optional(),
        }),
      }),
    )
    .min(1, 'the reply has no choices'),
});

export const completionReplySchema = z.object({
  ...topLevel,
  choices: z.array(z.object({ ...vendorFields, text: z.string() })).min(1, 'the reply has no choices'),
});

export type ChatReply = z.output<typeof chatReplySchema>;
export type CompletionReply = z.output<typeof completionReplySchema>;
export type ReplyChoice = ChatReply['choices'][number] | CompletionReply['choices'][number];
export type ReplyTopLevel = Pick<
  ChatReply,
  'usage' | 'prompt_token_ids' | 'tokens' | 'completion_probabilities' | 'model'
>;
