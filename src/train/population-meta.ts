import { lmPolicyTable } from '../eval/lm-policy-table.ts';
import type { AnyTextGame } from '../games/registry.ts';
import type { LmModel } from '../lm/index.ts';
import { buildTree, type GameTree, nashConv } from '../solvers/index.ts';
import { toFlat } from '../solvers/best-response.ts';
import {
  checkTwoPlayerZeroSum,
  type MetaGameMatrix,
  metaGameMatrix,
  metaStrategy,
  mixtureFlat,
} from '../solvers/population/index.ts';
import type { ObservationFormat } from '../spec/game-text.ts';

/** Trees past this many nodes are not walked for a population (Leduc has 9,457 histories). */
const maxNodes = 200_000;

/**
 * The snapshot pool of an online run read as a PSRO population (research/systems.md §2.21, docs/population.md): each
 * snapshot's exact policy table (the LM's policy at the run's temperature, as it plays as an opponent), the exact
 * meta-game between them (expected return of two tables, seat-averaged), the meta-Nash strategy the pool samples
 * opponents by under `poolSampling: meta-nash` (PSRO / double oracle, with training as the oracle), and the exact
 * exploitability of a mixture of the snapshots (Kuhn's theorem: one behaviour policy by reach-weighted averaging).
 * Only for tree-walkable two-player zero-sum games; others are refused here, when the run starts.
 */
export function createPopulationMeta(options: { game: AnyTextGame; format: ObservationFormat; temperature: number }) {
  const { game, format, temperature } = options;
  let tree: GameTree;
  try {
    tree = buildTree(game.rules, { maxNodes });
    checkTwoPlayerZeroSum(tree);
  } catch (error) {
    throw new RangeError(
      `a PSRO population needs a two-player zero-sum game whose tree can be walked; ${game.rules.info.id}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const tables: Float64Array[] = [];
  let metaGame: MetaGameMatrix | undefined;
  const mixture = (weights: readonly number[]) => mixtureFlat({ tree, policies: tables, weights });
  const exploitabilityOf = (weights: readonly number[]) => nashConv({ tree, policy: mixture(weights) }).exploitability;
  return {
    /** Adds a snapshot's policy (its row and column of the meta-game are computed, the rest kept). */
    add(model: LmModel): void {
      tables.push(toFlat(tree, lmPolicyTable({ game, model, format, sampling: { temperature, topP: 1 } })));
      metaGame = metaGameMatrix({ tree, policies: tables, ...(metaGame ? { previous: metaGame } : {}) });
    },
    /** Drops the oldest snapshot (the pool's size limit); the meta-game is rebuilt. */
    dropOldest(): void {
      tables.shift();
      metaGame = tables.length > 0 ? metaGameMatrix({ tree, policies: tables }) : undefined;
    },
    size: () => tables.length,
    /** The exact Nash of the meta-game (one weight per snapshot, oldest first). */
    nash: (): number[] => (metaGame ? metaStrategy(metaGame.payoff, 'nash') : []),
    /** Exact exploitability of the mixture that draws snapshot k with probability weights[k] for a whole game. */
    exploitability: exploitabilityOf,
    /** That mixture as one behaviour policy, laid out as the game tree's flat table (both seats' rows). */
    mixture,
  };
}

export type PopulationMeta = ReturnType<typeof createPopulationMeta>;
