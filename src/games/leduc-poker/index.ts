import type { TextGame } from '../../spec/game-text.ts';
import { leducActionString, parseLeduc } from './actions.ts';
import { type LeducState, leducRules } from './rules.ts';
import { observeLeduc } from './text.ts';

export const leducPoker: TextGame<LeducState> = {
  rules: leducRules,
  text: { observe: observeLeduc, actionString: leducActionString, parse: parseLeduc },
};
