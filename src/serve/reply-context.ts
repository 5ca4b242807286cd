import type { SampleContext } from './sample-request.ts';

/** What the route handlers need beyond sampling: the served name, ids and the clock. */
export interface ReplyContext extends SampleContext {
  readonly modelName: string;
  /** A fresh reply id with this prefix (`cmpl`, `chatcmpl`). */
  nextId(prefix: string): string;
  /** Unix seconds, for `created`. */
  nowSeconds(): number;
}

/** A handler's answer: one JSON body, or the chunks of a server-sent event stream (then `data: [DONE]`). */
export type RouteReply =
  { readonly kind: 'json'; readonly body: unknown } | { readonly kind: 'sse'; readonly chunks: readonly unknown[] };

/** OpenAI's `usage`; prompt tokens count BOS, completion tokens count EOS when it was sampled. */
export function usage(promptTokens: number, completionTokens: number) {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/** `stop` as sent (absent, one string or several) → a list. */
export function stopList(stop: string | readonly string[] | null | undefined): string[] {
  if (stop === null || stop === undefined) return [];
  return typeof stop === 'string' ? [stop] : [...stop];
}
