import type { Rng } from '../../spec/rng.ts';
import type { Policy } from '../../spec/policy.ts';

export interface RandomPlayerOptions {
  /** Default `random`. */
  readonly name?: string;
  /** How to pick among the legal move strings; default uniformly. */
  readonly pick?: (legal: readonly string[], rng: Rng) => string;
}

/**
 * Random legal moves with the seat's seeded RNG: uniform by default, or a game's own rule (`spiral-random`: as
 * SPIRAL's random agent picks, `TextGame.spiralRandomPick`).
 */
export function createRandomPlayer(options: RandomPlayerOptions = {}): Policy {
  const pick = options.pick ?? ((legal: readonly string[], rng: Rng) => legal[rng.int(legal.length)] ?? '');
  return {
    name: options.name ?? 'random',
    act: async ({ legal, rng, signal }) => {
      signal?.throwIfAborted();
      return { text: pick(legal, rng) };
    },
  };
}
