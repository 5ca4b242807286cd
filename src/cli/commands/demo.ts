import { getGame } from '../../games/registry.ts';
import { playMatch } from '../../rollout/match.ts';
import { createRandomPlayer } from '../../rollout/players/random-player.ts';
import { createTablePlayer } from '../../rollout/players/table-player.ts';
import {
  actionProbabilities,
  buildTree,
  type GameTree,
  minimaxPolicy,
  nashConv,
  solveGame,
  solveMinimax,
  type TabularPolicy,
  tabularPolicy,
  uniformPolicy,
} from '../../solvers/index.ts';
import { formatCi } from '../../util/stats.ts';
import { intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { println } from '../io.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay demo [--seed S] [--games N]

What selfplay measures, computed live: CFR+ solving Kuhn Poker and Leduc Hold'em with exact exploitability,
the exploitability of simple strategies, minimax TicTacToe, and seat-swapped matches against a random player.`;

/** The same move at every information set: row index `move` set to 1. */
function constantPolicy(tree: GameTree, move: number): TabularPolicy {
  const rows: Record<string, number[]> = {};
  tree.infosets.keys.forEach((key, i) => {
    const width = (tree.infosets.slotStart[i + 1] ?? 0) - (tree.infosets.slotStart[i] ?? 0);
    rows[key] = Array.from({ length: width }, (_, j) => (j === Math.min(move, width - 1) ? 1 : 0));
  });
  return tabularPolicy(tree.gameId, rows);
}

const tablePlayer = (name: string, policy: TabularPolicy) =>
  createTablePlayer({ name, probabilities: (key, n) => actionProbabilities(policy, key, n) });

export const demoCommand: Command = {
  name: 'demo',
  summary: 'solve and measure Kuhn, Leduc and TicTacToe live (what `npm start` runs)',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { seed: { type: 'string' }, games: { type: 'string' } });
    const seed = intOption('seed', values.seed, 1);
    const games = intOption('games', values.games, 10_000, 2);
    const out = (line = '') => println(io.stdout, line);
    out(`selfplay demo (seed ${seed}): every figure below is computed now, exactly or by seeded play.\n`);

    const kuhn = getGame('kuhn-poker');
    const kuhnTree = buildTree(kuhn.rules);
    const rows: string[][] = [];
    const solved = solveGame({
      game: kuhnTree,
      algo: 'cfr+',
      iterations: 1000,
      evalEvery: 1,
      onEval: (p) => {
        if ([1, 10, 100, 1000].includes(p.iteration))
          rows.push([
            String(p.iteration),
            p.exploitability.toExponential(3),
            p.value.toFixed(5),
            (p.seconds * 1000).toFixed(1),
          ]);
      },
    });
    out('1. Kuhn Poker, solved by CFR+ (exploitability = best-response gain per seat; 0 is a Nash equilibrium)');
    out(formatTable(['iteration', 'exploitability', 'value (P0)', 'ms'], rows));
    out(`   value for the first player: theory −1/18 = ${(-1 / 18).toFixed(5)}\n`);

    out('2. How exploitable are simple Kuhn strategies? (exact best response)');
    const strategies: [string, TabularPolicy][] = [
      ['uniform random', uniformPolicy('kuhn-poker')],
      ['always check / fold', constantPolicy(kuhnTree, 0)],
      ['always bet / call', constantPolicy(kuhnTree, 1)],
      ['CFR+ ×1000 average policy', solved.policy],
    ];
    out(
      formatTable(
        ['strategy', 'exploitability'],
        strategies.map(([name, policy]) => [name, nashConv({ tree: kuhnTree, policy }).exploitability.toFixed(6)]),
      ),
    );

    const random = createRandomPlayer();
    const match = await playMatch({ game: kuhn, players: [tablePlayer('cfr+', solved.policy), random], games, seed });
    out(`\n3. CFR+ policy vs random, ${games.toLocaleString('en-US')} seat-swapped hands of Kuhn Poker:`);
    out(`   ${formatCi(match.meanReturn)} chips per hand (95% CI), won ${match.wins}, lost ${match.losses}\n`);

    const leduc = getGame('leduc-poker');
    const leducSolved = solveGame({ game: leduc.rules, algo: 'cfr+', iterations: 1000 });
    const last = leducSolved.curve[leducSolved.curve.length - 1];
    out(
      `4. Leduc Hold'em (${leducSolved.tree.nodeCount.toLocaleString('en-US')} histories, ${leducSolved.tree.infosets.count} information sets):`,
    );
    out(
      `   CFR+ ×1000 in ${last?.seconds.toFixed(2)} s → exploitability ${last?.exploitability.toExponential(3)} (uniform: ${nashConv({ tree: leducSolved.tree, policy: uniformPolicy('leduc-poker') }).exploitability.toFixed(4)})\n`,
    );

    const ttt = getGame('tic-tac-toe');
    const minimax = solveMinimax(ttt.rules);
    const tttMatch = await playMatch({
      game: ttt,
      players: [tablePlayer('minimax', minimaxPolicy(minimax)), random],
      games: Math.min(games, 2000),
      seed,
    });
    out(
      `5. TicTacToe: minimax over ${minimax.stateCount.toLocaleString('en-US')} positions, value ${minimax.value} (a draw).`,
    );
    out(
      `   Minimax vs random over ${tttMatch.games} seat-swapped games: won ${tttMatch.wins}, drew ${tttMatch.draws}, lost ${tttMatch.losses}.`,
    );
    return 0;
  },
};
