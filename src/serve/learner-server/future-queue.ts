/** A request's outcome as `retrieve_future` reports it. */
export type FutureOutcome =
  | { readonly state: 'pending' }
  | { readonly state: 'done'; readonly value: unknown }
  | { readonly state: 'failed'; readonly error: string; readonly category: 'user' | 'server' };

/** A failure that is the caller's fault (bad tokens, unknown model, wrong sizes): reported, never retried. */
export class LearnerUserError extends Error {
  override readonly name = 'LearnerUserError';
}

export interface FutureQueue {
  /**
   * Queues `work` behind every request before it and answers its request id at once. A repeated idempotency key
   * answers the first request's id without running the work again, so a client that retries a request whose reply
   * it lost does not accumulate the same gradient twice.
   */
  submit(work: () => Promise<unknown>, idempotencyKey?: string): string;
  /** The outcome, waiting up to `waitMs` for a pending one (long polling spares the client a busy loop). */
  retrieve(requestId: string, waitMs: number): Promise<FutureOutcome | undefined>;
}

/**
 * Training requests run one at a time, in arrival order: a forward_backward must see the weights of the optim_step
 * sent before it, as Tinker orders a model's requests by `seq_id`. The newest `keep` outcomes stay retrievable.
 */
export function createFutureQueue(options: { keep?: number } = {}): FutureQueue {
  const keep = options.keep ?? 1024;
  const outcomes = new Map<string, FutureOutcome>();
  const waiters = new Map<string, Array<() => void>>();
  const byKey = new Map<string, string>();
  let tail: Promise<void> = Promise.resolve();
  let next = 0;

  const settle = (id: string, outcome: FutureOutcome) => {
    outcomes.set(id, outcome);
    for (const wake of waiters.get(id) ?? []) wake();
    waiters.delete(id);
    while (outcomes.size > keep) {
      const oldest = outcomes.keys().next().value!;
      outcomes.delete(oldest);
    }
  };

  return {
    submit(work, idempotencyKey) {
      const known = idempotencyKey === undefined ? undefined : byKey.get(idempotencyKey);
      if (known !== undefined) return known;
      const id = `req-${(next++).toString(36).padStart(6, '0')}`;
      if (idempotencyKey !== undefined) byKey.set(idempotencyKey, id);
      if (byKey.size > keep) byKey.delete(byKey.keys().next().value!);
      outcomes.set(id, { state: 'pending' });
      tail = tail.then(async () => {
        try {
          settle(id, { state: 'done', value: await work() });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          settle(id, {
            state: 'failed',
            error: message,
            category: error instanceof LearnerUserError ? 'user' : 'server',
          });
        }
      });
      return id;
    },
    async retrieve(requestId, waitMs) {
      const now = outcomes.get(requestId);
      if (now?.state !== 'pending' || waitMs <= 0) return now;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        const list = waiters.get(requestId) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        waiters.set(requestId, list);
      });
      return outcomes.get(requestId);
    },
  };
}
