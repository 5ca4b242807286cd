import type { ParseResult } from '../../spec/game-text.ts';
import { extractBoxed } from '../answer.ts';
import { findOfferBody, parseOfferBody } from './offer-text.ts';
import { moveProblem } from './replay.ts';
import type { NegotiationRules } from './rules.ts';
import type { NegotiationAction, NegotiationMove, NegotiationState } from './types.ts';

const acceptPattern = /\[\s*accept\s*\]/i;
const denyPattern = /\[\s*deny\s*\]/i;

/** A move's text is its message (the boxed answer it came from); a setup draw, which no player types, `[draw N]`. */
export function negotiationActionString(_state: NegotiationState, action: NegotiationAction): string {
  return action.kind === 'move' ? action.message : `[draw ${action.value}]`;
}

/**
 * Reads a free-form answer into a move. The message is the last `\boxed{…}` if there is one (SPIRAL's chat
 * variant shows the opponent only the boxed part), else the whole answer; whitespace is collapsed. Tokens may sit
 * anywhere in it. Invalid, as in SPIRAL: `[Accept]` with no offer to the player or one they cannot pay for; a
 * malformed `[Offer: …]`; offering resources the player does not hold. `[Accept]` wins over `[Deny]` when both
 * appear (TextArena checks accept first); `[Deny]` with nothing to deny is plain talk.
 */
export function negotiationParser(
  rules: NegotiationRules,
): (state: NegotiationState, text: string) => ParseResult<NegotiationAction> {
  return (state, text) => parse(rules, state, text);
}

function parse(rules: NegotiationRules, state: NegotiationState, text: string): ParseResult<NegotiationAction> {
  const player = rules.currentPlayer(state);
  if (player < 0) return { ok: false, reason: 'no move is expected now' };
  const message = (extractBoxed(text) ?? text).replace(/\s+/g, ' ').trim();
  if (message === '') return { ok: false, reason: 'empty answer: write a message, an [Offer: …], [Accept] or [Deny]' };
  const { config } = rules;
  const view = rules.view(state);
  const move: { -readonly [K in keyof NegotiationMove]: NegotiationMove[K] } = { kind: 'move', message };
  if (acceptPattern.test(message)) move.reply = 'accept';
  else if (denyPattern.test(message) && view.pending !== null) move.reply = 'deny';
  const body = findOfferBody(message);
  if (body !== undefined) {
    const parsed = parseOfferBody(config, body);
    if (!parsed.ok) return { ok: false, reason: `malformed trade offer: ${parsed.reason}` };
    move.offer = parsed.offer;
  }
  const problem = moveProblem(config, view, player, move);
  return problem === undefined ? { ok: true, action: move } : { ok: false, reason: problem };
}
