import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { matchLegal } from '../answer.ts';
import { HOLD, type PigState, ROLL } from './rules.ts';

/** The canonical move strings, in `legalActions` order. */
export const pigMoveStrings = ['[roll]', '[hold]'] as const;

/** SPIRAL's env reads `\[(roll|hold|r|h)\]`, so the one-letter forms are moves too; index mod 2 is the action. */
const readable = ['[roll]', '[hold]', '[r]', '[h]'];

export function pigActionString(_state: PigState, action: number): string {
  return action === HOLD ? '[hold]' : '[roll]';
}

/**
 * Reads `[roll]`/`[hold]` (or `[r]`/`[h]`) out of an answer with the shared rule (`matchLegal`). `lenient` also
 * ignores case, as SPIRAL's env regex does (`re.IGNORECASE`); `strict` wants the exact lower-case move.
 */
export function parsePig(state: PigState, text: string, options: ParseOptions = {}): ParseResult<number> {
  if (state.over || state.rolling) return { ok: false, reason: 'no move is expected now' };
  const mode = options.answers ?? 'lenient';
  const match = matchLegal(mode === 'lenient' ? text.toLowerCase() : text, readable, mode);
  if (!match.ok) return match;
  return { ok: true, action: match.index % 2 === 0 ? ROLL : HOLD };
}
