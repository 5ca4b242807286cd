import { lmResponseDistributions, type LmResponseDistributionOptions } from './lm-response-distribution.ts';
import type { ResponseDecoding } from './lm-response-distribution.ts';
import type { ResponseDistribution } from './response-distribution.ts';
import type { SpinData, SpinPrompt } from './spin-data-file.ts';
import { type SpinDivergence, spinDivergence } from './spin-divergence.ts';

export interface PromptSpinDivergence extends SpinDivergence {
  readonly prompt: SpinPrompt;
  readonly distribution: ResponseDistribution;
}

export interface SpinDivergenceReport {
  readonly decoding: ResponseDecoding;
  readonly prompts: readonly PromptSpinDivergence[];
  /** Means over prompts; the KL mean is +∞ when any prompt's is. */
  readonly meanKl: number;
  readonly meanTotalVariation: number;
}

/** The built-in LM's exact KL(p_data ‖ π) and total variation on every prompt of a SPIN data file. */
export function measureSpinDivergence(
  options: Omit<LmResponseDistributionOptions, 'prompts'> & { data: SpinData },
): SpinDivergenceReport {
  const { data, ...lm } = options;
  const distributions = lmResponseDistributions({ ...lm, prompts: data.prompts });
  const prompts = data.prompts.map((prompt, i) => ({
    prompt,
    distribution: distributions[i]!,
    ...spinDivergence(prompt, distributions[i]!),
  }));
  const mean = (f: (p: PromptSpinDivergence) => number) => prompts.reduce((s, p) => s + f(p), 0) / prompts.length;
  return {
    decoding: lm.decoding,
    prompts,
    meanKl: mean((p) => p.kl),
    meanTotalVariation: mean((p) => p.totalVariation),
  };
}
