import { CHANCE, type Game, TERMINAL } from '../spec/game.ts';
import type { Rng } from '../spec/rng.ts';
import { sampleIndex } from '../util/rng.ts';

/** Samples a chance node's outcome with the seeded `rng`. */
export function sampleChance<S, A>(game: Game<S, A>, state: S, rng: Rng): A {
  const outcomes = game.chanceOutcomes(state);
  const picked =
    outcomes[
      sampleIndex(
        rng,
        outcomes.map((o) => o.probability),
      )
    ];
  if (!picked) throw new Error(`${game.info.id}: chance node with no outcomes`);
  return picked.action;
}

/** Plays uniformly random legal moves (and sampled chance) to the end; returns every state visited, root first. */
export function randomPlayout<S, A>(game: Game<S, A>, rng: Rng, start: S = game.initialState()): S[] {
  const states = [start];
  let state = start;
  for (let guard = 0; ; guard++) {
    const actor = game.currentPlayer(state);
    if (actor === TERMINAL) return states;
    if (guard > 100_000) throw new Error(`${game.info.id}: playout did not end after 100,000 moves`);
    let action: A;
    if (actor === CHANCE) action = sampleChance(game, state, rng);
    else {
      const legal = game.legalActions(state);
      const chosen = legal[rng.int(legal.length)];
      if (chosen === undefined) throw new Error(`${game.info.id}: player ${actor} to act with no legal moves`);
      action = chosen;
    }
    state = game.apply(state, action);
    states.push(state);
  }
}
