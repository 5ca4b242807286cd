import { lmResponseDistributions, type LmResponseDistributionOptions } from './lm-response-distribution.ts';
import type { ResponseDecoding } from './lm-response-distribution.ts';
import type { PreferencePrompt, PreferenceSet } from './preference-file.ts';
import { preferenceDualityGap, replyWinRates, vonNeumannWinner, type VonNeumannWinner } from './preference-game.ts';
import type { ResponseDistribution } from './response-distribution.ts';

export interface PromptPreferenceGap {
  readonly prompt: PreferencePrompt;
  /** The LM's exact distribution under the decoding. */
  readonly distribution: ResponseDistribution;
  /** Per listed response j, Σ_i π_i P(j ≻ i): what j wins against the LM. */
  readonly replyWinRates: readonly number[];
  /** max_j replyWinRates[j] − ½. */
  readonly gap: number;
  readonly winner: VonNeumannWinner;
}

export interface PreferenceGapReport {
  readonly decoding: ResponseDecoding;
  readonly prompts: readonly PromptPreferenceGap[];
  /** The mean duality gap over prompts: the headline figure. */
  readonly meanGap: number;
}

/** The built-in LM's exact duality gap on every prompt of a preference set, beside each prompt's von Neumann winner. */
export function measurePreferenceGap(
  options: Omit<LmResponseDistributionOptions, 'prompts'> & { preferences: PreferenceSet },
): PreferenceGapReport {
  const { preferences, ...lm } = options;
  const distributions = lmResponseDistributions({ ...lm, prompts: preferences.prompts });
  const prompts = preferences.prompts.map((prompt, i) => {
    const distribution = distributions[i]!;
    return {
      prompt,
      distribution,
      replyWinRates: replyWinRates(prompt, distribution),
      gap: preferenceDualityGap(prompt, distribution),
      winner: vonNeumannWinner(prompt),
    };
  });
  return { decoding: lm.decoding, prompts, meanGap: prompts.reduce((s, p) => s + p.gap, 0) / prompts.length };
}
