import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { extractBoxed, matchLegal, normalizeAnswer } from '../answer.ts';
import { type Bid, bidCount, bidOf, LIAR, type LiarsDiceState, liarsDiceRules, sides, totalDice } from './rules.ts';

/**
 * Move strings part at one byte, the first inside the bracket: a letter per bid in bid order (`A` = one 1 … `L` = two
 * 6s) and `l` for liar, so constrained decoding and full-width training choose a move with one token (13 moves cannot
 * part at one token with SPIRAL's `[Bid: 2, 5]`, whose quantity and face are two tokens). The words after the letter
 * are forced once it is chosen, and say what the bid means. Lenient reading also takes SPIRAL's forms (below).
 */
const quantityWords = ['one', 'two'] as const;

/** `one 5`, `two 5s`. */
export function bidWords(bid: Bid): string {
  const word = quantityWords[bid.quantity - 1] ?? String(bid.quantity);
  return `${word} ${bid.face}${bid.quantity > 1 ? 's' : ''}`;
}

/** The letter of a bid: `A` for id 0 (one 1) … `L` for id 11 (two 6s). */
export function bidLetter(action: number): string {
  return String.fromCharCode(65 + action);
}

/** `[E: one 5]`, `[K: two 5s]` or `[liar]`; the same in every state, so history reads as the moves were offered. */
export function liarsDiceMoveString(action: number): string {
  return action === LIAR ? '[liar]' : `[${bidLetter(action)}: ${bidWords(bidOf(action))}]`;
}

export function liarsDiceActionString(_state: LiarsDiceState, action: number): string {
  return liarsDiceMoveString(action);
}

export function liarsDiceLegalStrings(state: LiarsDiceState): string[] {
  return liarsDiceRules.legalActions(state).map(liarsDiceMoveString);
}

/**
 * Reads an answer. `strict`: exactly a listed move (SPIRAL's membership rule). `lenient` also takes, inside brackets
 * or a box, the letter alone (`[E]`), SPIRAL's LiarsDice bids (`[Bid: 1, 5]`, `[bid 1 5]`), plain bids (`[two 5s]`)
 * and `[call]` / `[Liar]` for liar, in any case.
 */
export function parseLiarsDice(state: LiarsDiceState, text: string, options: ParseOptions = {}): ParseResult<number> {
  const legal = liarsDiceRules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const mode = options.answers ?? 'lenient';
  const match = matchLegal(text, legal.map(liarsDiceMoveString), mode);
  if (match.ok) return { ok: true, action: legal[match.index] ?? LIAR };
  if (mode === 'strict') return match;
  const named = namedMoves(text);
  const action = named.find((a) => legal.includes(a));
  if (action !== undefined) return { ok: true, action };
  const last = named[0];
  if (last === undefined) return match;
  const why =
    last === LIAR
      ? 'liar needs a bid to call; make the first bid'
      : `${liarsDiceMoveString(last)} does not raise the current bid`;
  return { ok: false, reason: `${why}; legal moves: ${legal.map(liarsDiceMoveString).join(', ')}` };
}

/** Moves the answer names in a lenient form, last first: from the boxed answer if there is one, else the whole text. */
function namedMoves(text: string): number[] {
  const boxed = extractBoxed(text, 'lenient');
  const tokens = normalizeAnswer(boxed ?? text).match(/\[[^[\]]*\]/g) ?? [];
  const moves: number[] = [];
  for (let t = tokens.length - 1; t >= 0; t--) {
    const move = readMove((tokens[t] ?? '').slice(1, -1).trim());
    if (move !== undefined) moves.push(move);
  }
  return moves;
}

function readMove(inner: string): number | undefined {
  if (/^(liar|call)!?$/i.test(inner)) return LIAR;
  const letter = /^[A-L]$/.exec(inner)?.[0];
  if (letter) return letter.charCodeAt(0) - 65;
  const spiral = /^bid\s*:?\s*(\d+)\s*[,\s]\s*(\d+)$/i.exec(inner);
  const plain = /^(one|two|\d+)\s+(\d+)s?$/i.exec(inner);
  const [, quantity, face] = spiral ?? plain ?? [];
  if (quantity === undefined || face === undefined) return undefined;
  const word = quantityWords.findIndex((w) => w === quantity.toLowerCase());
  const q = word >= 0 ? word + 1 : Number(quantity);
  const f = Number(face);
  if (!(q >= 1 && q <= totalDice && f >= 1 && f <= sides)) return undefined;
  const action = (q - 1) * sides + (f - 1);
  return action < bidCount ? action : undefined;
}
