import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { type TicTacToeState, ticTacToeRules } from './rules.ts';

/** A move is its cell in brackets, as TextArena writes it: `[4]` marks the centre. */
export function ticTacToeActionString(_state: TicTacToeState, action: number): string {
  return `[${action}]`;
}

export function ticTacToeLegalStrings(state: TicTacToeState): string[] {
  return ticTacToeRules.legalActions(state).map((a) => `[${a}]`);
}

/** Reads `[4]`, `\boxed{4}` or `I take [4].`; an occupied or out-of-range cell is an invalid answer. */
export function parseTicTacToe(state: TicTacToeState, text: string, options: ParseOptions = {}): ParseResult<number> {
  const legal = ticTacToeRules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now: the game is over' };
  const match = matchLegal(text, ticTacToeLegalStrings(state), options.answers);
  return match.ok ? { ok: true, action: legal[match.index] ?? 0 } : match;
}
