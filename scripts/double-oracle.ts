// Double oracle with an exact best-response oracle (docs/population.md): from the uniform random policy, each
// iteration measures the meta-strategy mixture of the population exactly and adds the best response to it. Prints
// the curve of the mixture's exploitability; the baseline a PSRO trainer's curves compare with.
//   node bin/run-ts.js scripts/double-oracle.ts --game kuhn-poker --iterations 20 --meta-solver nash
// --meta-solver all runs nash, uniform and last side by side; --every N prints every Nth point (and the last).
import { parseArgs } from 'node:util';
import { getGame } from '../src/games/registry.ts';
import { buildTree } from '../src/solvers/index.ts';
import { type DoubleOraclePoint, doubleOracle, isMetaSolver, metaSolvers } from '../src/solvers/population/index.ts';

const { values } = parseArgs({
  options: {
    game: { type: 'string', default: 'kuhn-poker' },
    iterations: { type: 'string', default: '20' },
    'meta-solver': { type: 'string', default: 'nash' },
    every: { type: 'string', default: '1' },
  },
});
const iterations = Number(values.iterations);
const every = Number(values.every);
if (!(Number.isInteger(iterations) && iterations >= 0)) throw new Error('--iterations must be a non-negative integer');
if (!(Number.isInteger(every) && every >= 1)) throw new Error('--every must be a positive integer');
const requested = values['meta-solver'];
const solvers = requested === 'all' ? [...metaSolvers] : [requested];
for (const s of solvers)
  if (!isMetaSolver(s)) throw new Error(`unknown --meta-solver "${s}"; use one of ${metaSolvers.join(', ')} or all`);

const game = getGame(values.game);
const start = performance.now();
const tree = buildTree(game.rules);
console.log(
  `${game.rules.info.id}: ${tree.nodeCount} histories, ${tree.infosets.count} information sets; ` +
    `tree built in ${((performance.now() - start) / 1000).toFixed(2)} s`,
);
const show = (p: DoubleOraclePoint): string => {
  const support = p.metaStrategy.filter((w) => w > 1e-9).length;
  return (
    `${String(p.iteration).padStart(4)}  ${String(p.populationSize).padStart(4)}  ${p.exploitability.toFixed(6)}  ` +
    `${p.metaGap.toExponential(1).padStart(8)}  ${String(support).padStart(7)}  ${p.repeated ? 'yes' : '   '}  ` +
    `${p.seconds.toFixed(2).padStart(7)}`
  );
};
for (const metaSolver of solvers) {
  if (!isMetaSolver(metaSolver)) continue;
  console.log(`\nmeta-solver ${metaSolver}`);
  console.log('iter   pop  exploit.   meta gap  support  rep  seconds');
  const { curve } = doubleOracle(tree, {
    iterations,
    metaSolver,
    onPoint: (p) => {
      if (p.iteration % every === 0 || p.iteration === iterations) console.log(show(p));
    },
  });
  const best = Math.min(...curve.map((p) => p.exploitability));
  console.log(
    `final ${curve.at(-1)!.exploitability.toFixed(6)}, best ${best.toFixed(6)}, ${curve.at(-1)!.seconds.toFixed(2)} s`,
  );
}
