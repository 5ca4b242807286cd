import type { Game } from '../spec/game.ts';
import { exactSolverOf } from './exact-solver.ts';
import { type NashConvReport, nashConv } from './exploitability.ts';
import { buildTree } from './game-tree.ts';
import { isTwoPlayerZeroSumPerfectInformation, minimaxPolicy, solveMinimax, UnsupportedGameError } from './minimax.ts';
import { perfectInfoNashConv } from './perfect-info-exploitability.ts';
import { solveGame } from './solve-game.ts';
import type { TabularPolicy } from './tabular-policy.ts';

export interface PolicyMeasurement extends NashConvReport {
  /** `tree`: best response on the full history tree; `expectimax`: over states of a perfect-information game. */
  readonly method: 'tree' | 'expectimax';
}

/**
 * Exact NashConv and exploitability of a tabular policy, by the cheapest exact method the game's properties allow:
 * the game's own exact solver where it declares one (Pig), expectimax over states for two-player zero-sum
 * perfect-information games, the history tree otherwise.
 */
export function measurePolicy(options: {
  game: Game<unknown, number>;
  policy: TabularPolicy;
  withBestResponses?: boolean;
}): PolicyMeasurement {
  const { game, policy } = options;
  const exact = exactSolverOf(game);
  if (exact)
    return {
      ...exact.measure(policy, { withBestResponses: options.withBestResponses ?? false }),
      method: 'expectimax',
    };
  if (isTwoPlayerZeroSumPerfectInformation(game) && !options.withBestResponses) {
    return { ...perfectInfoNashConv({ game, policy }), method: 'expectimax' };
  }
  const tree = buildTree(game);
  return { ...nashConv({ tree, policy, withBestResponses: options.withBestResponses ?? false }), method: 'tree' };
}

export interface EquilibriumPolicy {
  readonly policy: TabularPolicy;
  /** How it was found, for printing: `minimax` or `cfr+ ×1000`. */
  readonly method: string;
  readonly exploitability: number;
}

/**
 * A (near-)equilibrium policy for a two-player zero-sum game: the game's own exact solver's where it declares one,
 * uniform over minimax-optimal moves when the game has perfect information (exploitability 0), otherwise the CFR+
 * average policy after `iterations` iterations.
 */
export function equilibriumPolicy(options: {
  game: Game<unknown, number>;
  iterations?: number;
  /** Largest history tree to build (see `buildTree`); a bigger game throws `TreeBuildError`. */
  maxNodes?: number;
}): EquilibriumPolicy {
  const { game } = options;
  const exact = exactSolverOf(game);
  if (exact) return exact.equilibrium();
  const { id, players, zeroSum } = game.info;
  // CFR's average converges to an equilibrium only in two-player zero-sum games; elsewhere there are many
  // equilibria (bargaining's 5/5 is one, its subgame-perfect 3/7 another) and no value to call "the" equilibrium's.
  if (players !== 2 || !zeroSum)
    throw new UnsupportedGameError(
      `${id} has ${players} players${zeroSum ? '' : ' and general-sum returns'}: an equilibrium player is defined here for two-player zero-sum games only; measure a policy there with NashConv (\`selfplay exploitability\`) or by matches`,
    );
  if (isTwoPlayerZeroSumPerfectInformation(game)) {
    const policy = minimaxPolicy(solveMinimax(game));
    return { policy, method: 'minimax', exploitability: perfectInfoNashConv({ game, policy }).exploitability };
  }
  const iterations = options.iterations ?? 1000;
  const tree = buildTree(game, options.maxNodes === undefined ? {} : { maxNodes: options.maxNodes });
  const { policy, curve } = solveGame({ game: tree, algo: 'cfr+', iterations });
  return {
    policy,
    method: `cfr+ ×${iterations}`,
    exploitability: curve[curve.length - 1]?.exploitability ?? Number.NaN,
  };
}
