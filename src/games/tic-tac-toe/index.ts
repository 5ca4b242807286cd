import type { TextGame } from '../../spec/game-text.ts';
import { parseTicTacToe, ticTacToeActionString } from './actions.ts';
import { type TicTacToeState, ticTacToeRules } from './rules.ts';
import { observeTicTacToe } from './text.ts';

export const ticTacToe: TextGame<TicTacToeState> = {
  rules: ticTacToeRules,
  text: { observe: observeTicTacToe, actionString: ticTacToeActionString, parse: parseTicTacToe },
};
