import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
import { extractBoxed, matchLegal, normalizeAnswer } from '../answer.ts';
import { type Bid, bidId, bidOf, faces, type LiarsDiceRoundsRules, type LiarsDiceRoundsState } from './rules.ts';

/**
 * Move strings are SPIRAL's (research/spiral.md §4.4, LiarsDice-v1's prompt: `'[Bid: 3, 4]' or '[Call]'`):
 * `[Bid: Q, F]` for Q dice showing face F, and `[Call]`. A decision lists every bid above the current one that the dice
 * in play allow, then `[Call]` once there is a bid: at most 6 × 10 = 60 bids and the call with 5 dice each, fewer as
 * dice are lost and bids rise. The strings do not part at one token (quantity and face are separate digits), which only
 * full-width training and policy tables need, and this game is too big for either; constrained decoding walks them as
 * a trie.
 */
export function moveString(rules: LiarsDiceRoundsRules, action: number): string {
  if (action === rules.call) return '[Call]';
  const { quantity, face } = bidOf(action);
  return `[Bid: ${quantity}, ${face}]`;
}

export function legalStrings(rules: LiarsDiceRoundsRules, state: LiarsDiceRoundsState): string[] {
  return rules.legalActions(state).map((a) => moveString(rules, a));
}

/** `3 dice showing 4`, `1 die showing 6`. */
export function bidWords(bid: Bid): string {
  return `${bid.quantity} ${bid.quantity === 1 ? 'die' : 'dice'} showing ${bid.face}`;
}

/** What may be played here, in words: the legal list is long, so reasons describe it instead of listing it. */
export function legalSummary(rules: LiarsDiceRoundsRules, state: LiarsDiceRoundsState): string {
  const legal = rules.legalActions(state);
  const bids = legal.filter((a) => a !== rules.call);
  const canCall = legal.includes(rules.call);
  if (bids.length === 0) return 'only [Call]: no bid is higher than the current one';
  const range = `${moveString(rules, bids[0]!)} up to ${moveString(rules, bids[bids.length - 1]!)}`;
  return canCall ? `a bid from ${range}, or [Call]` : `a bid from ${range} (no bid to call yet)`;
}

/**
 * Reads an answer. `strict` (SPIRAL's `extract_action`, research/spiral.md §3.2): the last `\boxed{…}` (or the whole
 * answer) must be exactly a listed move, e.g. `\boxed{[Bid: 3, 4]}`, `\boxed{Bid: 3, 4}` or `\boxed{Call}`.
 * `lenient` also reads, in the box or anywhere in the text, the last move written the way LiarsDice-v1's env reads it
 * (`[bid 3 4]`, `[Bid:3,4]`, `[call]`, any case) or `[Liar]` for the call. Never throws.
 */
export function parseLiarsDiceRounds(
  rules: LiarsDiceRoundsRules,
  state: LiarsDiceRoundsState,
  text: string,
  options: ParseOptions = {},
): ParseResult<number> {
  const legal = rules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now' };
  const mode = options.answers ?? 'lenient';
  const strings = legal.map((a) => moveString(rules, a));
  const match = matchLegal(text, strings, mode);
  if (match.ok) return { ok: true, action: legal[match.index]! };
  const expected = `play ${legalSummary(rules, state)}`;
  if (mode === 'strict') {
    const written = normalizeAnswer(extractBoxed(text, 'strict') ?? text.trim(), 'strict');
    const shown = written.length > 40 ? `${written.slice(0, 37)}...` : written;
    return {
      ok: false,
      reason: `answer ${JSON.stringify(shown)} is not exactly a legal move; ${expected}, in \\boxed{}, e.g. \\boxed{${strings[0]}}`,
    };
  }
  const named = namedMoves(rules, text);
  const action = named.find((a) => legal.includes(a));
  if (action !== undefined) return { ok: true, action };
  const last = named[0];
  if (last === undefined) return { ok: false, reason: `no move found in the answer; ${expected}` };
  const why =
    last === rules.call
      ? 'there is no bid to call yet'
      : `${moveString(rules, last)} is not higher than the current bid`;
  return { ok: false, reason: `${why}; ${expected}` };
}

/** Moves the answer names in a lenient form, last first: from the boxed answer if there is one, else the whole text. */
function namedMoves(rules: LiarsDiceRoundsRules, text: string): number[] {
  const boxed = extractBoxed(text, 'lenient');
  const tokens = normalizeAnswer(boxed ?? text).match(/\[[^[\]]*\]/g) ?? [];
  const moves: number[] = [];
  for (let t = tokens.length - 1; t >= 0; t--) {
    const move = readMove(rules, (tokens[t] ?? '').slice(1, -1).trim());
    if (move !== undefined) moves.push(move);
  }
  return moves;
}

function readMove(rules: LiarsDiceRoundsRules, inner: string): number | undefined {
  if (/^(call|liar)!?$/i.test(inner)) return rules.call;
  // LiarsDice-v1's env pattern, `\[bid\s*:?\s*(\d+)[,\s]+(\d+)\]` (research/spiral.md §4.4), on the bracket's content.
  const bid = /^bid\s*:?\s*(\d{1,3})[,\s]+(\d{1,3})$/i.exec(inner);
  if (!bid) return undefined;
  const quantity = Number(bid[1]);
  const face = Number(bid[2]);
  if (!(quantity >= 1 && face >= 1 && face <= faces)) return undefined;
  const action = bidId({ quantity, face });
  return action < rules.call ? action : undefined;
}
