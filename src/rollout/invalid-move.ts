import { z } from 'zod';

const payoffSchema = z.strictObject({ offenderReward: z.number(), otherReward: z.number() });

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
  /**
   * Rewards when the answer was read but the move breaks a rule of the game (a parse failure with cause `rule`, e.g.
   * an unaffordable negotiation offer); default the rewards above. SPIRAL's wrapper gives −1.5/+0.5 only when no
   * move can be read; a rule violation is left to the TextArena env, which ends the game at −1/0 (spiral.md §2.4, §4.3).
   */
  ruleViolation: payoffSchema.optional(),
});
export type InvalidMoveRule = z.infer<typeof invalidMoveRuleSchema>;

export const invalidMoveRules = {
  spiral: {
    mode: 'end',
    retries: 0,
    offenderReward: -1.5,
    otherReward: 0.5,
    ruleViolation: { offenderReward: -1, otherReward: 0 },
  },
  textarena: { mode: 'retry', retries: 1, offenderReward: -1, otherReward: 0 },
} as const satisfies Record<string, InvalidMoveRule>;
export type InvalidMoveRuleName = keyof typeof invalidMoveRules;

/** The rewards that end a game on an invalid move: the rule-violation pair for `cause: 'rule'`, else the main pair. */
export function invalidMovePayoff(
  rule: InvalidMoveRule,
  cause: 'answer' | 'rule' | undefined,
): { offenderReward: number; otherReward: number } {
  return cause === 'rule' && rule.ruleViolation ? rule.ruleViolation : rule;
}
