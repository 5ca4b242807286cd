import { type LmModel, type Optimizer, packChoices } from '../lm/index.ts';
import type { LearnerState } from '../spec/learner.ts';
import { createPassLearner, type LocalSamplerLearner } from './pass-learner.ts';
import { inProcessPass } from './weighed-pass.ts';

export interface InProcessLearnerOptions {
  readonly model: LmModel;
  readonly optimizer: Optimizer;
  /** Distinct sequences per forward/backward pass; gradients accumulate across passes (default 32). */
  readonly microBatch?: number;
}

/**
 * The `Learner` contract over the built-in LM in this process (pass-learner.ts holds the losses). Its pass reads the
 * log-probs and backpropagates their weights in one forward pass, and `publish` hands out the model itself, so a
 * sampler on it is on-policy as soon as `optimStep` returns, with no reload.
 */
export function createInProcessLearner(options: InProcessLearnerOptions): LocalSamplerLearner {
  const { model, optimizer } = options;
  const microBatch = options.microBatch ?? 32;
  model.zeroGrads();
  return createPassLearner(
    {
      pass: inProcessPass(model),
      async fitChoices(fits) {
        let loss = 0;
        for (let start = 0; start < fits.length; start += microBatch) {
          const chunk = fits.slice(start, start + microBatch);
          const batch = packChoices(
            chunk.map((f) => ({
              context: f.contextTokens,
              ids: f.choiceTokens,
              ...(f.target ? { target: f.target, weight: 1 / fits.length } : {}),
              ...(f.legalMass ? { massWeight: f.legalMass / fits.length } : {}),
            })),
          );
          loss += model.forwardBackward(batch).loss;
        }
        return { loss };
      },
      async optimStep(lr) {
        const { gradNorm } = optimizer.step(lr);
        model.zeroGrads();
        return { step: optimizer.state.step, gradNorm };
      },
      // The version is the optimizer's step count; the weights are the model's own (see `LocalWeights`).
      publish: async () => ({ version: optimizer.state.step, params: () => model.params(), model }),
      async save(): Promise<LearnerState> {
        const { m, v } = optimizer.moments();
        return {
          params: model.params().slice(),
          optimizer: { m: m.slice(), v: v.slice(), step: optimizer.state.step },
        };
      },
      async restore(state: LearnerState): Promise<void> {
        const { m, v } = optimizer.moments();
        const sizes = [state.params.length, state.optimizer.m.length, state.optimizer.v.length];
        if (sizes.some((n) => n !== model.layout.total)) {
          throw new RangeError(
            `saved learner state holds ${sizes.join('/')} floats, the model needs ${model.layout.total}: it was saved for another model config`,
          );
        }
        model.params().set(state.params);
        m.set(state.optimizer.m);
        v.set(state.optimizer.v);
        optimizer.state.step = state.optimizer.step;
        model.zeroGrads();
      },
    },
    { microBatch },
  );
}
