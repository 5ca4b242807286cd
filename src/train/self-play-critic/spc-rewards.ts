import type { CritiqueRead, TraceRead } from '../../executors/index.ts';

/** The solver's trace: 1 right, 0 read but wrong, −1 unreadable (AZR's ladder as docs/absolute-zero.md reads it). */
export function traceReward(read: TraceRead, right: boolean): number {
  if (!read.ok) return -1;
  return right ? 1 : 0;
}

/**
 * One critic episode, zero-sum on a corrupted trace (research/systems.md §2.7 (d)): the critic names the first wrong
 * step → critic +1, sneaky −1; anything else (another number, `none`, an unreadable reply) → critic −1, sneaky +1. On
 * a clean trace (no sneaky) the critic earns +1 for `none` and −1 otherwise.
 */
export function critiqueOutcome(read: CritiqueRead, firstWrong: number | null): { critic: number; sneaky: number } {
  const caught = read.ok && read.firstWrong === firstWrong;
  return caught ? { critic: 1, sneaky: -1 } : { critic: -1, sneaky: 1 };
}
