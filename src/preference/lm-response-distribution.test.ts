import { describe, expect, it } from 'vitest';
import { createModel, generate, type LmModel, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { lmPromptTokens } from '../rollout/lm-policy.ts';
import { createRng } from '../util/rng.ts';
import { lmResponseDistribution, lmResponseDistributions } from './lm-response-distribution.ts';
import { measureSpinDivergence } from './measure-spin-divergence.ts';
import { spinDivergence } from './spin-divergence.ts';

function tinyModel(seed: number): LmModel {
  return createModel({
    kernels: createKernels({ heap: createHeap() }),
    config: resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 64, initStd: 0.3 }),
    rng: createRng(seed),
  });
}

const prompt = 'Name a colour.';
// Shared prefixes ("gre…"), so the constraint renormalises inside a response too, not only at its first token.
const responses = ['red', 'green', 'grey', 'blue', 'none'];

describe('lmResponseDistribution', () => {
  it('constrained: all the mass on the listed responses, matching token-by-token constrained sampling', () => {
    const model = tinyModel(3);
    const d = lmResponseDistribution({ model, prompt, responses, decoding: 'constrained' });
    expect(d.other).toBe(0);
    expect(d.probabilities.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 12);
    // Batches of 9 identical prompts over 5 strings decode token by token through the KV cache (generate scores
    // whole strings only when a batch repeats its strings at least twice), an independent path to the same law.
    const counts = new Array<number>(responses.length).fill(0);
    const rng = createRng(8);
    const batches = 300;
    for (let b = 0; b < batches; b++) {
      const gens = generate({
        model,
        prompts: new Array(9).fill(lmPromptTokens(prompt)),
        allowed: new Array(9).fill(responses),
        rng,
      });
      for (const g of gens) counts[responses.indexOf(g.text)]!++;
    }
    const n = batches * 9;
    d.probabilities.forEach((p, i) => {
      const sd = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(counts[i]! / n - p)).toBeLessThan(4.5 * sd + 1e-3);
    });
  });

  it('free: the listed responses keep what free decoding gives them, the rest is "other"', () => {
    const model = tinyModel(3);
    const free = lmResponseDistribution({ model, prompt, responses, decoding: 'free' });
    const constrained = lmResponseDistribution({ model, prompt, responses, decoding: 'constrained' });
    const listed = free.probabilities.reduce((a, p) => a + p, 0);
    expect(listed).toBeGreaterThan(0);
    expect(free.other).toBeCloseTo(1 - listed, 15);
    expect(free.other).toBeGreaterThan(0.99); // an untrained model writes these words by chance only
    // The constraint renormalises per token, not per string, so it is not free decoding renormalised at the end.
    const renormalised = free.probabilities.map((p) => p / listed);
    expect(Math.max(...renormalised.map((p, i) => Math.abs(p - constrained.probabilities[i]!)))).toBeGreaterThan(1e-3);
    // Greedy constrained decoding: one response takes everything.
    const greedy = lmResponseDistribution({
      model,
      prompt,
      responses,
      decoding: 'constrained',
      sampling: { temperature: 0, topP: 1 },
    });
    expect([...greedy.probabilities].sort()).toEqual([0, 0, 0, 0, 1]);
  });

  it('scores many prompts in one batch exactly as one at a time, and measures SPIN divergence from them', () => {
    const model = tinyModel(5);
    const prompts = [
      { prompt, responses },
      { prompt: 'Greet me.', responses: ['hello', 'hi'] },
    ];
    for (const decoding of ['constrained', 'free'] as const) {
      const batched = lmResponseDistributions({ model, prompts, decoding });
      prompts.forEach((p, i) => {
        const alone = lmResponseDistribution({ model, ...p, decoding });
        alone.probabilities.forEach((q, k) => expect(batched[i]!.probabilities[k]).toBeCloseTo(q, 12));
      });
    }
    const data = { prompts: [{ prompt: 'Greet me.', responses: ['hello', 'hi'], probabilities: [0.75, 0.25] }] };
    const report = measureSpinDivergence({ model, data, decoding: 'constrained' });
    const d = lmResponseDistribution({ model, ...prompts[1]!, decoding: 'constrained' });
    expect(report.prompts[0]!.kl).toBeCloseTo(spinDivergence(data.prompts[0]!, d).kl, 12);
    expect(report.meanTotalVariation).toBeCloseTo(Math.abs(0.75 - d.probabilities[0]!), 12);
  });
});
