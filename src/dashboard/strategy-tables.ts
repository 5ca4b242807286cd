import { z } from 'zod';
import type { StrategyTable } from '../eval/strategy-table.ts';

export { equilibriumText, type StrategyTable, type StrategyTableRow } from '../eval/strategy-table.ts';

const probability = z.number().min(0).max(1);

/**
 * What a run saves as `result('strategy-tables')` (`selfplay train` does for each game whose `report` lists one, via
 * `strategyTable` in src/eval/strategy-table.ts): per game, a heading and one row per listed information set with
 * the learned probability of the row's move beside the equilibria's range. Checked when read, since it comes from a
 * file.
 */
export const strategyTablesSchema = z.array(
  z.object({
    game: z.string(),
    title: z.string(),
    move: z.string(),
    equilibrium: z.string(),
    rows: z.array(
      z.object({
        key: z.string(),
        situation: z.string(),
        learned: probability,
        nashLow: probability,
        nashHigh: probability,
      }),
    ),
  }),
) satisfies z.ZodType<StrategyTable[]>;
