import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { extractBoxed, matchLegal } from '../answer.ts';
import type { TruthAction, TruthRules, TruthState } from './rules.ts';

/** The guess strings, as TextArena's prompt asks for them: `[Fact 1]`, `[Fact 2]`. */
export const guessStrings = ['[Fact 1]', '[Fact 2]'] as const;

/** A message's text is the message; a guess is `[Fact N]`; a setup draw, which no player types, `[draw N]`. */
export function truthActionString(_state: TruthState, action: TruthAction): string {
  switch (action.kind) {
    case 'say':
      return action.message;
    case 'guess':
      return guessStrings[action.fact - 1]!;
    case 'draw':
      return `[draw ${action.value}]`;
    default:
      return action satisfies never;
  }
}

/**
 * Reads an answer (never throws).
 * - Conversation turns (open, like negotiation): the message is the last `\boxed{…}`'s content, whitespace collapsed.
 *   `strict` (SPIRAL's multi-game rule for chat games, research/spiral.md §1.4: the opponent sees only the boxed
 *   text): with no box, the answer must be exactly one of the listed messages (so scripted players and the built-in
 *   LM still read). `lenient`: with no box, the whole answer is the message.
 * - The guess turn: `strict` is SPIRAL's `extract_action` (§3.2): the boxed answer (or the whole answer) must be exactly
 *   `[Fact 1]` or `[Fact 2]` (`\boxed{Fact 2}` becomes `[Fact 2]`). `lenient` also takes the last `[Fact N]` in the box
 *   or, without one, anywhere in the answer, in any case and spacing — TextArena's env searches `\[Fact 1\]` ignoring
 *   case. Where TextArena would score an answer naming both facts as right whichever is true, we read the last one.
 */
export function truthParser(
  rules: TruthRules,
): (state: TruthState, text: string, options?: ParseOptions) => ParseResult<TruthAction> {
  return (state, text, options = {}) => parse(rules, state, text, options);
}

function parse(rules: TruthRules, state: TruthState, text: string, options: ParseOptions): ParseResult<TruthAction> {
  const actor = rules.currentPlayer(state);
  if (actor < 0) return { ok: false, reason: 'no move is expected now' };
  const mode = options.answers ?? 'lenient';
  if (rules.isGuessTurn(state)) return parseGuess(text, mode);
  const boxed = extractBoxed(text, mode);
  const message = (boxed ?? text).replace(/\s+/g, ' ').trim();
  if (message === '') return { ok: false, reason: 'empty answer: write a message to your opponent' };
  if (mode === 'lenient' || boxed !== undefined) return { ok: true, action: { kind: 'say', message } };
  const listed = rules.legalActions(state).some((a) => a.kind === 'say' && a.message === message);
  if (listed) return { ok: true, action: { kind: 'say', message } };
  return {
    ok: false,
    reason: 'no \\boxed{} answer: end with your message to your opponent in \\boxed{…}, e.g. \\boxed{Which is true?}',
  };
}

function parseGuess(text: string, mode: 'strict' | 'lenient'): ParseResult<TruthAction> {
  const match = matchLegal(text, guessStrings, mode);
  if (match.ok) return { ok: true, action: { kind: 'guess', fact: match.index === 0 ? 1 : 2 } };
  if (mode === 'strict')
    return { ok: false, reason: 'answer with exactly one fact in \\boxed{}: \\boxed{[Fact 1]} or \\boxed{[Fact 2]}' };
  const scope = extractBoxed(text, 'lenient') ?? text;
  const named = [...scope.matchAll(/\[\s*fact\s*([12])\s*\]/gi)];
  const last = named[named.length - 1]?.[1];
  if (last === '1' || last === '2') return { ok: true, action: { kind: 'guess', fact: last === '1' ? 1 : 2 } };
  return { ok: false, reason: 'no guess found: answer [Fact 1] or [Fact 2]' };
}
