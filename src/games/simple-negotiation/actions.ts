import type { ParseOptions, ParseResult } from '../../spec/game-text.ts';
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
 * Reads a free-form answer into a move; tokens may sit anywhere in its message. The message (whitespace collapsed):
 * - `strict` (SPIRAL's multi-game run, research/spiral.md §3.2: the opponent sees only the boxed text): the content
 *   of the last `\boxed{…}`; with none, the answer must be exactly one of the listed moves (`legalActions`), so a
 *   scripted player's `[Accept]` still reads; anything else is an unreadable answer.
 * - `lenient`: the last `\boxed{…}` if there is one, else the whole answer.
 * As in SPIRAL's env: `[Accept]` with no open offer is ignored, `[Accept]` wins over `[Deny]`, and `[Deny]` only
 * answers an open offer to the player. Rule violations in a readable answer (cause `rule`, scored apart): accepting
 * one's own offer or one the player cannot pay for, a malformed `[Offer: …]`, offering resources the player lacks.
 */
export function negotiationParser(
  rules: NegotiationRules,
): (state: NegotiationState, text: string, options?: ParseOptions) => ParseResult<NegotiationAction> {
  return (state, text, options = {}) => parse(rules, state, text, options);
}

function parse(
  rules: NegotiationRules,
  state: NegotiationState,
  text: string,
  options: ParseOptions,
): ParseResult<NegotiationAction> {
  const player = rules.currentPlayer(state);
  if (player < 0) return { ok: false, reason: 'no move is expected now' };
  const message = readMessage(rules, state, text, options);
  if (typeof message !== 'string') return message;
  const { config } = rules;
  const view = rules.view(state);
  const move: { -readonly [K in keyof NegotiationMove]: NegotiationMove[K] } = { kind: 'move', message };
  if (acceptPattern.test(message)) {
    if (view.pending !== null) move.reply = 'accept';
  } else if (denyPattern.test(message) && view.pending !== null && view.pending.from !== player) move.reply = 'deny';
  const body = findOfferBody(message);
  if (body !== undefined) {
    const parsed = parseOfferBody(config, body);
    if (!parsed.ok) return { ok: false, reason: `malformed trade offer: ${parsed.reason}`, cause: 'rule' };
    move.offer = parsed.offer;
  }
  const problem = moveProblem(config, view, player, move);
  return problem === undefined ? { ok: true, action: move } : { ok: false, reason: problem, cause: 'rule' };
}

/** The message an answer carries, or why none can be read. */
function readMessage(
  rules: NegotiationRules,
  state: NegotiationState,
  text: string,
  { answers = 'lenient' }: ParseOptions,
): string | { ok: false; reason: string } {
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  const empty = { ok: false as const, reason: 'empty answer: write a message, an [Offer: …], [Accept] or [Deny]' };
  const boxed = extractBoxed(text, answers);
  const message = collapse(boxed ?? text);
  if (message === '') return empty;
  if (answers === 'lenient' || boxed !== undefined) return message;
  const listed = rules.legalActions(state).some((a) => a.kind === 'move' && a.message === message);
  if (listed) return message;
  return {
    ok: false,
    reason: `no \\boxed{} answer: end with your message in \\boxed{…}, e.g. \\boxed{I'm open to negotiation. [Offer: 1 ${rules.config.resources[0]} -> 1 ${rules.config.resources[1]}]}`,
  };
}
