import { z } from 'zod';
import type { KuhnStrategyRow } from '../eval/kuhn-strategy.ts';

export type { KuhnStrategyRow } from '../eval/kuhn-strategy.ts';

/**
 * What a Kuhn Poker run saves as `result('kuhn-strategy')` (`selfplay train` does, via `kuhnStrategyRows` in
 * src/eval/kuhn-strategy.ts): one row per information set (OpenSpiel key such as `0pb`), the learned probability
 * of the aggressive move (bet or call) beside the Nash family's range over α ∈ [0, 1/3]. Checked when read,
 * since it comes from a file.
 */
export const kuhnStrategySchema = z.array(
  z.object({
    key: z.string().regex(/^[012][pb]*$/),
    situation: z.string(),
    learned: z.number().min(0).max(1),
    nashLow: z.number().min(0).max(1),
    nashHigh: z.number().min(0).max(1),
  }),
) satisfies z.ZodType<KuhnStrategyRow[]>;
export type KuhnStrategyResult = z.infer<typeof kuhnStrategySchema>;

/** The Nash column's text: one value where every equilibrium agrees, else the family's range. */
export function nashText(row: KuhnStrategyRow): string {
  return row.nashLow === row.nashHigh ? row.nashLow.toFixed(3) : `${row.nashLow.toFixed(3)}–${row.nashHigh.toFixed(3)}`;
}
