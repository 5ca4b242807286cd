import { createModel, type LmModel, scoreCompletions } from '../lm/index.ts';
import type { TrainingSample } from '../spec/learner.ts';
import type { ComponentState, TrainingComponent } from './components/training-component.ts';

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
  /** The live policy's model (π), as the sampler plays it. */
  model: LmModel;
  /** The anchor's first weights: a fresh run's initial ones, the learner's as published. */
  anchor: Float32Array;
  /** The weights a refresh moves the magnet to: the learner's published ones, or e.g. their running average. */
  source: () => Float32Array | Promise<Float32Array>;
  eta: number;
  every: number;
  /** Each refresh keeps this share of the magnet's weights (0: the magnet jumps to the policy). */
  decay?: number;
  /** No refresh before this step (default 0): the initial magnet holds while the policy learns to read its cards. */
  start?: number;
}) {
  const { model, eta, every, decay = 0, start = 0 } = options;
  const magnet = createModel({ kernels: model.kernels, config: model.config, params: options.anchor });
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
    async afterStep(step: number): Promise<boolean> {
      if (every === 0 || step < start || step % every !== 0) return false;
      const anchor = magnet.params();
      const target = await options.source();
      for (let i = 0; i < anchor.length; i++) anchor[i] = decay * anchor[i]! + (1 - decay) * target[i]!;
      return true;
    },
    /** Continues from a saved anchor. */
    restore: (anchor: Float32Array): void => magnet.params().set(anchor),
  };
}

export type MagnetRegularizer = ReturnType<typeof createMagnetRegularizer>;

const magnetDir = 'magnet';

/** The magnet as a run component: it refreshes after the steps it is due and checkpoints its anchor. */
export function magnetComponent(magnet: MagnetRegularizer): TrainingComponent {
  return {
    key: 'magnet',
    afterStep: async (step) => {
      await magnet.afterStep(step);
    },
    save: (): ComponentState => ({ fields: {}, weights: new Map([[magnetDir, magnet.anchor()]]) }),
    restore(saved) {
      const anchor = saved.weights.get(magnetDir);
      if (anchor) magnet.restore(anchor);
    },
  };
}
