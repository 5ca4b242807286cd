import { createModel, type LmModel, scoreCompletions } from '../lm/index.ts';
import type { TrainingSample } from '../spec/learner.ts';

/** A completion chosen among legal moves, as scoring needs it. */
export type MoveChoice = Pick<ChoiceSample, 'promptTokens' | 'completionTokens' | 'legal'>;

/** A training sample with the legal moves it was chosen among (what the constrained policy is a distribution over). */
export interface ChoiceSample extends TrainingSample {
  readonly legal: readonly string[];
}

/**
 * Magnetic regularisation toward a slowly moving "magnet" policy, the Nash-converging device of magnetic mirror
 * descent (Sokota et al. 2023) and R-NaD (Perolat et al. 2022): each turn's reward is shaped by
 * −η·(log π(a|s) − log μ(a|s)), the per-step KL(π‖μ) penalty, with π and μ the move distributions under
 * constrained decoding. The magnet starts as the initial (near-uniform) policy, so early on this is an entropy
 * bonus. Kept fixed (`every` = 0), play settles near a quantal-response equilibrium of the regularised game; moved to
 * the current policy every `every` steps, the anchors it pulls toward can approach a Nash equilibrium instead of
 * cycling around it as plain self-play policy gradient does (in theory; see docs/results.md for what we measured).
 */
export function createMagnetRegularizer(options: {
  model: LmModel;
  eta: number;
  every: number;
  /** Each refresh keeps this share of the magnet's weights (0: the magnet jumps to the policy). */
  decay?: number;
  /** The weights a refresh moves the magnet to (default the model's; e.g. their running average). */
  source?: LmModel;
  /** No refresh before this step (default 0): the initial magnet holds while the policy learns to read its cards. */
  start?: number;
  /** The anchor's weights (default: the model's current ones), e.g. restored from a checkpoint. */
  anchor?: Float32Array;
}) {
  const { model, eta, every, decay = 0, source = model, start = 0 } = options;
  const magnet = createModel({
    kernels: model.kernels,
    config: model.config,
    params: options.anchor ?? model.params().slice(),
  });
  const movePolicyLogprob = (m: LmModel, samples: readonly MoveChoice[]) =>
    scoreCompletions({
      model: m,
      items: samples.map((s) => ({ prompt: s.promptTokens, completion: s.completionTokens, allowed: s.legal })),
    }).map((score) => score.logprob);
  return {
    /**
     * The samples with their advantages shaped by the KL penalty (weight `stepEta`, default η — schedules anneal it);
     * also returns the batch's mean KL estimate.
     */
    shape(samples: readonly ChoiceSample[], stepEta = eta): { samples: ChoiceSample[]; meanKl: number } {
      if (samples.length === 0) return { samples: [], meanKl: 0 };
      const current = movePolicyLogprob(model, samples);
      const anchor = movePolicyLogprob(magnet, samples);
      let kl = 0;
      const shaped = samples.map((s, i) => {
        const logRatio = (current[i] ?? 0) - (anchor[i] ?? 0);
        kl += logRatio;
        return { ...s, advantage: s.advantage - stepEta * logRatio };
      });
      return { samples: shaped, meanKl: kl / samples.length };
    },
    /** log μ(move | prompt) under constrained decoding to each choice's legal moves. */
    anchorLogprobs: (choices: readonly MoveChoice[]): number[] => movePolicyLogprob(magnet, choices),
    /** The magnet as a model (its weights are the anchor), for reading μ where the caller scores choices itself. */
    anchorModel: magnet,
    /** A copy of the anchor's weights, for checkpoints. */
    anchor: (): Float32Array => magnet.params().slice(),
    /** Moves the magnet to (or, with `decay`, toward) the source's weights every `every` steps (never when 0). */
    afterStep(step: number): boolean {
      if (every === 0 || step < start || step % every !== 0) return false;
      const anchor = magnet.params();
      const target = source.params();
      for (let i = 0; i < anchor.length; i++) anchor[i] = decay * anchor[i]! + (1 - decay) * target[i]!;
      return true;
    },
  };
}
