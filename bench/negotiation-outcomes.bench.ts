/**
 * What simple-negotiation rewards, by simulation of its rules (no text, no model): outcome shares, value gained and
 * agreement for scripted players against each other. Each resource's two values sum to 20, so P0's gain − P1's gain
 * = 20 × (units P0 received − units P0 gave): whoever ends with more units wins (docs/games/simple-negotiation.md).
 *
 *   node bin/run-ts.js bench/negotiation-outcomes.bench.ts [--games N] [--seed S]
 *
 * Players: `uniform` (uniform over the listed moves, as `--p0 random`), `spiral-random` (SPIRAL's random agent, as
 * `--p0 spiral-random`), `units` (accepts an open offer only when it receives more units than it gives, else offers
 * 1 unit of its cheaper resource for 3 of its dearer one).
 */
import { parseArgs } from 'node:util';
import { simpleNegotiation } from '../src/games/simple-negotiation/index.ts';
import { spiralNegotiationRandomPick } from '../src/games/simple-negotiation/spiral-random.ts';
import type { NegotiationMove, NegotiationState } from '../src/games/simple-negotiation/types.ts';
import { TERMINAL } from '../src/spec/game.ts';
import type { Rng } from '../src/spec/rng.ts';
import { createRng, deriveSeed } from '../src/util/rng.ts';

const { rules, text } = simpleNegotiation;
type Player = (state: NegotiationState, legal: readonly NegotiationMove[], rng: Rng) => NegotiationMove;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

const players: Record<string, Player> = {
  uniform: (_s, legal, rng) => legal[rng.int(legal.length)]!,
  'spiral-random': (state, legal, rng) => {
    const strings = legal.map((m) => text.actionString(state, m));
    return legal[strings.indexOf(spiralNegotiationRandomPick(strings, rng))]!;
  },
  units: (state, legal) => {
    const me = state.moves.length % 2;
    const open = rules.view(state).pending;
    const accept = legal.find((m) => m.reply === 'accept');
    // The recipient receives what the offerer gives and pays what the offerer asks for.
    if (accept && open && open.from !== me && sum(open.offer.give) > sum(open.offer.get)) return accept;
    const values = rules.view(state).values[me] ?? [];
    const cheap = (values[0] ?? 0) <= (values[1] ?? 0) ? 0 : 1;
    const want = [0, 0];
    const give = [0, 0];
    give[cheap] = 1;
    want[1 - cheap] = 3;
    return (
      legal.find((m) => m.offer && m.offer.give.join() === give.join() && m.offer.get.join() === want.join()) ??
      legal.find((m) => m.reply === undefined && m.offer === undefined)!
    );
  },
};

function playGame(p0: Player, p1: Player, seed: number): NegotiationState {
  const rngs = [createRng(deriveSeed(seed, 1)), createRng(deriveSeed(seed, 2))];
  let state = rules.initialState();
  while (rules.currentPlayer(state) !== TERMINAL) {
    const actor = rules.currentPlayer(state);
    const move = (actor === 0 ? p0 : p1)(state, rules.legalActions(state) as NegotiationMove[], rngs[actor]!);
    state = rules.apply(state, move);
  }
  return state;
}

const { values } = parseArgs({ options: { games: { type: 'string' }, seed: { type: 'string' } } });
const games = Number(values.games ?? 20000);
const seed = Number(values.seed ?? 1);
const pairs: [string, string][] = [
  ['uniform', 'uniform'],
  ['spiral-random', 'spiral-random'],
  ['units', 'uniform'],
  ['uniform', 'units'],
  ['units', 'spiral-random'],
  ['spiral-random', 'units'],
  ['units', 'units'],
];
const pct = (n: number) => `${((100 * n) / games).toFixed(1)}%`;
console.log(`simple-negotiation, ${games} games per pairing, seed ${seed} (P0 first)`);
console.log('P0 vs P1 | P0 wins | draws | P1 wins | P0 mean return | traded | mean trades | mean joint surplus');
for (const [a, b] of pairs) {
  let w = 0;
  let d = 0;
  let traded = 0;
  let trades = 0;
  let surplus = 0;
  for (let g = 0; g < games; g++) {
    const end = playGame(players[a]!, players[b]!, deriveSeed(seed, g));
    const [r0] = rules.returns(end);
    if (r0 === 1) w++;
    else if (r0 === 0) d++;
    const events = rules.view(end).events.flat();
    const n = events.filter((e) => e.type === 'trade').length;
    trades += n;
    if (n > 0) traded++;
    const m = simpleNegotiation.episodeStats!(end, 0);
    surplus += m.joint_surplus ?? 0;
  }
  const l = games - w - d;
  console.log(
    `${a} vs ${b} | ${pct(w)} | ${pct(d)} | ${pct(l)} | ${((w - l) / games).toFixed(3)} | ${pct(traded)} | ${(trades / games).toFixed(2)} | ${(surplus / games).toFixed(1)}`,
  );
}
