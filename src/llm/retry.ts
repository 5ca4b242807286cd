import { setTimeout as wait } from 'node:timers/promises';

/** Sleeps `ms`, or rejects with the signal's reason as soon as it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Real timers; an abort rejects with the signal's own reason (not Node's wrapping AbortError), like fetch does. */
export const realSleep: Sleep = async (ms, signal) => {
  try {
    await wait(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
};

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Uniform in [0, 1): the jitter source (an `Rng.next`), never `Math.random`. */
  readonly random: () => number;
  readonly sleep: Sleep;
  /** Whether a failure may be retried; anything else is thrown at once. */
  readonly isRetryable: (error: unknown) => boolean;
  /** The wait the server asked for (`retry-after`), if it did. */
  readonly retryAfterMs?: (error: unknown) => number | undefined;
  /** Turns the last failure into the error thrown when retries run out or a wait is too long. */
  readonly giveUp?: (error: unknown, attempts: number) => unknown;
  readonly signal?: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, a failure is not retryable, or `maxAttempts` are spent. Between tries it waits
 * `min(maxDelay, base·2^(n−1))` scaled by a jitter factor in [0.5, 1) so that clients that failed together do not
 * return together; a server's `retry-after` replaces that wait, and one longer than `maxDelayMs` ends the retries
 * (waiting less would only earn another refusal).
 */
export async function retryWithBackoff<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { maxAttempts, baseDelayMs, maxDelayMs, random, sleep, isRetryable, signal } = options;
  const giveUp = options.giveUp ?? ((error: unknown) => error);
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    try {
      return await attempt(n);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (!isRetryable(error)) throw n > 1 ? giveUp(error, n) : error;
      if (n >= maxAttempts) throw giveUp(error, n);
      const asked = options.retryAfterMs?.(error);
      if (asked !== undefined && asked > maxDelayMs) throw giveUp(error, n);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1)) * (0.5 + 0.5 * random());
      await sleep(asked ?? backoff, signal);
    }
  }
}

/**
 * The wait a reply asks for, in ms: `retry-after-ms` (OpenAI, Azure), else `retry-after` as seconds or an HTTP-date
 * (RFC 9110 §10.2.3), measured against `now`. Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
