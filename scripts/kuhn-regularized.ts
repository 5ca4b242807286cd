// Exact reference figures for magnetic self-play on Kuhn Poker (docs/results.md, "What bounds the Kuhn error"):
//   1. the exploitability of the η-regularised game's equilibrium toward a uniform magnet, per η — the floor a
//      trainer that converges under a fixed magnet cannot get below;
//   2. the same with the magnet refreshed to each equilibrium (R-NaD's outer loop) at η = 0.2;
//   3. the least exploitable *seat-tied* policy, one that plays P0's and P1's matching decisions alike (P0 opening
//      and P1 after a check; either seat facing a bet) — the floor for an LM that cannot tell the seats apart;
//   4. an equilibrium whose calls are seat-tied (α = 0: P0 never bets), so tying only the calls costs nothing.
// Deterministic: `node bin/run-ts.js scripts/kuhn-regularized.ts` (a few seconds).
import { getGame } from '../src/games/registry.ts';
import { buildTree, exploitability, regularizedEquilibrium } from '../src/solvers/index.ts';

const tree = buildTree(getGame('kuhn-poker').rules);
const uniform = new Float64Array(tree.infosets.slotCount).fill(0.5);

console.log('η-regularised equilibrium toward the uniform magnet:');
for (const eta of [0.3, 0.2, 0.15, 0.1, 0.07, 0.05])
  console.log(
    `  η ${eta.toFixed(2)}: exploitability ${exploitability(tree, regularizedEquilibrium({ tree, magnet: uniform, eta })).toFixed(4)}`,
  );

console.log('magnet refreshed to each equilibrium, η 0.2 (R-NaD outer loop):');
let magnet = uniform;
for (let k = 1; k <= 5; k++) {
  magnet = regularizedEquilibrium({ tree, magnet, eta: 0.2, start: magnet });
  console.log(`  refresh ${k}: exploitability ${exploitability(tree, magnet).toFixed(4)}`);
}

// Seat-tied policies: six numbers, the bet (or call) probability of each (card, situation), shared by both seats.
const tied = [
  ['0', '0p'],
  ['1', '1p'],
  ['2', '2p'],
  ['0pb', '0b'],
  ['1pb', '1b'],
  ['2pb', '2b'],
];
const flat = new Float64Array(tree.infosets.slotCount);
/** Sets the bet (or call) probability of each named infoset. */
const setBets = (bets: Readonly<Record<string, number>>): void => {
  for (const [key, bet] of Object.entries(bets)) {
    const s = tree.infosets.slotStart[tree.infosets.byKey.get(key)!]!;
    flat[s] = 1 - bet;
    flat[s + 1] = bet;
  }
};
const tiedExploitability = (x: readonly number[]): number => {
  tied.forEach((keys, i) => setBets(Object.fromEntries(keys.map((key) => [key, x[i]!]))));
  return exploitability(tree, flat);
};
// A grid in sixths, then a pattern search down to steps of 1e-4 from each of its 20 best points.
const grid = Array.from({ length: 7 }, (_, i) => i / 6);
const points: { x: number[]; e: number }[] = [];
const walk = (prefix: number[]): void => {
  if (prefix.length === tied.length) points.push({ x: [...prefix], e: tiedExploitability(prefix) });
  else for (const v of grid) walk([...prefix, v]);
};
walk([]);
const refine = (start: { x: number[]; e: number }) => {
  let best = start;
  for (let step = 0.05; step >= 1e-4; step /= 2) {
    for (let improved = true; improved;) {
      improved = false;
      for (let i = 0; i < tied.length; i++)
        for (const d of [-step, step]) {
          const x = best.x.map((v, j) => (j === i ? Math.min(1, Math.max(0, v + d)) : v));
          const e = tiedExploitability(x);
          if (e < best.e - 1e-12) {
            best = { x, e };
            improved = true;
          }
        }
    }
  }
  return best;
};
const best = points
  .sort((a, b) => a.e - b.e)
  .slice(0, 20)
  .map(refine)
  .reduce((a, b) => (b.e < a.e ? b : a));
const names = ['bet J', 'bet Q', 'bet K', 'call J', 'call Q', 'call K'];
console.log(`least exploitable seat-tied policy: exploitability ${best.e.toFixed(4)}`);
console.log(`  ${best.x.map((v, i) => `${names[i]} ${v.toFixed(3)}`).join(', ')}`);

// The α = 0 member of the Nash family: P0 never bets; P1 bets J ⅓ and K after a check; both seats call a bet with
// Q ⅓ and K, never J. Its calls are tied, so a model may share them across seats: only the bets must differ.
setBets({ '0': 0, '1': 0, '2': 0, '0p': 1 / 3, '1p': 0, '2p': 1 });
setBets({ '0pb': 0, '0b': 0, '1pb': 1 / 3, '1b': 1 / 3, '2pb': 1, '2b': 1 });
console.log(`equilibrium with seat-tied calls (α = 0): exploitability ${exploitability(tree, flat).toFixed(4)}`);
