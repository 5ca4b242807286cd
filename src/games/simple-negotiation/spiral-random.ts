import type { Rng } from '../../spec/rng.ts';

/**
 * SPIRAL's random agent for negotiation (spiral-rl/spiral `spiral/agents/utils.py`, research/spiral.md §3.2) over
 * our listed moves: when an offer to the player is open, `[Accept]` and `[Deny]` twice each (SPIRAL lists a bare
 * token and a chatty variant of both), then three offers drawn at random with duplicates merged, then three lines of
 * plain talk; one entry uniformly. So it accepts an open offer about 1 time in 5 (2 of ~10 entries), where a
 * uniform pick over our listed moves accepts 1 in 21. Differences: our offers are drawn uniformly from the listed
 * ones, which stop at what the player now holds (SPIRAL's read the starting quantities off the prompt, so it can
 * offer what it no longer has), and `[Accept]` is listed only when the player can pay (SPIRAL lists it anyway, and
 * the env then scores the accept as invalid); our one line of talk stands for SPIRAL's three.
 */
export function spiralNegotiationRandomPick(legal: readonly string[], rng: Rng): string {
  const accept = legal.filter((s) => s === '[Accept]');
  const deny = legal.filter((s) => s === '[Deny]');
  const offers = legal.filter((s) => s.startsWith('[Offer:'));
  const talk = legal.filter((s) => s !== '[Accept]' && s !== '[Deny]' && !s.startsWith('[Offer:'));
  const drawn = new Set<string>();
  if (offers.length > 0) for (let i = 0; i < 3; i++) drawn.add(offers[rng.int(offers.length)]!);
  const candidates = [
    ...accept,
    ...accept,
    ...deny,
    ...deny,
    ...drawn,
    ...(talk.length > 0 ? [0, 1, 2].map((i) => talk[i % talk.length]!) : []),
  ];
  return candidates[rng.int(candidates.length)] ?? legal[0] ?? '';
}
