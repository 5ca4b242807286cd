import { z } from 'zod';
import { createModel, type LmModel } from '../lm/index.ts';
import type { Learner } from '../spec/learner.ts';
import { averageDirName } from '../store/resolve-checkpoint.ts';
import type { ComponentState, TrainingComponent } from './components/training-component.ts';

const savedFields = z.object({ averageUpdates: z.number().int().min(0).optional() });

/**
 * An exponential moving average of the live model's weights (Polyak averaging), the policy a run reports and saves
 * when `average.decay` > 0. In two-player zero-sum games the last iterate of gradient play circles the equilibrium
 * instead of settling on it; the average of the iterates sits near the centre of the circle (the argument for
 * averaging in GAN training, Yazıcı et al. 2019, and for the average policy of fictitious play and CFR). The decay
 * ramps up as (1 + t) / (10 + t) over the first updates so the average does not keep the random initial weights.
 */
export function createWeightAverage(options: {
  /** A model of the live one's config and kernels, whose weights the average starts from. */
  like: LmModel;
  /** The weights to start from (a fresh run: the learner's initial ones). */
  initial: Float32Array;
  decay: number;
  updates?: number;
}) {
  const { like, decay } = options;
  const average = createModel({ kernels: like.kernels, config: like.config, params: options.initial });
  let updates = options.updates ?? 0;
  return {
    model: average,
    /** Folds the live weights in (after each optimizer step). */
    update(live: Float32Array): void {
      const d = Math.min(decay, (1 + updates) / (10 + updates));
      updates++;
      const avg = average.params();
      for (let i = 0; i < avg.length; i++) avg[i] = d * avg[i]! + (1 - d) * live[i]!;
    },
    updates: () => updates,
    /** Continues from saved weights and update count. */
    restore(params: Float32Array, count: number): void {
      average.params().set(params);
      updates = count;
    },
  };
}

export type WeightAverage = ReturnType<typeof createWeightAverage>;

/** The average as a run component: it folds in the learner's published weights after every step, and checkpoints. */
export function weightAverageComponent(average: WeightAverage, learner: Learner): TrainingComponent {
  return {
    key: 'average',
    afterStep: async () => average.update((await learner.publish()).params()),
    save: (): ComponentState => ({
      fields: { averageUpdates: average.updates() },
      weights: new Map([[averageDirName, average.model.params().slice()]]),
    }),
    restore(saved) {
      const params = saved.weights.get(averageDirName);
      // A checkpoint without an average keeps the one just made from the restored weights.
      if (params) average.restore(params, savedFields.parse(saved.fields).averageUpdates ?? 0);
    },
  };
}
