import { describe, expect, it } from 'vitest';
import { parseRetryAfter, type RetryOptions, realSleep, retryWithBackoff } from './retry.ts';

class Failure extends Error {
  constructor(
    readonly retryable: boolean,
    readonly after?: number,
  ) {
    super(retryable ? 'transient' : 'permanent');
  }
}

function options(waits: number[], overrides: Partial<RetryOptions> = {}): RetryOptions {
  return {
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0,
    sleep: async (ms) => void waits.push(ms),
    isRetryable: (e) => e instanceof Failure && e.retryable,
    retryAfterMs: (e) => (e instanceof Failure ? e.after : undefined),
    giveUp: (e, n) => new Error(`gave up after ${n}: ${(e as Error).message}`),
    ...overrides,
  };
}

describe('retryWithBackoff', () => {
  it('doubles the wait up to the cap, scaled by jitter in [0.5, 1)', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        if (++calls < 5) throw new Failure(true);
        return 'ok';
      },
      options(waits, { maxAttempts: 5, maxDelayMs: 500 }),
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([50, 100, 200, 250]);
  });

  it('stops at maxAttempts with the giveUp error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const run = retryWithBackoff(async () => {
      calls++;
      throw new Failure(true);
    }, options(waits));
    await expect(run).rejects.toThrow('gave up after 4: transient');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it('throws a non-retryable failure at once', async () => {
    const waits: number[] = [];
    const failure = new Failure(false);
    await expect(
      retryWithBackoff(async () => {
        throw failure;
      }, options(waits)),
    ).rejects.toBe(failure);
    expect(waits).toEqual([]);
  });

  it('waits what the server asked, and gives up when it asks for more than maxDelayMs', async () => {
    const waits: number[] = [];
    let calls = 0;
    await retryWithBackoff(async () => {
      if (++calls === 1) throw new Failure(true, 700);
      return 'ok';
    }, options(waits));
    expect(waits).toEqual([700]);
    await expect(
      retryWithBackoff(async () => {
        throw new Failure(true, 5000);
      }, options(waits)),
    ).rejects.toThrow('gave up after 1');
    expect(waits).toEqual([700]);
  });

  it('stops when the signal aborts during a wait', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = retryWithBackoff(
      async () => {
        calls++;
        throw new Failure(true);
      },
      options([], {
        signal: controller.signal,
        sleep: async (_ms, signal) => {
          controller.abort(new Error('stop'));
          signal?.throwIfAborted();
        },
      }),
    );
    await expect(run).rejects.toThrow('stop');
    expect(calls).toBe(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1);
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': new Date(now + 4000).toUTCString() }, 4000],
    [{ 'retry-after': new Date(now - 4000).toUTCString() }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), now)).toBe(expected);
  });
});

describe('realSleep', () => {
  it('rejects with the signal’s own reason when aborted mid-wait', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const pending = realSleep(10_000, controller.signal);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
