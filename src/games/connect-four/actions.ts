import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { extractBoxed, matchLegal, normalizeAnswer } from '../answer.ts';
import type { ConnectFourRules, ConnectFourState } from './rules.ts';

/**
 * A move is its column in brackets, `[3]`. TextArena's ConnectFour-v0 reads a move with `\[(?:col\s*)?(\d+)\]`,
 * case ignored (research/spiral.md §4.4; TextArena `textarena/envs/ConnectFour/env.py`), so `[3]` and `[col 3]` are
 * the same move there and both are read here. The canonical string is the short one: the moves differ only in the
 * digit, so they part at one token (one byte for the built-in LM) and a choice is one token to decode or score.
 */
export function connectFourMoveString(column: number): string {
  return `[${column}]`;
}

export function connectFourActionString(_state: ConnectFourState, action: number): string {
  return connectFourMoveString(action);
}

/**
 * Reads an answer. `strict` (SPIRAL's rule): exactly `[3]` or `[col 3]` for a column with room, bare or in the last
 * `\boxed{}` (`\boxed{3}` and `\boxed{col 3}` read as such). `lenient` also reads TextArena's forms in any case and
 * spacing (`[COL3]`, `[ col 3 ]`) anywhere in the text, the last bracketed one counting, and says why a named column
 * cannot take a disc (full, or off the board).
 */
export function parseConnectFour(
  rules: ConnectFourRules,
  state: ConnectFourState,
  text: string,
  options: ParseOptions = {},
): ParseResult<number> {
  const legal = rules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now: the game is over' };
  const mode = options.answers ?? 'lenient';
  // `[c]` first, then `[col c]`: index mod the number of legal columns is the column's place in `legal`.
  const readable = [...legal.map(connectFourMoveString), ...legal.map((c) => `[col ${c}]`)];
  const match = matchLegal(mode === 'lenient' ? text.toLowerCase() : text, readable, mode);
  if (match.ok) return { ok: true, action: legal[match.index % legal.length]! };
  if (mode === 'strict') return match;
  const named = namedColumn(text);
  if (named === undefined) return match;
  if (legal.includes(named)) return { ok: true, action: named };
  const { columns } = rules.board.variant;
  const why =
    named < columns ? `column ${named} is full` : `column ${named} is off the board (columns 0-${columns - 1})`;
  return { ok: false, reason: `${why}; legal moves: ${legal.map(connectFourMoveString).join(', ')}` };
}

/** The column the last bracketed `[N]` / `[col N]` names, from the boxed answer if there is one, else the whole text. */
function namedColumn(text: string): number | undefined {
  const source = normalizeAnswer(extractBoxed(text, 'lenient') ?? text);
  const tokens = source.match(/\[[^[\]]*\]/g) ?? [];
  for (let t = tokens.length - 1; t >= 0; t--) {
    const digits = /^\[\s*(?:col\s*)?(\d{1,6})\s*\]$/i.exec(tokens[t] ?? '')?.[1];
    if (digits !== undefined) return Number(digits);
  }
  return undefined;
}
