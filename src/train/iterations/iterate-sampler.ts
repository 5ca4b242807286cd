import type { LmModel } from '../../lm/index.ts';
import type { ListedResponses } from '../../preference/index.ts';
import type { Rng } from '../../spec/rng.ts';
import type { IterationConfig } from './iteration-config.ts';
import { type ResponseSample, sampleResponses } from './response-samples.ts';
import { createServedSampler } from './served-responses.ts';

/** What one iteration's sampling hands the loop. */
export interface IterateSamples {
  readonly samples: ResponseSample[];
  /** Figures about the sampling itself, recorded with the iteration's metrics (none in process). */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Where the frozen iterate's K responses per prompt are drawn: this process, or a server that plays its weights. */
export interface IterateSampler {
  /** K free-text responses per prompt from `iterate`, the weights of iteration `iteration`. */
  sample(request: { iterate: LmModel; iteration: number; rng: Rng; signal?: AbortSignal }): Promise<IterateSamples>;
  close(): Promise<void>;
}

/** The run's sampler: a server when the config names one (`sampler`), else the iterate itself, in process. */
export async function createIterateSampler(options: {
  config: IterationConfig;
  prompts: readonly ListedResponses[];
  now: () => number;
}): Promise<IterateSampler> {
  const { config, prompts } = options;
  if (config.sampler)
    return createServedSampler({
      settings: config.sampler,
      prompts,
      samples: config.samples,
      maxTokens: config.maxTokens,
      now: options.now,
    });
  return {
    sample: async ({ iterate, rng }) => ({
      samples: sampleResponses({ model: iterate, prompts, samples: config.samples, maxTokens: config.maxTokens, rng }),
      metrics: {},
    }),
    close: async () => {},
  };
}
