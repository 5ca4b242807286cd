import { createRng } from '../util/rng.ts';
import { type EndpointConfig, readApiKey } from './endpoint-config.ts';
import { LlmApiError } from './llm-api-error.ts';
import { postJson } from './post-json.ts';
import { realSleep, retryWithBackoff, type Sleep } from './retry.ts';
import { createSemaphore, type Semaphore } from './semaphore.ts';

/** What a client of an endpoint reaches outside itself, injectable for tests and for sharing. */
export interface EndpointTransportDeps {
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: Sleep;
  /** Wall clock in ms, for `retry-after` dates. */
  readonly now?: () => number;
  /** Jitter source in [0, 1); default a fixed-seed RNG (jitter needs spread, not secrecy or reproducibility). */
  readonly random?: () => number;
  /** Where the API key is looked up; default `process.env`, read on every request. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A limiter shared with other clients of the same server; default one of `maxConcurrency` slots. */
  readonly limiter?: Semaphore;
}

const jitterSeed = 0x6a177e5;

/**
 * POSTs JSON bodies to one endpoint URL the way every selfplay client does: the API key from its environment
 * variable (never in errors), under the concurrency limit, retrying retryable failures with backoff and jitter that
 * honour `retry-after`. Returns the raw reply and the secrets to scrub when parsing it.
 */
export function createEndpointPost(options: {
  config: EndpointConfig;
  url: string;
  deps?: EndpointTransportDeps;
  /** Called for every HTTP attempt (retries included). */
  onAttempt?: () => void;
}) {
  const { config, url, deps = {} } = options;
  const limiter = deps.limiter ?? createSemaphore(config.maxConcurrency);
  const random = deps.random ?? createRng(jitterSeed).next;
  const env = deps.env ?? process.env;
  const context = { apiKeyEnv: config.apiKeyEnv, model: config.model };
  const post = async (body: Record<string, unknown>, signal?: AbortSignal) => {
    const key = readApiKey(config, env);
    const secrets = key ? [key] : [];
    const reply = await retryWithBackoff(
      () =>
        limiter.run(() => {
          options.onAttempt?.();
          return postJson({
            url,
            body,
            headers: key ? { authorization: `Bearer ${key}` } : {},
            timeoutMs: config.timeoutMs,
            ...(signal ? { signal } : {}),
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
            ...(deps.now ? { now: deps.now } : {}),
            secrets,
            context,
          });
        }, signal),
      {
        ...config.retry,
        random,
        sleep: deps.sleep ?? realSleep,
        ...(signal ? { signal } : {}),
        isRetryable: (e) => e instanceof LlmApiError && e.isRetryable,
        retryAfterMs: (e) => (e instanceof LlmApiError ? e.retryAfterMs : undefined),
        giveUp: (e, attempts) => (e instanceof LlmApiError ? e.withAttempts(attempts) : e),
      },
    );
    return { reply, secrets };
  };
  return { post, limiter };
}
