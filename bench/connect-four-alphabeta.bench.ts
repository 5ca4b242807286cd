// Strength and speed of the `alphabeta[:DEPTH]` Connect Four player (docs/games/connect-four.md, "The alpha-beta
// opponent"). Run: node bin/run-ts.js bench/connect-four-alphabeta.bench.ts [--games N] [--seed S] [--pairs 8-r,8-4]
//
// Against random: N seat-swapped games (the random player is seeded per game). Depth against depth: both players are
// deterministic, so each of N/2 openings of 4 random plies (seeded) is played out from both seats — without them the
// two seats would give just two games.
import { parseArgs } from 'node:util';
import { connectFour } from '../src/games/connect-four/index.ts';
import { TERMINAL } from '../src/spec/game.ts';
import { createRng, deriveSeed } from '../src/util/rng.ts';

const { values } = parseArgs({
  options: {
    games: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    pairs: { type: 'string', default: '1-r,2-r,8-r,8-2,8-4,8-6,10-8,12-8' },
  },
});
const games = Number(values.games);
const seed = Number(values.seed);
const rules = connectFour.rules;
const search = rules.moveSearch;

/** A player: the column it plays on a board. */
type Mover = (board: string, rng: ReturnType<typeof createRng>) => number;
const timing = new Map<string, { moves: number; ms: number; worst: number }>();

/** `r`: uniform random, from the game's seeded rng; a number: the alpha-beta player at that depth, timed. */
function mover(name: string): Mover {
  if (name === 'r')
    return (board, rng) => {
      const legal = rules.legalActions({ board });
      return legal[rng.int(legal.length)]!;
    };
  const depth = Number(name);
  return (board) => {
    const start = performance.now();
    const index = search.choose(board, depth);
    const ms = performance.now() - start;
    const t = timing.get(name) ?? { moves: 0, ms: 0, worst: 0 };
    timing.set(name, { moves: t.moves + 1, ms: t.ms + ms, worst: Math.max(t.worst, ms) });
    return rules.legalActions({ board })[index]!;
  };
}

/** Player 0's return. */
function playGame(players: [Mover, Mover], opening: number, rng: ReturnType<typeof createRng>): number {
  let state = rules.initialState();
  for (let ply = 0; rules.currentPlayer(state) !== TERMINAL; ply++) {
    const who = rules.currentPlayer(state);
    const legal = rules.legalActions(state);
    const column = ply < opening ? legal[rng.int(legal.length)]! : players[who]!(state.board, rng);
    state = rules.apply(state, column);
  }
  return rules.returns(state)[0]!;
}

const rows: string[][] = [];
for (const pair of values.pairs.split(',')) {
  const [a = '8', b = '4'] = pair.split('-');
  const [pa, pb] = [mover(a), mover(b)];
  const opening = a === 'r' || b === 'r' ? 0 : 4;
  let wins = 0;
  let draws = 0;
  let losses = 0;
  for (let g = 0; g < games; g++) {
    // Games 2k and 2k+1 share one seed: the same opening (or random player's stream), seats swapped.
    const rng = createRng(deriveSeed(seed, Math.floor(g / 2)));
    const aFirst = g % 2 === 0;
    const r0 = playGame(aFirst ? [pa, pb] : [pb, pa], opening, rng);
    const rA = aFirst ? r0 : -r0;
    if (rA > 0) wins++;
    else if (rA < 0) losses++;
    else draws++;
  }
  const name = (n: string) => (n === 'r' ? 'random' : `alphabeta:${n}`);
  rows.push([
    `${name(a)} vs ${name(b)}`,
    opening ? `${opening} random plies` : 'none',
    String(games),
    String(wins),
    String(draws),
    String(losses),
    ((wins + draws / 2) / games).toFixed(3),
  ]);
}

console.log(`connect-four, seed ${seed}`);
console.table(
  rows.map(([pair, opening, n, w, d, l, score]) => ({ pair, opening, games: n, wins: w, draws: d, losses: l, score })),
);
console.table(
  [...timing].map(([depth, t]) => ({
    player: `alphabeta:${depth}`,
    moves: t.moves,
    'ms per move (mean)': (t.ms / t.moves).toFixed(1),
    'ms per move (worst)': t.worst.toFixed(0),
  })),
);
