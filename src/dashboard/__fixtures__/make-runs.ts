import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArenaCommand } from '../../cli/commands/arena.ts';
import { main } from '../../cli/main.ts';
import { uniqueBid } from '../../eval/__fixtures__/unique-bid.ts';
import { pairScore } from '../../eval/arena.ts';
import { strategyTable } from '../../eval/strategy-table.ts';
import { getGame } from '../../games/registry.ts';
import { playMatch } from '../../rollout/match.ts';
import { createRandomPlayer } from '../../rollout/players/random-player.ts';
import { createTablePlayer } from '../../rollout/players/table-player.ts';
import { buildTree, createCfrSolver, exploitability, policyToJson } from '../../solvers/index.ts';
import { actionProbabilities } from '../../solvers/tabular-policy.ts';
import { openRunStore } from '../../store/run-store.ts';
import { captureIo } from '../../testing/capture-io.ts';

/** A real arena run (random vs nash on Kuhn Poker, seat-swapped) made through the CLI, as a user would. */
export async function makeArenaRun(dir: string): Promise<void> {
  const io = captureIo();
  const code = await main(
    [
      'arena',
      '--player',
      'rand=random',
      '--player',
      'eq=nash',
      '--games',
      'kuhn-poker',
      '--games-per-pair',
      '6',
      '--seed',
      '5',
      '--run-dir',
      dir,
    ],
    io,
  );
  if (code !== 0) throw new Error(`arena failed: ${io.err()}`);
}

/**
 * A real arena run of a three-player game (the unique-bid fixture, which the registry does not list) made through the
 * arena command: a free-for-all of four random players, three a table.
 */
export async function makeFreeForAllRun(dir: string): Promise<void> {
  const io = captureIo();
  const arena = createArenaCommand({ getGame: (id) => (id === uniqueBid.rules.info.id ? uniqueBid : getGame(id)) });
  const players = ['ann', 'bob', 'cy', 'dee'].flatMap((name) => ['--player', `${name}=random`]);
  const code = await arena.run(
    [...players, '--games', 'unique-bid-3', '--deals-per-table', '1', '--seed', '5', '--run-dir', dir],
    io,
  );
  if (code !== 0) throw new Error(`arena failed: ${io.err()}`);
}

/** A short real `selfplay train` run of the built-in LM on Kuhn Poker (about 2 s): metrics, games, a checkpoint. */
export async function makeTrainRun(dir: string): Promise<void> {
  const io = captureIo();
  const code = await main(
    [
      'train',
      '--preset',
      'kuhn-poker-small',
      '--steps',
      '3',
      '--seed',
      '2',
      '--set',
      'rollout.gamesPerStep=8',
      '--set',
      'evaluation.vsRandomGames=20',
      '--set',
      'evaluation.every=1',
      '--run-dir',
      dir,
    ],
    io,
  );
  if (code !== 0) throw new Error(`train failed: ${io.err()}`);
}

/**
 * A solver run shaped like a training run, fast and exact enough to assert on: CFR+ on Kuhn Poker, logging per step the exact
 * exploitability of the average policy and its score against a random player over seat-swapped games (with the
 * 95% CI as `winrate/random/lo` and `/hi`), the games themselves, a policy checkpoint and the learned strategy.
 */
export async function makeCfrRun(options: { dir: string; steps: number; now?: () => number }): Promise<void> {
  const { dir, steps } = options;
  const game = getGame('kuhn-poker');
  const tree = buildTree(game.rules);
  const solver = createCfrSolver({ tree, variant: 'cfr+' });
  const store = openRunStore({ dir, ...(options.now ? { now: options.now } : {}) });
  store.init({ id: 'cfr-kuhn', kind: 'train', config: { game: 'kuhn-poker', solver: 'cfr+', steps } });
  for (let step = 1; step <= steps; step++) {
    solver.iterate(1);
    const policy = solver.averagePolicy();
    const report = await playMatch({
      game,
      players: [
        createTablePlayer({ name: 'cfr', probabilities: (key, n) => actionProbabilities(policy, key, n) }),
        createRandomPlayer(),
      ],
      games: 20,
      seed: step,
    });
    const { score, halfWidth } = pairScore(report);
    store.addMetrics(step, {
      exploitability: exploitability(tree, policy),
      'winrate/random': score,
      'winrate/random/lo': score - halfWidth,
      'winrate/random/hi': score + halfWidth,
      invalid_rate: (report.invalidA + report.invalidB) / report.games,
    });
    store.addEpisodes(
      report.results.slice(0, 2).map((r, k) => ({
        step,
        game: r.gameId,
        seed: r.seed,
        returns: r.returns,
        outcome: r.outcome,
        transcript: { seats: k % 2 === 0 ? ['cfr', 'random'] : ['random', 'cfr'], turns: r.turns },
      })),
    );
  }
  const policy = solver.averagePolicy();
  const checkpoint = join(dir, `policy-step-${steps}.json`);
  writeFileSync(checkpoint, policyToJson(policy));
  store.addCheckpoint(steps, checkpoint);
  const spec = game.report?.strategyTable;
  if (spec) store.setResult('strategy-tables', [strategyTable({ game: game.rules.info.id, spec, policy })]);
  store.updateSummary({ exploitability: exploitability(tree, policy) });
  store.setStatus('finished');
  store.close();
}
