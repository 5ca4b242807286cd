import { describe, expect, it } from 'vitest';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createModel, createOptimizer, packSequences, resolveModelConfig, scoreCompletions } from '../lm/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../rollout/lm-policy.ts';
import { createRng } from '../util/rng.ts';
import { createMagnetRegularizer } from './magnet.ts';

describe('magnet regulariser', () => {
  it('penalises moves the policy now favours over the magnet, then moves the magnet to the policy', async () => {
    const kernels = createKernels({ heap: createHeap(), backend: 'js' });
    const model = createModel({
      kernels,
      config: resolveModelConfig({ layers: 1, width: 16, heads: 2 }),
      rng: createRng(3),
    });
    const magnet = createMagnetRegularizer({
      model,
      anchor: model.params().slice(),
      source: () => model.params(),
      eta: 0.5,
      every: 2,
    });
    const prompt = lmPromptTokens('choose');
    const bet = lmCompletionTokens('[bet]');
    const legal = ['[check]', '[bet]'];
    const sample = {
      promptTokens: prompt,
      completionTokens: bet,
      samplingLogprobs: bet.map(() => 0),
      advantage: 1,
      legal,
    };
    // Same weights as the magnet: no shaping.
    expect(magnet.shape([sample]).samples[0]!.advantage).toBeCloseTo(1, 6);
    // Teach the policy to prefer [bet]; the magnet stays behind, so choosing [bet] is now penalised.
    const optimizer = createOptimizer({ model, config: { lr: 0.05, weightDecay: 0 } });
    const tokens = [...prompt, ...bet];
    for (let i = 0; i < 20; i++) {
      model.forwardBackward(
        packSequences([{ tokens, weights: tokens.slice(1).map((_, j) => (j >= prompt.length - 1 ? 1 : 0)) }]),
      );
      optimizer.step();
      model.zeroGrads();
    }
    const { samples, meanKl } = magnet.shape([sample]);
    expect(meanKl).toBeGreaterThan(0.05);
    expect(samples[0]!.advantage).toBeCloseTo(1 - 0.5 * meanKl, 6);
    expect(await magnet.afterStep(1)).toBe(false);
    expect(await magnet.afterStep(2)).toBe(true);
    expect(magnet.shape([sample]).samples[0]!.advantage).toBeCloseTo(1, 6);
    // Sanity: the policy really moved toward [bet].
    const [score] = scoreCompletions({ model, items: [{ prompt, completion: bet, allowed: legal }] });
    expect(Math.exp(score!.logprob)).toBeGreaterThan(0.6);
  });

  it('waits for its start step, then with a decay moves the magnet part of the way to the policy', async () => {
    const kernels = createKernels({ heap: createHeap(), backend: 'js' });
    const config = resolveModelConfig({ layers: 1, width: 16, heads: 2 });
    const model = createModel({ kernels, config, rng: createRng(3) });
    const start = model.params().slice();
    const magnet = createMagnetRegularizer({
      model,
      anchor: start,
      source: () => model.params(),
      eta: 0.5,
      every: 1,
      decay: 0.75,
      start: 2,
    });
    const next = createModel({ kernels, config, rng: createRng(4) }).params();
    model.params().set(next);
    expect(await magnet.afterStep(1)).toBe(false);
    expect(magnet.anchor().every((v, i) => v === start[i])).toBe(true);
    expect(await magnet.afterStep(2)).toBe(true);
    const anchor = magnet.anchor();
    let maxDiff = 0;
    for (let i = 0; i < anchor.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(anchor[i]! - (0.75 * start[i]! + 0.25 * next[i]!)));
    expect(maxDiff).toBeLessThan(1e-6);
  });
});
