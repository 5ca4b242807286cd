// Solver speed: tree build, CFR-family iterations, best response / NashConv, minimax.
// Run: node bin/run-ts.js bench/solvers.bench.ts   (figures are medians of a few repeats after a warm-up)
import { kuhnRules } from '../src/games/kuhn-poker/rules.ts';
import { leducRules } from '../src/games/leduc-poker/rules.ts';
import { ticTacToeRules } from '../src/games/tic-tac-toe/rules.ts';
import {
  buildTree,
  type CfrVariant,
  createCfrSolver,
  type GameTree,
  nashConv,
  perfectInfoNashConv,
  solveMinimax,
  uniformPolicy,
} from '../src/solvers/index.ts';
import type { Game } from '../src/spec/game.ts';

interface Row {
  what: string;
  game: string;
  msPerCall: number;
  note?: string;
}

/** Median milliseconds per call of `fn` over `repeats` timed batches of `calls`, after one untimed batch. */
function time(fn: () => void, options: { calls: number; repeats: number }): number {
  const batch = () => {
    const start = performance.now();
    for (let i = 0; i < options.calls; i++) fn();
    return (performance.now() - start) / options.calls;
  };
  batch();
  const samples = Array.from({ length: options.repeats }, batch).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const rows: Row[] = [];
const trees = new Map<string, GameTree>();
const games: [string, Game<never, number>, number][] = [
  ['kuhn-poker', kuhnRules as Game<never, number>, 50],
  ['leduc-poker', leducRules as Game<never, number>, 3],
  ['tic-tac-toe', ticTacToeRules as Game<never, number>, 1],
];

for (const [id, game, calls] of games) {
  let tree: GameTree | undefined;
  const ms = time(
    () => {
      tree = buildTree(game);
    },
    { calls, repeats: id === 'tic-tac-toe' ? 1 : 3 },
  );
  trees.set(id, tree!);
  rows.push({
    what: 'buildTree',
    game: id,
    msPerCall: ms,
    note: `${tree!.nodeCount.toLocaleString('en-US')} histories`,
  });
}

for (const id of ['kuhn-poker', 'leduc-poker']) {
  const tree = trees.get(id)!;
  for (const variant of ['cfr+', 'cfr', 'dcfr'] as CfrVariant[]) {
    const solver = createCfrSolver({ tree, variant });
    const per = id === 'kuhn-poker' ? 2000 : 500;
    const ms = time(() => solver.iterate(per), { calls: 1, repeats: 5 }) / per;
    rows.push({ what: `${variant} iteration`, game: id, msPerCall: ms, note: `${Math.round(1000 / ms)} it/s` });
  }
}

for (const [id, calls] of [
  ['kuhn-poker', 500],
  ['leduc-poker', 20],
  ['tic-tac-toe', 1],
] as const) {
  const tree = trees.get(id)!;
  const policy = uniformPolicy(id);
  const ms = time(() => nashConv({ tree, policy }), { calls, repeats: 3 });
  rows.push({ what: 'nashConv (2 best responses)', game: id, msPerCall: ms, note: 'uniform policy, tree' });
}
trees.clear();

rows.push({
  what: 'perfectInfoNashConv',
  game: 'tic-tac-toe',
  msPerCall: time(() => perfectInfoNashConv({ game: ticTacToeRules, policy: uniformPolicy('tic-tac-toe') }), {
    calls: 3,
    repeats: 3,
  }),
  note: 'expectimax by board',
});
rows.push({
  what: 'solveMinimax',
  game: 'tic-tac-toe',
  msPerCall: time(() => solveMinimax(ticTacToeRules), { calls: 3, repeats: 3 }),
  note: '5,478 boards',
});

const format = (ms: number) => (ms < 1 ? ms.toFixed(4) : ms.toFixed(1));
console.log(`node ${process.version}, ${new Date().toISOString()}`);
console.log(`${'what'.padEnd(30)} ${'game'.padEnd(12)} ${'ms/call'.padStart(10)}  note`);
for (const r of rows)
  console.log(`${r.what.padEnd(30)} ${r.game.padEnd(12)} ${format(r.msPerCall).padStart(10)}  ${r.note ?? ''}`);
