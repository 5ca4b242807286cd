import { scheduledValue } from '../schedule.ts';
import type { TrainConfig } from '../train-config.ts';

/** A step's regularisation weight η and learning rate, on their schedules over the run's steps. */
export function stepRates(config: TrainConfig, step: number): { eta: number; lr: number } {
  const progress = { step, steps: config.steps };
  const { regularization, lrSchedule } = config;
  const eta = scheduledValue({
    ...progress,
    start: regularization.eta,
    shape: regularization.etaDecay,
    finalRatio: regularization.etaFinalRatio,
  });
  const lr = scheduledValue({
    ...progress,
    start: config.optim.lr,
    shape: lrSchedule.decay,
    finalRatio: lrSchedule.finalRatio,
    warmupSteps: lrSchedule.warmupSteps,
  });
  return { eta, lr };
}
