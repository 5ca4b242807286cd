import { type LmModel, type Optimizer, packSequences } from '../lm/index.ts';
import type { ForwardBackwardResult, Learner, LossSpec, OptimStepResult, TrainingSample } from '../spec/learner.ts';
import { lossWeights } from './loss-weights.ts';

export interface InProcessLearnerOptions {
  readonly model: LmModel;
  readonly optimizer: Optimizer;
  /** Sequences per forward/backward pass; gradients accumulate across passes (default 32). */
  readonly microBatch?: number;
}

/**
 * The `Learner` contract over the built-in LM in this process. Each micro-batch runs one forward pass to read the
 * current log-probs (PPO's ratio needs them), turns the loss into per-token weights (`lossWeights`), and runs a
 * weighted forward/backward that accumulates the gradient. The sampler shares the same weights, so the next
 * rollout is on-policy as soon as `optimStep` returns.
 */
export function createInProcessLearner(options: InProcessLearnerOptions): Learner {
  const { model, optimizer } = options;
  const microBatch = options.microBatch ?? 32;
  model.zeroGrads();
  return {
    async forwardBackward(samples: readonly TrainingSample[], loss: LossSpec): Promise<ForwardBackwardResult> {
      let total = 0;
      let tokens = 0;
      let clipped = 0;
      let approxKl = 0;
      for (let start = 0; start < samples.length; start += microBatch) {
        const chunk = samples.slice(start, start + microBatch);
        const sequences = chunk.map((s) => ({
          tokens: [...s.promptTokens, ...s.completionTokens],
          weights: new Array<number>(s.promptTokens.length + s.completionTokens.length - 1).fill(0),
        }));
        const probe = packSequences(sequences);
        const length = probe.tokens.length / probe.batch;
        const current = model.forward(probe).logprobs;
        const weighted = chunk.map((s, b) => {
          const first = b * length + s.promptTokens.length - 1;
          const result = lossWeights({
            loss,
            advantage: s.advantage,
            currentLogprobs: current.subarray(first, first + s.completionTokens.length),
            samplingLogprobs: s.samplingLogprobs,
            samples: samples.length,
            ...(s.tokenMask ? { mask: s.tokenMask } : {}),
          });
          total += result.loss;
          clipped += result.clipped;
          approxKl += result.approxKl;
          tokens += s.tokenMask ? s.tokenMask.reduce((n, m) => n + (m ? 1 : 0), 0) : s.completionTokens.length;
          const seq = sequences[b]!;
          return {
            tokens: seq.tokens,
            weights: [...seq.weights.slice(0, s.promptTokens.length - 1), ...result.weights],
          };
        });
        model.forwardBackward(packSequences(weighted));
      }
      return {
        loss: total,
        samples: samples.length,
        tokens,
        clippedFraction: tokens > 0 ? clipped / tokens : 0,
        approxKl: tokens > 0 ? approxKl / tokens : 0,
      };
    },
    async optimStep(options?: { readonly lr?: number }): Promise<OptimStepResult> {
      const { gradNorm } = optimizer.step(options?.lr);
      model.zeroGrads();
      return { step: optimizer.state.step, gradNorm };
    },
  };
}
