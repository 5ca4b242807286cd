import type { NegotiationConfig } from './config.ts';
import type { Offer } from './types.ts';

/**
 * Reading `[Offer: …]` tokens the way SPIRAL/TextArena do (research/spiral.md §4.3): the first `[Offer: …]` in the
 * message counts; an optional leading "I give"/"I offer" and trailing dots are dropped; the two sides are split on
 * `->` (the colon after `Offer` is required, as in SPIRAL's env); items on a side are separated by commas or "and", each `<positive whole number> <resource>`, resource names
 * case-insensitive with an optional plural `s`; repeats add up.
 */
const offerPattern = /\[Offer:\s*(?:I\s+(?:give|offer)\s+)?([^[\]]+?)\s*\.*\]/i;

/** The body of the first offer token, or undefined when the message has none (plain `[Offer]` is just talk). */
export function findOfferBody(message: string): string | undefined {
  return offerPattern.exec(message)?.[1];
}

/** The offer an offer body describes, or a reason it is malformed that tells the player the right format. */
export function parseOfferBody(
  config: NegotiationConfig,
  body: string,
): { ok: true; offer: Offer } | { ok: false; reason: string } {
  const example = `write it like [Offer: 3 ${config.resources[0]} -> 2 ${config.resources[1]}]`;
  const text = body
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.,!?]+$/, '');
  const sides = text.split(/\s*->\s*/);
  if (sides.length !== 2) return { ok: false, reason: `a trade offer needs exactly one "->"; ${example}` };
  const [giveText = '', getText = ''] = sides;
  const give = parseSide(config, giveText);
  if (typeof give === 'string') return { ok: false, reason: `offered side: ${give}; ${example}` };
  const get = parseSide(config, getText);
  if (typeof get === 'string') return { ok: false, reason: `requested side: ${get}; ${example}` };
  return { ok: true, offer: { give, get } };
}

function parseSide(config: NegotiationConfig, text: string): number[] | string {
  const quantities = config.resources.map(() => 0);
  const items = text
    .split(/,\s*|\s+and\s+/i)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) return 'it lists no resources';
  for (const item of items) {
    const m = /^(\d+)\s+([A-Za-z]+)$/.exec(item);
    if (!m) return `"${item}" is not "<number> <resource>"`;
    const quantity = Number(m[1]);
    const resource = resourceIndex(config, m[2] ?? '');
    if (resource < 0) return `"${m[2]}" is not a resource (${config.resources.join(', ')})`;
    if (!Number.isSafeInteger(quantity) || quantity <= 0) return `"${m[1]}" is not a positive whole number`;
    quantities[resource] = (quantities[resource] ?? 0) + quantity;
  }
  return quantities;
}

function resourceIndex(config: NegotiationConfig, word: string): number {
  const w = word.toLowerCase();
  return config.resources.findIndex((name) => {
    const n = name.toLowerCase();
    return w === n || w === `${n}s`;
  });
}
