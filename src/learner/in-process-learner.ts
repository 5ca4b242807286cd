import { type LmModel, type Optimizer, packChoices, packSequences } from '../lm/index.ts';
import type {
  ChoiceFit,
  ForwardBackwardResult,
  Learner,
  LearnerState,
  LossSpec,
  OptimStepResult,
  PairForwardBackwardResult,
  PairLossSpec,
  PreferencePair,
  RatedSequence,
  SequenceForwardBackwardResult,
  SequenceLossSpec,
  TrainingSample,
  WeightsHandle,
} from '../spec/learner.ts';
import { pairsForwardBackward, sequencesForwardBackward } from './in-process-sequence-losses.ts';
import { lossWeights } from './loss-weights.ts';
import { sequenceKey } from './sequence-pass.ts';

export interface InProcessLearnerOptions {
  readonly model: LmModel;
  readonly optimizer: Optimizer;
  /** Distinct sequences per forward/backward pass; gradients accumulate across passes (default 32). */
  readonly microBatch?: number;
}

/** The in-process learner's published weights: its own model, shared in place with the sampler. */
export interface InProcessWeights extends WeightsHandle {
  /**
   * The learner's model itself. A sampler built on it plays the newest weights as soon as `optimStep` returns, with no
   * reload: the in-process fast path that keeps self-play on-policy. Read its weights, never write them.
   */
  readonly model: LmModel;
}

export interface InProcessLearner extends Learner {
  publish(): Promise<InProcessWeights>;
}

/** Samples whose prompt and completion are the same tokens: one forward and one backward pass serve them all. */
interface SequenceGroup {
  readonly promptLength: number;
  readonly tokens: readonly number[];
  readonly members: TrainingSample[];
}

/**
 * The `Learner` contract over the built-in LM in this process. Each micro-batch runs one forward pass that reads
 * the current log-probs (PPO's ratio needs them), turns the loss into per-token weights (`lossWeights`), and
 * backpropagates those weights through the same pass, accumulating the gradient. `publish` hands out the model
 * itself, so a sampler on it is on-policy as soon as `optimStep` returns.
 *
 * Samples with identical tokens are scored once and their token weights summed before the backward pass. This is
 * exact — the loss is Σ w·(−log π) and each sample's w still comes from its own advantage and sampling log-probs —
 * and in small games, where a batch holds a few dozen distinct (observation, move) pairs, it is most of the work.
 * The sequence-level losses (pairs, rated responses) run the same way: one pass reads the current log-probs of a
 * pair's two responses together and backpropagates the weights they imply (in-process-sequence-losses.ts).
 */
export function createInProcessLearner(options: InProcessLearnerOptions): InProcessLearner {
  const { model, optimizer } = options;
  const microBatch = options.microBatch ?? 32;
  model.zeroGrads();
  return {
    async forwardBackward(samples: readonly TrainingSample[], loss: LossSpec): Promise<ForwardBackwardResult> {
      let total = 0;
      let tokens = 0;
      let clipped = 0;
      let approxKl = 0;
      const groups = groupIdentical(samples);
      for (let start = 0; start < groups.length; start += microBatch) {
        const chunk = groups.slice(start, start + microBatch);
        const batch = packSequences(
          chunk.map((g) => ({ tokens: g.tokens, weights: new Array<number>(g.tokens.length - 1).fill(0) })),
        );
        const length = batch.tokens.length / batch.batch;
        model.forwardBackward(batch, (current) => {
          const weights = new Float64Array(current.length);
          chunk.forEach((g, b) => {
            const completionLength = g.tokens.length - g.promptLength;
            const first = b * length + g.promptLength - 1;
            for (const s of g.members) {
              const result = lossWeights({
                loss,
                advantage: s.advantage,
                currentLogprobs: current.subarray(first, first + completionLength),
                samplingLogprobs: s.samplingLogprobs,
                samples: samples.length,
                ...(s.tokenMask ? { mask: s.tokenMask } : {}),
              });
              total += result.loss;
              clipped += result.clipped;
              approxKl += result.approxKl;
              tokens += s.tokenMask ? s.tokenMask.reduce((n, m) => n + (m ? 1 : 0), 0) : completionLength;
              result.weights.forEach((w, j) => {
                weights[first + j]! += w;
              });
            }
          });
          return weights;
        });
      }
      return {
        loss: total,
        samples: samples.length,
        tokens,
        clippedFraction: tokens > 0 ? clipped / tokens : 0,
        approxKl: tokens > 0 ? approxKl / tokens : 0,
      };
    },
    async forwardBackwardChoices(fits: readonly ChoiceFit[]): Promise<{ readonly loss: number }> {
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
    async forwardBackwardPairs(
      pairs: readonly PreferencePair[],
      loss: PairLossSpec,
    ): Promise<PairForwardBackwardResult> {
      return pairsForwardBackward({ model, loss, microBatch, items: pairs });
    },
    async forwardBackwardSequences(
      sequences: readonly RatedSequence[],
      loss: SequenceLossSpec,
    ): Promise<SequenceForwardBackwardResult> {
      return sequencesForwardBackward({ model, loss, microBatch, items: sequences });
    },
    async optimStep(options?: { readonly lr?: number }): Promise<OptimStepResult> {
      const { gradNorm } = optimizer.step(options?.lr);
      model.zeroGrads();
      return { step: optimizer.state.step, gradNorm };
    },
    // The version is the optimizer's step count; the weights are the model's own (see `InProcessWeights`).
    publish: async () => ({ version: optimizer.state.step, params: () => model.params(), model }),
    async save(): Promise<LearnerState> {
      const { m, v } = optimizer.moments();
      return { params: model.params().slice(), optimizer: { m: m.slice(), v: v.slice(), step: optimizer.state.step } };
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
  };
}

/** Samples grouped by their token sequence (prompt boundary included), in order of first appearance. */
function groupIdentical(samples: readonly TrainingSample[]): SequenceGroup[] {
  const groups = new Map<string, SequenceGroup>();
  for (const s of samples) {
    const key = sequenceKey(s.promptTokens, s.completionTokens);
    const group = groups.get(key);
    if (group) group.members.push(s);
    else
      groups.set(key, {
        promptLength: s.promptTokens.length,
        tokens: [...s.promptTokens, ...s.completionTokens],
        members: [s],
      });
  }
  return [...groups.values()];
}
