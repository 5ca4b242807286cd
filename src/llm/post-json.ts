import { z } from 'zod';
import { excerpt, hintForStatus, isRetryableStatus, LlmApiError } from './llm-api-error.ts';
import { parseRetryAfter } from './retry.ts';

export interface PostJsonOptions {
  readonly url: string;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Limit for one attempt, reading the body included. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  /** Strings that must never appear in an error (the API key). */
  readonly secrets?: readonly string[];
  /** For the fix hints: the key's variable name (never its value) and the model. */
  readonly context: { readonly apiKeyEnv?: string | undefined; readonly model: string };
}

export interface JsonReply {
  readonly url: string;
  readonly status: number;
  readonly text: string;
}

// Both OpenAI's `{"error":{"message"}}` and vLLM's flat `{"message"}` carry the server's reason.
const errorBodySchema = z.union([
  z.object({ error: z.object({ message: z.string() }) }).transform((b) => b.error.message),
  z.object({ error: z.string() }).transform((b) => b.error),
  z.object({ message: z.string() }).transform((b) => b.message),
]);

/**
 * POSTs a JSON body and reads the whole reply as text. A 2xx reply is returned; anything else throws
 * `LlmApiError` (status, body excerpt, `retry-after`, a fix hint). If the caller's signal aborts, its reason is
 * thrown unchanged, so a cancelled run is never mistaken for a failing server.
 */
export async function postJson(options: PostJsonOptions): Promise<JsonReply> {
  const { url, timeoutMs, secrets = [], context } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let status = 0;
  let statusText: string;
  let headers: Headers;
  let text: string;
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal,
    });
    status = response.status;
    statusText = response.statusText;
    headers = response.headers;
    text = await response.text();
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new LlmApiError({
        reason: 'timeout',
        message: `no complete reply from ${url} within ${timeoutMs} ms`,
        url,
        isRetryable: true,
        hint: 'raise timeout_ms (timeoutMs) or lower max_tokens; a server still loading the model may need longer',
        cause,
      });
    }
    const where = status === 0 ? `cannot reach ${url}` : `connection to ${url} dropped while reading the reply`;
    throw new LlmApiError({
      reason: 'network',
      message: `${where}: ${describeNetworkError(cause)}`,
      url,
      isRetryable: true,
      hint: 'check that the server is running and that the base URL (host, port, /v1) is right',
      cause,
    });
  }
  if (status >= 200 && status < 300) return { url, status, text };
  const parsedError = safeJson(text);
  const serverMessage = parsedError === undefined ? undefined : errorBodySchema.safeParse(parsedError).data;
  const said = serverMessage ? `: ${excerpt(serverMessage, secrets, 300)}` : '';
  const retryAfterMs = parseRetryAfter(headers, now());
  throw new LlmApiError({
    reason: 'http',
    message: `${url} answered ${status}${statusText ? ` ${statusText}` : ''}${said}`,
    url,
    status,
    isRetryable: isRetryableStatus(status),
    bodyExcerpt: excerpt(text, secrets),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    hint: hintForStatus(status, context),
  });
}

/** Parses a 2xx body as JSON and checks it against `schema`; both failures are typed, not retried. */
export function parseJsonReply<T>(reply: JsonReply, schema: z.ZodType<T>, secrets: readonly string[] = []): T {
  const json = safeJson(reply.text);
  if (json === undefined) {
    throw new LlmApiError({
      reason: 'invalid-json',
      message: `${reply.url} answered ${reply.status} with a body that is not JSON`,
      url: reply.url,
      status: reply.status,
      isRetryable: false,
      bodyExcerpt: excerpt(reply.text, secrets),
      hint: 'the URL does not point at an OpenAI-compatible API: check the base URL (it usually ends in /v1)',
    });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw new LlmApiError({
    reason: 'invalid-response',
    message: `${reply.url} answered ${reply.status} with JSON that is not an OpenAI reply:\n${z.prettifyError(result.error)}`,
    url: reply.url,
    status: reply.status,
    isRetryable: false,
    bodyExcerpt: excerpt(reply.text, secrets),
    hint: 'check that api (chat or completions) matches what the server offers at this URL',
    cause: result.error,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${e.message} (${code})` : e.message);
    e = e.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}
