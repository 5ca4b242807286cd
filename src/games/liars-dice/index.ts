import type { TextGame } from '../../spec/game-text.ts';
import { liarsDiceActionString, parseLiarsDice } from './actions.ts';
import { type LiarsDiceState, liarsDiceRules } from './rules.ts';
import { observeLiarsDice } from './text.ts';

export const liarsDice: TextGame<LiarsDiceState> = {
  rules: liarsDiceRules,
  text: { observe: observeLiarsDice, actionString: liarsDiceActionString, parse: parseLiarsDice },
  // OpenSpiel's uniform NashConv 1.561488646384479 over two seats (research/games.md §6; liars-dice.test.ts checks it).
  report: { uniformExploitability: { value: 1.561488646384479 / 2, label: "uniform Liar's Dice" } },
};
