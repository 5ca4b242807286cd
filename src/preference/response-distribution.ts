import { DataFileError, otherKey } from './data-file.ts';

/**
 * A policy's distribution over one prompt's answers: one probability per listed response (in the file's order)
 * and `other`, the mass on every answer outside the list, lumped into one outcome.
 */
export interface ResponseDistribution {
  readonly probabilities: readonly number[];
  readonly other: number;
}

/** Probabilities may sum to 1 this loosely (float rounding of products of token probabilities). */
const sumTolerance = 1e-9;

/** Throws unless `d` has one entry per response, none negative, summing with `other` to 1. */
export function checkDistribution(d: ResponseDistribution, responses: number): void {
  if (d.probabilities.length !== responses)
    throw new DataFileError(`distribution has ${d.probabilities.length} probabilities for ${responses} responses`);
  const total = d.probabilities.reduce((a, v) => a + v, d.other);
  if ([...d.probabilities, d.other].some((v) => !(v >= 0)) || Math.abs(total - 1) > sumTolerance)
    throw new DataFileError(`distribution must be non-negative and sum to 1 (sums to ${total})`);
}

/** `{ "<response>": p, …, "<other>": mass }`: the `--out` file's entry for one prompt. */
export function distributionRecord(responses: readonly string[], d: ResponseDistribution): Record<string, number> {
  return Object.fromEntries([...responses.map((r, i) => [r, d.probabilities[i]!] as const), [otherKey, d.other]]);
}
