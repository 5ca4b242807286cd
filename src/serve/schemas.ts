import { z } from 'zod';

// Request bodies of the OpenAI routes. Objects are not strict: OpenAI-compatible clients send fields for other
// servers (top_k, n_probs, user, …) and every server in that family ignores what it does not use.

const stop = z.union([z.string(), z.array(z.string()).max(16)]).nullish();
const choices = z.array(z.string()).min(1).max(1024);

/** Fields both routes share: sampling, length, and vLLM's cheap extras. */
const samplingFields = {
  model: z.string().min(1),
  /** Default: until the context is full. */
  max_tokens: z.int().nonnegative().nullish(),
  /** Default 1; 0 is greedy. */
  temperature: z.number().min(0).max(2).nullish(),
  /** Default 1. */
  top_p: z.number().gt(0).max(1).nullish(),
  seed: z.int().nullish(),
  /** Answers per prompt; default 1. */
  n: z.int().min(1).max(64).nullish(),
  stop,
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  /** vLLM: choices[].token_ids and the prompt's token ids. */
  return_token_ids: z.boolean().nullish(),
  /** vLLM: spell log-prob tokens as `token_id:<id>`. */
  return_tokens_as_token_ids: z.boolean().nullish(),
  /** vLLM: the prompt's log-probs with this many alternatives per position. */
  prompt_logprobs: z.int().min(0).max(20).nullish(),
  /** vLLM guided decoding: the answer is exactly one of these strings (followed by EOS). */
  guided_choice: choices.nullish(),
  /** Newer vLLM's spelling of the same constraint. */
  structured_outputs: z.object({ choice: choices.nullish() }).nullish(),
};

/** The strings a guided request allows (`guided_choice` or `structured_outputs.choice`), or undefined. */
export function guidedChoices(body: {
  guided_choice?: readonly string[] | null | undefined;
  structured_outputs?: { choice?: readonly string[] | null | undefined } | null | undefined;
}): readonly string[] | undefined {
  return body.guided_choice ?? body.structured_outputs?.choice ?? undefined;
}

export const completionRequestSchema = z.object({
  ...samplingFields,
  /** Text, or token ids (the server adds BOS in front when they do not start with it). */
  prompt: z.union([z.string(), z.array(z.int().nonnegative()).min(1)]),
  /** Log-probs with this many alternatives per token (legacy completions layout). */
  logprobs: z.int().min(0).max(20).nullish(),
  /** Return the prompt before the completion (and, with logprobs, the prompt tokens' log-probs). */
  echo: z.boolean().nullish(),
});

const textPart = z.object({ type: z.literal('text'), text: z.string() });

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(textPart)]).nullable(),
});

export const chatRequestSchema = z.object({
  ...samplingFields,
  messages: z.array(chatMessageSchema).min(1),
  /** The newer name of max_tokens; wins when both are sent. */
  max_completion_tokens: z.int().nonnegative().nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
});

export type CompletionRequest = z.output<typeof completionRequestSchema>;
export type ChatRequest = z.output<typeof chatRequestSchema>;
export type ChatMessage = z.output<typeof chatMessageSchema>;
