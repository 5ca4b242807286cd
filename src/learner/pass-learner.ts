import type { LmModel } from '../lm/index.ts';
import type {
  ChoiceFit,
  ForwardBackwardResult,
  Learner,
  LearnerState,
  LossSpec,
  OptimStepResult,
  TrainingSample,
  WeightsHandle,
} from '../spec/learner.ts';
import { fitChoicesByPass } from './choice-fit-pass.ts';
import { lossWeights } from './loss-weights.ts';
import { pairsForwardBackward, sequencesForwardBackward } from './sequence-losses.ts';
import { sequenceKey } from './sequence-pass.ts';
import type { WeighedPass } from './weighed-pass.ts';

/** Published weights that a model in this process holds: the one the trainer's sampler plays. */
export interface LocalWeights extends WeightsHandle {
  /**
   * The model the weights are in. In-process it is the learner's own model (a sampler on it plays the newest weights
   * as soon as `optimStep` returns); a remote learner copies its new weights into it after every step. Read it, never
   * write it.
   */
  readonly model: LmModel;
}

/** A learner whose published weights are a local model: what the trainer's sampler, averages and magnets read. */
export interface LocalSamplerLearner extends Learner {
  publish(): Promise<LocalWeights>;
  /** Seconds spent so far copying new weights to the sampler (absent in-process, where nothing is copied). */
  syncSeconds?(): number;
}

/** What differs between learners: how a pass runs and where the weights and the optimizer live. */
export interface LearnerBackend {
  readonly pass: WeighedPass;
  /**
   * The choice fit read at one row, where the backend can read a whole distribution there (in-process); otherwise
   * the fits run over the pass, one sequence per choice token (choice-fit-pass.ts).
   */
  readonly fitChoices?: (fits: readonly ChoiceFit[]) => Promise<{ readonly loss: number }>;
  optimStep(lr: number | undefined): Promise<OptimStepResult>;
  publish(): Promise<LocalWeights>;
  save(): Promise<LearnerState>;
  restore(state: LearnerState): Promise<void>;
  close?(): Promise<void>;
  syncSeconds?(): number;
}

/** Samples whose prompt and completion are the same tokens: one pass serves them all. */
interface SequenceGroup {
  readonly promptLength: number;
  readonly tokens: readonly number[];
  readonly members: TrainingSample[];
}

/**
 * The `Learner` contract over a backend's weighed pass. Each micro-batch of distinct sequences runs one pass that
 * reads the current log-probs (PPO's ratio needs them), turns the loss into per-token weights (`lossWeights`), and
 * backpropagates those weights. Samples with identical tokens are scored once and their token weights summed — exact,
 * since the loss is Σ w·(−log π) and each sample's w still comes from its own advantage and sampling log-probs — and in
 * small games, where a batch holds a few dozen distinct (observation, move) pairs, that is most of the work. The
 * sequence-level losses (pairs, rated responses) run over the same pass (sequence-losses.ts).
 */
export function createPassLearner(backend: LearnerBackend, options: { microBatch?: number } = {}): LocalSamplerLearner {
  const microBatch = options.microBatch ?? 32;
  const { pass } = backend;
  return {
    async forwardBackward(samples: readonly TrainingSample[], loss: LossSpec): Promise<ForwardBackwardResult> {
      let total = 0;
      let tokens = 0;
      let clipped = 0;
      let approxKl = 0;
      let absDelta = 0;
      const groups = groupIdentical(samples);
      for (let start = 0; start < groups.length; start += microBatch) {
        const chunk = groups.slice(start, start + microBatch);
        await pass(chunk, (current) =>
          chunk.map((g, b) => {
            const weights = new Float64Array(g.tokens.length - 1);
            const first = g.promptLength - 1;
            const completion = current[b]!.subarray(first, g.tokens.length - 1);
            for (const s of g.members) {
              const result = lossWeights({
                loss,
                advantage: s.advantage,
                currentLogprobs: completion,
                samplingLogprobs: s.samplingLogprobs,
                samples: samples.length,
                ...(s.tokenMask ? { mask: s.tokenMask } : {}),
              });
              total += result.loss;
              clipped += result.clipped;
              approxKl += result.approxKl;
              completion.forEach((lp, j) => {
                if (!s.tokenMask || s.tokenMask[j]) absDelta += Math.abs(lp - s.samplingLogprobs[j]!);
              });
              tokens += s.tokenMask ? s.tokenMask.reduce((n, m) => n + (m ? 1 : 0), 0) : completion.length;
              result.weights.forEach((w, j) => {
                weights[first + j]! += w;
              });
            }
            return weights;
          }),
        );
      }
      return {
        loss: total,
        samples: samples.length,
        tokens,
        clippedFraction: tokens > 0 ? clipped / tokens : 0,
        approxKl: tokens > 0 ? approxKl / tokens : 0,
        samplerLogprobGap: tokens > 0 ? absDelta / tokens : 0,
      };
    },
    forwardBackwardChoices: (fits: readonly ChoiceFit[]) =>
      backend.fitChoices ? backend.fitChoices(fits) : fitChoicesByPass(pass, fits, microBatch),
    forwardBackwardPairs: (pairs, loss) => pairsForwardBackward({ pass, loss, microBatch, items: pairs }),
    forwardBackwardSequences: (sequences, loss) =>
      sequencesForwardBackward({ pass, loss, microBatch, items: sequences }),
    optimStep: (stepOptions) => backend.optimStep(stepOptions?.lr),
    publish: () => backend.publish(),
    save: () => backend.save(),
    restore: (state) => backend.restore(state),
    close: async () => backend.close?.(),
    ...(backend.syncSeconds ? { syncSeconds: backend.syncSeconds } : {}),
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
