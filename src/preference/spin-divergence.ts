import type { ResponseDistribution } from './response-distribution.ts';
import { checkDistribution } from './response-distribution.ts';
import type { SpinPrompt } from './spin-data-file.ts';

export interface SpinDivergence {
  /**
   * KL(p_data ‖ π) = Σ_i p_i log(p_i / π_i) in nats over the data's responses; +∞ when π gives 0 to a response the
   * data holds. Mass π puts outside the data ("other") counts through the smaller π_i it leaves.
   */
  readonly kl: number;
  /** Total variation ½ Σ |p − π| over the responses and "other" (p_data(other) = 0): in [0, 1]. */
  readonly totalVariation: number;
}

/** How far a policy's distribution is from SPIN's data distribution on one prompt: SPIN's optimum is π = p_data. */
export function spinDivergence(data: SpinPrompt, d: ResponseDistribution): SpinDivergence {
  checkDistribution(d, data.responses.length);
  let kl = 0;
  let absolute = d.other;
  data.probabilities.forEach((p, i) => {
    const q = d.probabilities[i]!;
    absolute += Math.abs(p - q);
    if (p > 0) kl += q > 0 ? p * Math.log(p / q) : Number.POSITIVE_INFINITY;
  });
  return { kl, totalVariation: absolute / 2 };
}
