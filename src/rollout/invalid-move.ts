import { z } from 'zod';

/**
 * What happens when an answer names no legal move.
 * `end`: the game stops at once and the offender/others get fixed rewards (SPIRAL: −1.5 / +0.5, research/spiral.md §2.4).
 * `retry`: the offender is told why and tries again, up to `retries` times, then the game ends as above
 * (TextArena's `error_allowance`, research/spiral.md §3.3).
 */
export const invalidMoveRuleSchema = z.strictObject({
  mode: z.enum(['end', 'retry']),
  /** Extra attempts allowed per player per game in `retry` mode. */
  retries: z.number().int().min(0),
  offenderReward: z.number(),
  otherReward: z.number(),
});
export type InvalidMoveRule = z.infer<typeof invalidMoveRuleSchema>;

export const invalidMoveRules = {
  spiral: { mode: 'end', retries: 0, offenderReward: -1.5, otherReward: 0.5 },
  textarena: { mode: 'retry', retries: 1, offenderReward: -1, otherReward: 0 },
} as const satisfies Record<string, InvalidMoveRule>;
export type InvalidMoveRuleName = keyof typeof invalidMoveRules;
