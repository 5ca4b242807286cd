import { writeFile } from 'node:fs/promises';
import { getGame } from '../../games/registry.ts';
import {
  cfrVariants,
  minimaxPolicy,
  perfectInfoNashConv,
  policyToJson,
  solveGame,
  solveMinimax,
  type TabularPolicy,
} from '../../solvers/index.ts';
import { choiceOption, intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';

const algos = [...cfrVariants, 'minimax'] as const;

const usage = `selfplay solve <game> [options]

Computes an equilibrium policy and prints its exact exploitability as it goes.

Options:
  --algo A           ${algos.join(' | ')} (default cfr+; minimax for perfect-information games)
  --iterations N     CFR iterations (default 1000)
  --eval-every K     measure the average policy every K iterations (default: 10 points on the run)
  --out FILE         write the policy as tabular policy JSON (see docs/solvers.md)`;

export const solveCommand: Command = {
  name: 'solve',
  summary: 'solve a game with CFR / CFR+ / DCFR or minimax and print the exploitability curve',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      algo: { type: 'string' },
      iterations: { type: 'string' },
      'eval-every': { type: 'string' },
      out: { type: 'string' },
    });
    const [gameId, ...extra] = positionals;
    if (!gameId || extra.length > 0) throw new CliUsageError('name exactly one game (see `selfplay games`)');
    const { rules } = getGame(gameId);
    const { players, zeroSum } = rules.info;
    if (players !== 2 || !zeroSum)
      throw new CliUsageError(
        `${gameId} has ${players} players${zeroSum ? '' : ' and general-sum returns'}: solve finds equilibria of two-player zero-sum games only (CFR's average converges to one there); measure a policy with \`selfplay exploitability ${gameId} --player SPEC\` (NashConv), and see the game's page for its benchmark`,
      );
    const algo = choiceOption('algo', values.algo, algos, rules.info.perfectInformation ? 'minimax' : 'cfr+');
    let policy: TabularPolicy;
    if (algo === 'minimax') {
      const started = performance.now();
      const solution = solveMinimax(rules);
      policy = minimaxPolicy(solution);
      const report = perfectInfoNashConv({ game: rules, policy });
      const seconds = (performance.now() - started) / 1000;
      println(
        io.stdout,
        `${gameId}: minimax over ${solution.stateCount.toLocaleString('en-US')} states in ${seconds.toFixed(2)} s`,
      );
      println(io.stdout, `game value for player 0: ${solution.value}`);
      println(io.stdout, `exploitability of uniform-over-optimal play: ${report.exploitability.toExponential(3)}`);
    } else {
      const iterations = intOption('iterations', values.iterations, 1000, 1);
      const evalEvery = intOption('eval-every', values['eval-every'], Math.max(1, Math.ceil(iterations / 10)), 1);
      const rows: string[][] = [];
      const result = solveGame({
        game: rules,
        algo,
        iterations,
        evalEvery,
        onEval: (p) => {
          const row = [
            String(p.iteration),
            p.exploitability.toExponential(4),
            p.value.toFixed(6),
            p.seconds.toFixed(3),
          ];
          rows.push(row);
          if (io.interactive) println(io.stderr, `  iteration ${row[0]}: exploitability ${row[1]}`);
        },
      });
      policy = result.policy;
      println(
        io.stdout,
        `${gameId}: ${algo}, ${iterations} iterations, ${result.tree.nodeCount.toLocaleString('en-US')} histories`,
      );
      println(io.stdout, formatTable(['iteration', 'exploitability', 'value (P0)', 'seconds'], rows));
    }
    if (values.out) {
      await writeFile(values.out, `${policyToJson(policy)}\n`);
      println(io.stdout, `policy written to ${values.out}`);
    }
    return 0;
  },
};
