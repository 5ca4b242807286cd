import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { resolveModelConfig } from './config.ts';
import { createHeap, createKernels } from './kernels/index.ts';
import { createModel } from './model.ts';
import { packSequences } from './pack-sequences.ts';
import { PAD_ID } from './tokenizer.ts';

describe('packSequences', () => {
  it('right-pads with PAD targets of weight zero', () => {
    const b = packSequences([
      { tokens: [1, 2, 3], weights: [0, 0.5] },
      { tokens: [4, 5], weights: [1] },
    ]);
    expect(b.batch).toBe(2);
    expect(Array.from(b.tokens)).toEqual([1, 2, 4, PAD_ID]);
    expect(Array.from(b.targets)).toEqual([2, 3, 5, PAD_ID]);
    expect(Array.from(b.weights!)).toEqual([0, 0.5, 1, 0]);
    expect(() => packSequences([{ tokens: [1, 2], weights: [] }])).toThrow(/1 predicted tokens/);
    expect(() => packSequences([{ tokens: [1, 2, 3], weights: [1, 1] }], 1)).toThrow(/pass a larger one/);
  });

  it('padding changes neither the loss nor the log-probs of the real tokens', () => {
    const config = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 8 });
    const model = createModel({
      kernels: createKernels({ heap: createHeap(), backend: 'simd' }),
      config,
      rng: createRng(1),
    });
    const seq = { tokens: [256, 104, 105, 257], weights: [0.2, -0.3, 0.5] };
    const alone = model.forward(packSequences([seq]));
    const padded = model.forward(packSequences([seq, { tokens: [256, 1], weights: [0] }], 7));
    expect(padded.loss).toBeCloseTo(alone.loss, 5);
    for (let i = 0; i < 3; i++) expect(padded.logprobs[i]).toBeCloseTo(alone.logprobs[i]!, 5);
  });
});
