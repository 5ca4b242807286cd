import { describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createRng } from '../util/rng.ts';
import { createWeightAverage } from './weight-average.ts';

describe('weight average', () => {
  it('folds the live weights in with a warm-up decay and tends to where they stay', () => {
    const model = createModel({
      kernels: createKernels({ heap: createHeap(), backend: 'js' }),
      config: resolveModelConfig({ layers: 1, width: 16, heads: 2 }),
      rng: createRng(1),
    });
    const start = model.params()[0]!;
    const average = createWeightAverage({ like: model, initial: model.params().slice(), decay: 0.99 });
    model.params()[0] = start + 1;
    average.update(model.params());
    // First update: decay (1 + 0) / (10 + 0) = 0.1, so 90% of the way to the live weight.
    expect(average.model.params()[0]).toBeCloseTo(start + 0.9, 5);
    for (let i = 0; i < 2000; i++) average.update(model.params());
    expect(average.model.params()[0]).toBeCloseTo(start + 1, 4);
    expect(average.updates()).toBe(2001);
    // Restored from saved weights and a count, it carries on from there.
    const again = createWeightAverage({
      like: model,
      initial: average.model.params().slice(),
      decay: 0.99,
      updates: 2001,
    });
    expect(again.model.params()).toEqual(average.model.params());
    expect(again.updates()).toBe(2001);
  });
});
