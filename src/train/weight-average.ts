import { createModel, type LmModel } from '../lm/index.ts';

/**
 * An exponential moving average of the live model's weights (Polyak averaging), the policy a run reports and saves
 * when `average.decay` > 0. In two-player zero-sum games the last iterate of gradient play circles the equilibrium
 * instead of settling on it; the average of the iterates sits near the centre of the circle (the argument for
 * averaging in GAN training, Yazıcı et al. 2019, and for the average policy of fictitious play and CFR). The decay
 * ramps up as (1 + t) / (10 + t) over the first updates so the average does not keep the random initial weights.
 */
export function createWeightAverage(options: {
  model: LmModel;
  decay: number;
  params?: Float32Array;
  updates?: number;
}) {
  const { model, decay } = options;
  const average = createModel({
    kernels: model.kernels,
    config: model.config,
    params: options.params ?? model.params().slice(),
  });
  let updates = options.updates ?? 0;
  return {
    model: average,
    /** Folds the live weights in (after each optimizer step). */
    update(): void {
      const d = Math.min(decay, (1 + updates) / (10 + updates));
      updates++;
      const avg = average.params();
      const live = model.params();
      for (let i = 0; i < avg.length; i++) avg[i] = d * avg[i]! + (1 - d) * live[i]!;
    },
    updates: () => updates,
  };
}
