import type { AnyTextGame } from '../games/registry.ts';
import type { LmModel } from '../lm/index.ts';
import { lmPolicyTable } from '../eval/lm-policy-table.ts';
import { playMatch } from '../rollout/match.ts';
import { resolvePlayer } from '../rollout/players/player-spec.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import type { Policy } from '../spec/policy.ts';
import { createLmPolicy, freeMoveMaxTokens } from '../rollout/lm-policy.ts';
import { buildTree, type GameTree, measurePolicy, nashConv, type TabularPolicy } from '../solvers/index.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { EvaluationOpponent, MatchSummary, PolicyEvaluation } from '../spec/run-events.ts';
import { createRng } from '../util/rng.ts';

const greedy = { temperature: 0, topP: 1 };

/** The fixed opponents an evaluation plays seat-swapped matches against. */
export const evaluationOpponents = ['random', 'nash', 'scripted'] as const satisfies readonly EvaluationOpponent[];
export type { EvaluationOpponent, MatchSummary, PolicyEvaluation };

/**
 * Measures the live model: exact exploitability from its policy table where the game allows (finite moves, a tree
 * the solvers can build; NashConv / players in a general-sum or many-player game), and seat-rotated matches against
 * random play (the model in one seat, random in the others) and, in two-player zero-sum games, equilibrium play.
 * Deterministic for a seed.
 */
export function createPolicyEvaluator(options: {
  game: AnyTextGame;
  format: ObservationFormat;
  temperature: number;
  /** Also measure the greedy policy's exploitability (in TicTacToe, 0 means it never loses). */
  greedy?: boolean;
  /** Games per opponent (0 skips it). */
  games: Partial<Record<EvaluationOpponent, number>>;
  /** Games against random under free decoding, at the temperature and greedily (0 or absent skips them). */
  freeDecodingGames?: number;
  seed: number;
  /** Stops a running evaluation between its parts and its matches' turns. */
  signal?: AbortSignal;
}) {
  const { game, format, signal } = options;
  const { id, players, zeroSum } = game.rules.info;
  if ((options.games.scripted ?? 0) > 0 && !game.scripted)
    throw new RangeError(`${id} ships no scripted player: set evaluation.vsScriptedGames to 0`);
  if ((options.games.nash ?? 0) > 0 && !(players === 2 && zeroSum)) {
    throw new RangeError(
      `evaluation plays "nash" only in two-player zero-sum games; ${id} has ${players} players${zeroSum ? '' : ' and is general-sum'}: set evaluation.vsNashGames to 0`,
    );
  }
  const fixedPlayers = new Map<EvaluationOpponent, Policy>();
  const opponent = async (name: EvaluationOpponent): Promise<Policy> => {
    const known = fixedPlayers.get(name);
    if (known) return known;
    const player =
      name === 'random'
        ? createRandomPlayer()
        : await resolvePlayer({ spec: name, game, io: { stdin: process.stdin, stdout: process.stdout } });
    fixedPlayers.set(name, player);
    return player;
  };
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
  /**
   * `matches: false` measures the policy table alone (no matches, no greedy table, no free decoding);
   * `freeDecoding: false` leaves out only the free-decoding games.
   */
  return async (
    model: LmModel,
    step: number,
    scope?: { matches?: boolean; freeDecoding?: boolean },
  ): Promise<PolicyEvaluation> => {
    let exploitability: number | undefined;
    let selfPlayValues: readonly number[] | undefined;
    let policyFigures: Record<string, number> | undefined;
    let greedyExploitability: number | undefined;
    let table: TabularPolicy | undefined;
    signal?.throwIfAborted();
    const t = exactTree();
    if (t || (game.rules.info.perfectInformation && game.rules.info.actionSpace === 'finite')) {
      const measureTable = (policy: TabularPolicy) =>
        t ? nashConv({ tree: t, policy }) : measurePolicy({ game: game.rules, policy });
      table = lmPolicyTable({ game, model, format });
      ({ exploitability, onPolicyValues: selfPlayValues } = measureTable(table));
      policyFigures = game.report?.policyFigures?.(table);
      if (options.greedy && scope?.matches !== false) {
        greedyExploitability = measureTable(lmPolicyTable({ game, model, format, sampling: greedy })).exploitability;
      }
    }
    const matches: PolicyEvaluation['matches'] = {};
    for (const against of evaluationOpponents) {
      const games = scope?.matches === false ? 0 : (options.games[against] ?? 0);
      if (games <= 0) continue;
      const lm = createLmPolicy({ model, rng: createRng(options.seed), temperature: options.temperature });
      const report = await playMatch({
        game,
        players: [lm, await opponent(against)],
        games,
        seed: options.seed,
        format,
        ...(signal ? { signal } : {}),
      });
      const { wins, draws, losses, stats, meanTurns } = report;
      matches[against] = {
        mean: report.meanReturn.mean,
        halfWidth: report.meanReturn.halfWidth,
        games,
        wins,
        draws,
        losses,
        invalid: report.invalidA,
        meanTurns,
        stats,
      };
    }
    const freeGames = scope?.matches === false || scope?.freeDecoding === false ? 0 : (options.freeDecodingGames ?? 0);
    let freeDecoding: PolicyEvaluation['freeDecoding'];
    if (freeGames > 0) {
      const invalidShare = async (temperature: number) => {
        const free = createLmPolicy({
          model,
          rng: createRng(options.seed),
          temperature,
          decoding: 'free',
          maxTokens: freeMoveMaxTokens,
        });
        const report = await playMatch({
          game,
          players: [free, await opponent('random')],
          games: freeGames,
          seed: options.seed,
          format,
          ...(signal ? { signal } : {}),
        });
        return report.invalidA / freeGames;
      };
      freeDecoding = {
        sampled: await invalidShare(options.temperature),
        greedy: await invalidShare(0),
        games: freeGames,
      };
    }
    return {
      step,
      game: game.rules.info.id,
      ...(freeDecoding ? { freeDecoding } : {}),
      ...(exploitability === undefined ? {} : { exploitability }),
      ...(selfPlayValues ? { selfPlayValues } : {}),
      ...(policyFigures ? { policyFigures } : {}),
      ...(table ? { table } : {}),
      ...(greedyExploitability === undefined ? {} : { greedyExploitability }),
      matches,
    };
  };
}
