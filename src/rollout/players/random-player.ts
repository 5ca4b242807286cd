import type { Policy } from '../../spec/policy.ts';

/** Uniformly random over the legal move strings, with the seat's seeded RNG. */
export function createRandomPlayer(): Policy {
  return {
    name: 'random',
    act: async ({ legal, rng }) => ({ text: legal[rng.int(legal.length)] ?? '' }),
  };
}
