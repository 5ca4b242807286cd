import type { Learner } from '../../spec/learner.ts';
import type { Rng } from '../../spec/rng.ts';
import type { ListedResponses } from '../../preference/index.ts';
import { drawListedResponses } from './response-samples.ts';

/**
 * Supervised steps on listed responses before the first iteration: the likelihood of `batch` responses per step,
 * drawn from the data distribution (SPIN starts from an SFT model) or uniformly over a preference file's listed
 * responses (a model trained from scratch never writes one by chance; uniform keeps the policy among them near
 * uniform while the mass on anything else falls). Through the learner, at the warm-up's own rate. Returns the last
 * step's loss (mean sequence NLL, nats).
 */
export async function supervisedWarmup(options: {
  learner: Learner;
  prompts: readonly (ListedResponses & { readonly probabilities?: readonly number[] })[];
  steps: number;
  batch: number;
  lr: number;
  rng: Rng;
}): Promise<number> {
  let loss = Number.NaN;
  for (let step = 0; step < options.steps; step++) {
    // Every prompt in turn, so each step sees all of them when the batch is at least the prompt count.
    const prompts = Array.from({ length: options.batch }, (_, i) => options.prompts[i % options.prompts.length]!);
    const rows = drawListedResponses({ prompts, samples: 1, rng: options.rng });
    const result = await options.learner.forwardBackward(
      rows.map((r) => ({
        promptTokens: r.promptTokens,
        completionTokens: r.completionTokens,
        samplingLogprobs: r.tokenLogprobs,
        advantage: 1,
      })),
      { kind: 'reinforce', normalizer: 1 },
    );
    await options.learner.optimStep({ lr: options.lr });
    loss = result.loss;
  }
  return loss;
}
