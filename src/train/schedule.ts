/** How a rate moves from its start value to `start × finalRatio` over a run's steps. */
export type DecayShape = 'constant' | 'linear' | 'cosine';

/**
 * The value of a scheduled rate at `step` (1-based) of `steps`: linear warm-up over `warmupSteps`, then `shape`
 * from `start` down to `start × finalRatio` at the last step. Schedules follow steps, not wall time, so a seeded
 * run is reproducible whatever the machine's speed (a `minutes` limit just cuts it short).
 */
export function scheduledValue(options: {
  start: number;
  step: number;
  steps: number;
  shape: DecayShape;
  finalRatio: number;
  warmupSteps?: number;
}): number {
  const { start, step, steps, shape, finalRatio } = options;
  const warmup = options.warmupSteps ?? 0;
  if (step <= warmup) return (start * step) / Math.max(1, warmup);
  if (shape === 'constant') return start;
  const progress = Math.min(1, Math.max(0, (step - warmup) / Math.max(1, steps - warmup)));
  const fall = shape === 'linear' ? progress : (1 - Math.cos(Math.PI * progress)) / 2;
  return start * (1 - (1 - finalRatio) * fall);
}
