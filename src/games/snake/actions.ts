import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { directionNames } from './board.ts';
import type { SnakeRules, SnakeState } from './rules.ts';

/** A move is its direction in brackets: `[up]`, `[down]`, `[left]`, `[right]` (actions 0–3). */
export function snakeMoveString(action: number): string {
  return `[${directionNames[action] ?? '?'}]`;
}

export function snakeActionString(_state: SnakeState, action: number): string {
  return snakeMoveString(action);
}

/** TextArena's Snake-v0 also reads `[w]`, `[s]`, `[a]`, `[d]` (research/spiral.md §4.4), in the same order. */
const aliases = ['[w]', '[s]', '[a]', '[d]'] as const;
const readable = [...directionNames.map((d) => `[${d}]`), ...aliases];

/**
 * Reads an answer. Every direction is legal at every turn (moving into a wall is allowed and fatal, as in TextArena).
 * `strict` (SPIRAL's rule, research/spiral.md §3.2): the last `\boxed{}`, or the whole answer, is exactly one of
 * `[up]` `[down]` `[left]` `[right]` or an alias `[w]` `[s]` `[a]` `[d]` (`\boxed{up}` and `\boxed{w}` read as such).
 * `lenient` also ignores case and spacing and takes the last bracketed direction anywhere in the text, as TextArena's
 * own regexes (`\[(up|w)\]`, …, case ignored) read a move anywhere in the answer.
 */
export function parseSnake(
  rules: SnakeRules,
  state: SnakeState,
  text: string,
  options: ParseOptions = {},
): ParseResult<number> {
  if (rules.legalActions(state).length === 0) return { ok: false, reason: 'no move is expected now: the game is over' };
  const mode = options.answers ?? 'lenient';
  const match = matchLegal(mode === 'lenient' ? text.toLowerCase() : text, readable, mode);
  if (match.ok) return { ok: true, action: match.index % directionNames.length };
  return match;
}
