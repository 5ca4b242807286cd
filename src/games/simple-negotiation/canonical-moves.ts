import type { NegotiationConfig } from './config.ts';
import { moveProblem, type NegotiationView } from './replay.ts';
import type { NegotiationMove, Offer } from './types.ts';

/** The plain-talk move every player may always make. */
export const talkMessage = "I'm open to negotiation.";

/**
 * The finite list `legalActions` hands out (an open game's examples, not every move): `[Accept]` when the open offer
 * to the player can be paid, `[Deny]` when one is open, one line of plain talk, and every affordable offer of 1..n of one
 * resource for 1..n of another (n = `config.canonicalOfferMax`).
 */
export function canonicalMoves(config: NegotiationConfig, view: NegotiationView, player: number): NegotiationMove[] {
  const moves: NegotiationMove[] = [];
  const accept: NegotiationMove = { kind: 'move', message: '[Accept]', reply: 'accept' };
  if (view.pending !== null && view.pending.from !== player) {
    if (moveProblem(config, view, player, accept) === undefined) moves.push(accept);
    moves.push({ kind: 'move', message: '[Deny]', reply: 'deny' });
  }
  moves.push({ kind: 'move', message: talkMessage });
  const own = view.inventory[player] ?? [];
  const n = config.resources.length;
  for (let g = 0; g < n; g++)
    for (let w = 0; w < n; w++) {
      if (g === w) continue;
      for (let give = 1; give <= Math.min(config.canonicalOfferMax, own[g] ?? 0); give++)
        for (let get = 1; get <= config.canonicalOfferMax; get++) {
          const offer = { give: oneHot(n, g, give), get: oneHot(n, w, get) };
          moves.push({ kind: 'move', message: offerToken(config, offer), offer });
        }
    }
  return moves;
}

function oneHot(n: number, index: number, quantity: number): number[] {
  return Array.from({ length: n }, (_, r) => (r === index ? quantity : 0));
}

/** Canonical offer text, `[Offer: 3 Wood -> 2 Gold]` (resources in config order, zeros left out). */
export function offerToken(config: NegotiationConfig, offer: Offer): string {
  return `[Offer: ${listResources(config, offer.give)} -> ${listResources(config, offer.get)}]`;
}

export function listResources(config: NegotiationConfig, quantities: readonly number[]): string {
  return config.resources
    .map((name, r) => ({ name, q: quantities[r] ?? 0 }))
    .filter(({ q }) => q > 0)
    .map(({ name, q }) => `${q} ${name}`)
    .join(', ');
}
