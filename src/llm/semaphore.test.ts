import { describe, expect, it } from 'vitest';
import { createSemaphore } from './semaphore.ts';

/** A task that stays open until released by hand, so the test controls the overlap exactly. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('createSemaphore', () => {
  it('never runs more than the limit, and starts waiters in arrival order', async () => {
    const sem = createSemaphore(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const runs = gates.map((g, i) =>
      sem.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await g.promise;
        running--;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(sem.waiting).toBe(2);
    gates[1]!.open();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(peak).toBe(2);
    expect(sem.active).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const sem = createSemaphore(1);
    await expect(
      sem.run(async () => {
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    expect(await sem.run(async () => 'next')).toBe('next');
  });

  it('a waiter whose signal aborts leaves the queue with the abort reason', async () => {
    const sem = createSemaphore(1);
    const g = gate();
    const first = sem.run(() => g.promise);
    const controller = new AbortController();
    const second = sem.run(async () => 'never', controller.signal);
    expect(sem.waiting).toBe(1);
    controller.abort(new Error('cancelled'));
    await expect(second).rejects.toThrow('cancelled');
    expect(sem.waiting).toBe(0);
    g.open();
    await first;
    expect(sem.active).toBe(0);
  });

  it('rejects a limit below 1', () => {
    expect(() => createSemaphore(0)).toThrow(RangeError);
  });
});
