import type { AnyTextGame } from '../games/registry.ts';
import type { LmModel } from '../lm/index.ts';
import { lmPolicyTable } from '../eval/lm-policy-table.ts';
import { type MatchReport, playMatch } from '../rollout/match.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import { buildTree, type GameTree, measurePolicy, nashConv, type TabularPolicy } from '../solvers/index.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import { createRng } from '../util/rng.ts';

export interface PolicyEvaluation {
  readonly step: number;
  readonly game: string;
  /** Exact exploitability of the LM's full policy (absent for games no solver can walk). */
  readonly exploitability?: number;
  readonly table?: TabularPolicy;
  /** Seat-swapped mean return against a uniformly random player, with a 95% CI. */
  readonly vsRandom?: {
    mean: number;
    halfWidth: number;
    games: number;
    winRate: number;
    /** The game's own figures (negotiation: agreement, value gain), the LM's side. */
    stats: MatchReport['stats'];
  };
}

/**
 * Measures the live model: exact exploitability from its policy table where the game allows (finite moves, a tree
 * the solvers can build), and a seat-swapped match against random play. Deterministic for a given seed.
 */
export function createPolicyEvaluator(options: {
  game: AnyTextGame;
  format: ObservationFormat;
  temperature: number;
  vsRandomGames: number;
  seed: number;
}) {
  const { game, format } = options;
  let tree: GameTree | undefined | null;
  const exactTree = (): GameTree | null => {
    if (tree !== undefined) return tree;
    if (game.rules.info.actionSpace !== 'finite') return (tree = null);
    if (game.rules.info.perfectInformation) return (tree = null);
    try {
      tree = buildTree(game.rules, { maxNodes: 200_000 });
    } catch {
      tree = null;
    }
    return tree;
  };
  return async (model: LmModel, step: number): Promise<PolicyEvaluation> => {
    let exploitability: number | undefined;
    let table: TabularPolicy | undefined;
    const t = exactTree();
    if (t || (game.rules.info.perfectInformation && game.rules.info.actionSpace === 'finite')) {
      table = lmPolicyTable({ game, model, format });
      exploitability = t
        ? nashConv({ tree: t, policy: table }).exploitability
        : measurePolicy({ game: game.rules, policy: table }).exploitability;
    }
    let vsRandom: PolicyEvaluation['vsRandom'];
    if (options.vsRandomGames > 0) {
      const lm = createLmPolicy({ model, rng: createRng(options.seed), temperature: options.temperature });
      const report = await playMatch({
        game,
        players: [lm, createRandomPlayer()],
        games: options.vsRandomGames,
        seed: options.seed,
        format,
      });
      vsRandom = {
        ...report.meanReturn,
        games: report.games,
        winRate: report.wins / report.games,
        stats: report.stats,
      };
    }
    return {
      step,
      game: game.rules.info.id,
      ...(exploitability === undefined ? {} : { exploitability }),
      ...(table ? { table } : {}),
      ...(vsRandom ? { vsRandom } : {}),
    };
  };
}
