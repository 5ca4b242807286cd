import type { ExactSolver } from '../../solvers/index.ts';
import type { TextGame } from '../../spec/game-text.ts';
import { moveString, parseLiarsDiceRounds } from './actions.ts';
import {
  createLiarsDiceRoundsRules,
  type LiarsDiceRoundsRules,
  type LiarsDiceRoundsState,
  type LiarsDiceRoundsVariant,
  liarsDiceRoundsVariant,
} from './rules.ts';
import { refusingSolver } from './solver-refusal.ts';
import { observeLiarsDiceRounds } from './text.ts';

export {
  bidId,
  bidOf,
  createLiarsDiceRoundsRules,
  decisionBound,
  type LiarsDiceRound,
  type LiarsDiceRoundsRules,
  type LiarsDiceRoundsState,
  type LiarsDiceRoundsVariant,
  liarsDiceRoundsVariant,
} from './rules.ts';

export { solverRefusal } from './solver-refusal.ts';

export type LiarsDiceRoundsGame = TextGame<LiarsDiceRoundsState> & {
  readonly rules: LiarsDiceRoundsRules & { readonly exactSolver: ExactSolver };
};

/**
 * A Liar's Dice variant over rounds as a playable game (registered: `liars-dice-rounds`, 5 dice each). Its rules carry
 * a solver that refuses (`refusingSolver`), so `nash`, `selfplay exploitability` and policy tables stop at once with a
 * message pointing to matches.
 */
export function createLiarsDiceRoundsGame(variant: LiarsDiceRoundsVariant): LiarsDiceRoundsGame {
  const rules = { ...createLiarsDiceRoundsRules(variant), exactSolver: refusingSolver(variant) };
  return {
    rules,
    text: {
      observe: (state, player, format) => observeLiarsDiceRounds(rules, state, player, format),
      actionString: (_state, action) => moveString(rules, action),
      parse: (state, text, options) => parseLiarsDiceRounds(rules, state, text, options),
    },
  };
}

export const liarsDiceRounds = createLiarsDiceRoundsGame(liarsDiceRoundsVariant);
