import type { Policy } from '../../spec/policy.ts';
import { sampleIndex } from '../../util/rng.ts';

/** Action probabilities for one information set, aligned with the legal moves there; undefined means uniform. */
export type ActionProbabilities = (infoKey: string, legalCount: number) => readonly number[] | undefined;

/**
 * A player that samples from a tabular policy (a solver's average policy, a minimax table, an imported JSON):
 * it looks up the information-state key, samples an index, and answers with that legal move's string.
 */
export function createTablePlayer(options: { name: string; probabilities: ActionProbabilities }): Policy {
  return {
    name: options.name,
    act: async ({ infoKey, legal, rng, signal }) => {
      signal?.throwIfAborted();
      const row = options.probabilities(infoKey, legal.length);
      const weights = row && row.length === legal.length && row.some((p) => p > 0) ? row : legal.map(() => 1);
      return { text: legal[sampleIndex(rng, weights)] ?? '' };
    },
  };
}
