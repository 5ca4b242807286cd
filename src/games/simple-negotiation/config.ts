/**
 * The two negotiation variants as data (research/spiral.md §4.3, research/games.md §8).
 * `simple-negotiation` is SPIRAL's code (`SimpleNegotiation-v1`): Wood and Gold, fixed opposite values.
 * `simple-negotiation-5` is the 5-resource TextArena game the SPIRAL paper describes: random quantities and
 * values, drawn at explicit chance nodes at the start.
 */

export interface NegotiationConfig {
  readonly id: string;
  readonly title: string;
  readonly resources: readonly string[];
  /** Total turns, alternating, player 0 first (SPIRAL: 10, so 5 each). */
  readonly maxTurns: number;
  readonly setup: NegotiationSetup;
  /**
   * `legalActions` lists every affordable offer of 1..n of one resource for 1..n of another: n = 3 with two
   * resources (18 offers), 2 with five (80; with 3 it would be 180 lines of examples for a policy to read).
   */
  readonly canonicalOfferMax: number;
}

export type NegotiationSetup =
  | {
      readonly kind: 'fixed';
      /** Starting quantities, `[player][resource]`. */
      readonly quantities: readonly (readonly number[])[];
      /** What one unit is worth to each player, `[player][resource]`. */
      readonly values: readonly (readonly number[])[];
    }
  | {
      readonly kind: 'drawn';
      /** Each player's quantity of each resource is uniform over this inclusive range. */
      readonly quantityRange: readonly [min: number, max: number];
      /** Each player's value of resource r is uniform over `valueRanges[r]`, inclusive. */
      readonly valueRanges: readonly (readonly [min: number, max: number])[];
    };

/** One number drawn at a chance node: which player, resource and quantity/value it sets, and its range. */
export interface SetupSlot {
  readonly player: number;
  readonly resource: number;
  readonly field: 'quantity' | 'value';
  readonly min: number;
  readonly max: number;
}

export const simpleNegotiationConfig: NegotiationConfig = {
  id: 'simple-negotiation',
  title: 'Simple Negotiation (Wood/Gold, SPIRAL)',
  resources: ['Wood', 'Gold'],
  maxTurns: 10,
  canonicalOfferMax: 3,
  setup: {
    kind: 'fixed',
    quantities: [
      [10, 10],
      [10, 10],
    ],
    // Opposite tastes make trades good for both: each starts worth 200 to its owner.
    values: [
      [5, 15],
      [15, 5],
    ],
  },
};

const baseValues5 = [5, 10, 15, 25, 40];

export const simpleNegotiation5Config: NegotiationConfig = {
  id: 'simple-negotiation-5',
  title: 'Simple Negotiation (5 resources, random values)',
  resources: ['Wheat', 'Wood', 'Sheep', 'Brick', 'Ore'],
  maxTurns: 10,
  canonicalOfferMax: 2,
  setup: {
    kind: 'drawn',
    quantityRange: [5, 25],
    // TextArena: base ± floor(0.2·base), clipped to 5..40 (so Wheat is 5..6 and Ore 32..40).
    valueRanges: baseValues5.map((base) => {
      const spread = Math.floor(0.2 * base);
      return [Math.max(base - spread, 5), Math.min(base + spread, 40)] as const;
    }),
  },
};

/**
 * The chance draws in the order they happen: every player's quantities (player 0 first, resources in order),
 * then every player's values — TextArena's order. Empty for a fixed setup.
 */
export function setupSlots(config: NegotiationConfig): SetupSlot[] {
  const { setup, resources } = config;
  if (setup.kind === 'fixed') return [];
  const slots: SetupSlot[] = [];
  const [qMin, qMax] = setup.quantityRange;
  for (const player of [0, 1])
    resources.forEach((_, resource) => {
      slots.push({ player, resource, field: 'quantity', min: qMin, max: qMax });
    });
  for (const player of [0, 1])
    resources.forEach((_, resource) => {
      const [min, max] = setup.valueRanges[resource] ?? [0, 0];
      slots.push({ player, resource, field: 'value', min, max });
    });
  return slots;
}
