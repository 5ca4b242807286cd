import { describe, expect, it } from 'vitest';
import { createModel, createOptimizer, encode, encodeWithBos, EOS_ID, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import type { LossSpec, TrainingSample } from '../spec/learner.ts';
import { createRng } from '../util/rng.ts';
import { createInProcessLearner } from './in-process-learner.ts';

const config = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 32, initStd: 0.2 });
const model = createModel({ kernels: createKernels({ heap: createHeap() }), config, rng: createRng(2) });
const learner = createInProcessLearner({ model, optimizer: createOptimizer({ model, config: {} }) });
const loss: LossSpec = { kind: 'ppo-clip', clip: 0.2, normalizer: 1, dualClip: 3 };

const sample = (prompt: string, answer: string, advantage: number, samplingLogprob: number): TrainingSample => {
  const completionTokens = [...encode(answer), EOS_ID];
  return {
    promptTokens: encodeWithBos(prompt),
    completionTokens,
    // Off-policy enough that some tokens clip: each sample's own ratio must decide its weight.
    samplingLogprobs: completionTokens.map(() => samplingLogprob),
    advantage,
  };
};

function gradientOf(samples: readonly TrainingSample[]) {
  model.zeroGrads();
  return learner.forwardBackward(samples, loss).then((result) => ({ result, grads: model.grads().slice() }));
}

describe('in-process learner', () => {
  it('gives samples that share their tokens the gradient each would get alone (they share one pass)', async () => {
    const samples = [
      sample('P0 card K\n', '[bet]', 1.5, -0.5),
      sample('P0 card K\n', '[bet]', -0.7, -3),
      sample('P1 card J\n', '[fold]', 0.4, -1),
      sample('P0 card K\n', '[bet]', 0.2, -8),
    ];
    const together = await gradientOf(samples);
    const sum = new Float64Array(together.grads.length);
    let loss = 0;
    let tokens = 0;
    for (const s of samples) {
      const alone = await gradientOf([s]);
      // Alone, a sample is averaged over a batch of 1; together, over the 4.
      alone.grads.forEach((g, i) => {
        sum[i]! += g / samples.length;
      });
      loss += alone.result.loss / samples.length;
      tokens += alone.result.tokens;
    }
    let maxDiff = 0;
    let maxAbs = 0;
    sum.forEach((g, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(g - together.grads[i]!));
      maxAbs = Math.max(maxAbs, Math.abs(g));
    });
    expect(maxAbs).toBeGreaterThan(1e-3);
    expect(maxDiff).toBeLessThan(1e-5 * maxAbs + 1e-7);
    expect(together.result.loss).toBeCloseTo(loss, 5);
    expect(together.result.tokens).toBe(tokens);
    expect(together.result.samples).toBe(4);
  });
});
