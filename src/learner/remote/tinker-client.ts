import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { realSleep, retryWithBackoff, type Sleep } from '../../llm/retry.ts';
import { futureSchema, requestFailedSchema, tryAgainSchema } from './tinker-wire.ts';

export interface TinkerClientOptions {
  /** The service root, e.g. `http://127.0.0.1:8765` (the client adds `/api/v1/…`). */
  readonly baseUrl: string;
  /** Sent as `X-API-Key`; the CLI reads it from `TINKER_API_KEY`. */
  readonly apiKey?: string;
  /** Limit for one HTTP attempt (default 120 s: a forward_backward on a big batch takes a while to be accepted). */
  readonly timeoutMs?: number;
  /** Attempts per request before it is reported (default 6, about 15 s of backoff in all). */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Uniform in [0, 1), the backoff jitter; an `Rng.next` in tests. */
  readonly random?: () => number;
  readonly sleep?: Sleep;
  readonly fetch?: typeof globalThis.fetch;
  readonly signal?: AbortSignal;
}

/** A learner service that failed a request, could not be reached, or answered something else than Tinker's API. */
export class RemoteLearnerError extends Error {
  override readonly name = 'RemoteLearnerError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.status = options?.status;
  }
  /** The HTTP status the service answered, when it answered one. */
  readonly status: number | undefined;
}

export interface TinkerClient {
  readonly baseUrl: string;
  /** POSTs a training call and waits for its future: `try_again` is polled, a failure thrown, the result parsed. */
  call<T>(route: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  /** A call answered at once (no future), e.g. `create_session`. */
  post<T>(route: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  get<T>(route: string, schema: z.ZodType<T>): Promise<T>;
  download(route: string): Promise<Uint8Array>;
  upload(route: string, bytes: Uint8Array): Promise<unknown>;
}

/**
 * HTTP for the Tinker training API (research/interop.md §3.1): JSON bodies, `X-API-Key`, one `X-Idempotency-Key` per
 * logical request kept across its retries (so a retried forward_backward is not applied twice), exponential backoff
 * with jitter on network faults, 408/409/429 and 5xx — the statuses Tinker's SDK retries — and futures polled through
 * `retrieve_future` until they settle.
 */
export function createTinkerClient(options: TinkerClientOptions): TinkerClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const secrets = options.apiKey ? [options.apiKey] : [];
  const retry = {
    maxAttempts: options.maxAttempts ?? 6,
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8000,
    random: options.random ?? (() => 0.5),
    sleep: options.sleep ?? realSleep,
    isRetryable: (error: unknown) => error instanceof RemoteLearnerError && error.retryable,
    giveUp: (error: unknown, attempts: number) =>
      error instanceof RemoteLearnerError && attempts > 1
        ? new RemoteLearnerError(`${error.message} (gave up after ${attempts} attempts)`, false, { cause: error })
        : error,
    ...(options.signal ? { signal: options.signal } : {}),
  };

  const request = async (method: string, route: string, body?: string | Uint8Array, contentType?: string) => {
    const url = `${baseUrl}${route}`;
    const idempotencyKey = randomUUID();
    return retryWithBackoff(async () => {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      let response: Response;
      let bytes: Uint8Array;
      try {
        response = await fetchFn(url, {
          method,
          headers: {
            ...(contentType ? { 'content-type': contentType } : {}),
            ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
            'x-idempotency-key': idempotencyKey,
          },
          ...(body === undefined ? {} : { body }),
          signal,
        });
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (cause) {
        if (options.signal?.aborted) throw options.signal.reason;
        const what = timeout.aborted ? `no reply within ${timeoutMs} ms` : networkReason(cause);
        throw new RemoteLearnerError(`the learner at ${baseUrl} did not answer ${method} ${route}: ${what}`, true, {
          cause,
        });
      }
      if (response.ok) return { bytes, contentType: response.headers.get('content-type') ?? '' };
      const text = scrub(new TextDecoder().decode(bytes).slice(0, 400), secrets);
      const retryable = [408, 409, 429].includes(response.status) || response.status >= 500;
      throw new RemoteLearnerError(
        `the learner at ${baseUrl} answered ${method} ${route} with ${response.status}: ${text}`,
        retryable,
        { status: response.status },
      );
    }, retry);
  };
  const json = <T>(route: string, bytes: Uint8Array, schema: z.ZodType<T>): T => {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new RemoteLearnerError(`the learner at ${baseUrl} answered ${route} with a body that is not JSON`, false);
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new RemoteLearnerError(
      `the learner at ${baseUrl} answered ${route} with JSON that is not Tinker's reply:\n${z.prettifyError(parsed.error)}`,
      false,
    );
  };
  const post = async <T>(route: string, body: unknown, schema: z.ZodType<T>) =>
    json(route, (await request('POST', route, JSON.stringify(body), 'application/json')).bytes, schema);

  const settledSchema = z.union([tryAgainSchema, requestFailedSchema, z.unknown()]);
  return {
    baseUrl,
    post,
    async call(route, body, schema) {
      const { request_id } = await post(route, body, futureSchema);
      // A server that long-polls answers try_again only after waiting; one that does not is polled ever less often.
      for (let wait = 10; ; wait = Math.min(1000, wait * 2)) {
        const reply = await post('/api/v1/retrieve_future', { request_id }, settledSchema);
        if (tryAgainSchema.safeParse(reply).success) {
          await retry.sleep(wait, options.signal);
          continue;
        }
        const failed = requestFailedSchema.safeParse(reply);
        if (failed.success) {
          throw new RemoteLearnerError(
            `the learner at ${baseUrl} failed ${route} (${failed.data.category} error): ${failed.data.error}`,
            false,
          );
        }
        return json(route, new TextEncoder().encode(JSON.stringify(reply)), schema);
      }
    },
    get: async (route, schema) => json(route, (await request('GET', route)).bytes, schema),
    async download(route) {
      const reply = await request('GET', route);
      if (!reply.contentType.includes('json')) return reply.bytes;
      // Tinker may answer the archive route with a signed URL rather than the bytes (or a redirect, which fetch follows).
      const { url } = json(route, reply.bytes, z.object({ url: z.string() }));
      const response = await fetchFn(url, options.signal ? { signal: options.signal } : {});
      if (!response.ok)
        throw new RemoteLearnerError(`downloading ${route}'s archive answered ${response.status}`, true);
      return new Uint8Array(await response.arrayBuffer());
    },
    upload: async (route, bytes) =>
      json(route, (await request('PUT', route, bytes, 'application/octet-stream')).bytes, z.unknown()),
  };
}

function networkReason(cause: unknown): string {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const code = (inner as { code?: unknown } | undefined)?.code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => t.split(s).join('***'), text);
}
