import { z } from 'zod';

/**
 * The keys of one SPC step (docs/self-play-critic.md). The run's keys (steps, seed, optimizer, checkpoints, …) are
 * the loop's; they join this schema when `--recipe spc` is wired.
 */
export const spcStepSchema = z.strictObject({
  /** B: deduction tasks the solver traces per step. */
  tasksPerStep: z.int().min(1).default(8),
  /** C: traces the sneaky corrupts per step (the solver's right traces, then reference traces of the same tasks). */
  corruptions: z.int().min(1).default(8),
  /** Clean traces the critic also judges, as a share of the valid corrupted ones (½: one clean per two corrupted). */
  cleanShare: z.number().min(0).max(4).default(0.5),
  /**
   * Most bytes of any role's prompt and reply together (the critic's, which holds the whole trace, is the longest);
   * a task whose texts exceed it is redrawn. 200 keeps BOS + text + EOS well inside a 256-token byte-level context.
   */
  maxTraceBytes: z.int().min(32).default(200),
  /** Most tokens of any reply, EOS included: a trace is the longest reply (≈ 150 bytes at 200 bytes in all). */
  maxTokens: z.int().min(1).default(160),
});

export type SpcStepSettings = z.output<typeof spcStepSchema>;
