/**
 * What went wrong talking to an endpoint. `http`: a non-2xx status; `network`: no connection or a dropped one;
 * `timeout`: the per-attempt limit passed; `invalid-json` / `invalid-response`: a 2xx body that is not the
 * OpenAI shape; `closed`: the policy was closed.
 */
export type LlmApiErrorReason = 'http' | 'network' | 'timeout' | 'invalid-json' | 'invalid-response' | 'closed';

export interface LlmApiErrorOptions {
  readonly reason: LlmApiErrorReason;
  readonly message: string;
  readonly url: string;
  readonly status?: number;
  readonly isRetryable: boolean;
  /** The start of the response body, secrets already removed. */
  readonly bodyExcerpt?: string;
  /** How long the server asked us to wait (`retry-after`), in ms. */
  readonly retryAfterMs?: number;
  /** One sentence on how to fix it. */
  readonly hint: string;
  readonly attempts?: number;
  readonly cause?: unknown;
}

/** A fault talking to an OpenAI-compatible endpoint (shaped after vercel/ai's `APICallError`, STYLE.md §7). */
export class LlmApiError extends Error {
  override readonly name = 'LlmApiError';
  readonly reason: LlmApiErrorReason;
  readonly url: string;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly bodyExcerpt: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly hint: string;
  /** Attempts made before giving up (1 when it was not retried). */
  readonly attempts: number;
  readonly options: LlmApiErrorOptions;

  constructor(options: LlmApiErrorOptions) {
    const attempts = options.attempts ?? 1;
    const tries = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
    super(`${options.message}${tries}; ${options.hint}`, { cause: options.cause });
    this.options = options;
    this.reason = options.reason;
    this.url = options.url;
    this.status = options.status;
    this.isRetryable = options.isRetryable;
    this.bodyExcerpt = options.bodyExcerpt;
    this.retryAfterMs = options.retryAfterMs;
    this.hint = options.hint;
    this.attempts = attempts;
  }

  /** The same error, reported as the last of `attempts` tries. */
  withAttempts(attempts: number): LlmApiError {
    return new LlmApiError({ ...this.options, attempts, cause: this });
  }
}

/** 408 (request timeout), 409 (conflict, e.g. a busy slot), 429 (rate limit) and every 5xx are worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** How to fix an HTTP failure; `apiKeyEnv` is the variable's name, never its value. */
export function hintForStatus(status: number, context: { apiKeyEnv?: string | undefined; model: string }): string {
  if (status === 401 || status === 403) {
    return context.apiKeyEnv
      ? `check the API key: set the environment variable ${context.apiKeyEnv} to a key this server accepts`
      : 'the server wants an API key: put it in an environment variable and name it with key_env=NAME (apiKeyEnv)';
  }
  if (status === 404) {
    return `check the base URL (it usually ends in /v1) and the model name "${context.model}" (GET <base>/models lists the served models)`;
  }
  if (status === 400 || status === 422) {
    return 'the server rejected the request: check the sampling options, the api (chat or completions) and the kind; a server that refuses the token/log-prob fields works with kind=openai or capture=off';
  }
  if (status === 429) return 'the server is rate limiting: lower max_concurrency or raise max_attempts';
  if (status >= 500 || status === 408 || status === 409) {
    return 'the server failed or is overloaded: check its log, lower max_concurrency, or raise max_attempts';
  }
  return 'see the response body for the server’s reason';
}

/** At most `limit` characters of a body, with every secret replaced, so errors can be logged safely. */
export function excerpt(body: string, secrets: readonly string[], limit = 500): string {
  let text = body;
  for (const secret of secrets) if (secret.length > 0) text = text.split(secret).join('[redacted]');
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
