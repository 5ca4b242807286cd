import { describe, expect, it } from 'vitest';
import { createModel, createOptimizer, EOS_ID, encode, encodeWithBos, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import type { PairLossSpec, PreferencePair, SequenceLossSpec } from '../spec/learner.ts';
import { createRng } from '../util/rng.ts';
import { createInProcessLearner } from './in-process-learner.ts';
import { referencePairs, referenceSequences } from './reference-logprobs.ts';
import { pairTerm, ratedTerm } from './sequence-loss.ts';

const config = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 32, initStd: 0.2 });
const newModel = (seed: number) =>
  createModel({ kernels: createKernels({ heap: createHeap() }), config, rng: createRng(seed) });
const model = newModel(2);
const learner = createInProcessLearner({ model, optimizer: createOptimizer({ model, config: {} }), microBatch: 3 });
const reference = newModel(3);
const start = model.params().slice();

const answer = (text: string) => [...encode(text), EOS_ID];
const kings = encodeWithBos('P0 card K\n');
const jacks = encodeWithBos('P1 card J\n');
const pairs = referencePairs({
  reference,
  items: [
    { promptTokens: kings, chosenTokens: answer('[bet]'), rejectedTokens: answer('[check]') },
    { promptTokens: kings, chosenTokens: answer('[bet]'), rejectedTokens: answer('[fold]') },
    { promptTokens: jacks, chosenTokens: answer('[fold]'), rejectedTokens: answer('[call]') },
    { promptTokens: jacks, chosenTokens: answer('[call]'), rejectedTokens: answer('[raise]') },
  ],
});
const rated = referenceSequences({
  reference,
  items: [
    { promptTokens: kings, completionTokens: answer('[bet]'), winRate: 0.9 },
    { promptTokens: kings, completionTokens: answer('[check]'), winRate: 0.4 },
    { promptTokens: jacks, completionTokens: answer('[fold]'), winRate: 0.2 },
  ],
});

describe('sequence-level losses', () => {
  const pair: PreferencePair = {
    promptTokens: kings,
    chosenTokens: answer('[bet]'),
    rejectedTokens: answer('[fold]'),
    chosenRefLogprob: -10,
    rejectedRefLogprob: -12,
  };
  const at = (loss: PairLossSpec, chosen: number, rejected: number) =>
    pairTerm({ loss, pair, chosen, rejected, pairs: 1 });

  it('states each loss at known points: DPO at h = 0, the hinge past its margin, IPO and SPPO on target', () => {
    expect(at({ kind: 'dpo', beta: 0.1 }, -10, -12).loss).toBeCloseTo(Math.log(2), 12);
    // From here h = (−9 + 10) − (−13 + 12) = 2.
    expect(at({ kind: 'dpo', beta: 0.1 }, -9, -13)).toMatchObject({ margin: 2 });
    expect(at({ kind: 'dpo-hinge', beta: 0.6 }, -9, -13)).toMatchObject({
      loss: 0,
      chosenWeight: 0,
      rejectedWeight: 0,
    });
    expect(at({ kind: 'dpo-hinge', beta: 0.25 }, -9, -13).loss).toBeCloseTo(0.5, 12);
    expect(at({ kind: 'ipo', tau: 0.25 }, -9, -13)).toMatchObject({ loss: 0, chosenWeight: 0 });
    // RPO's NLL is the chosen's token mean: 0.5 · 9 / 6 tokens, added to the hinge's 0.
    const rpo = at({ kind: 'dpo-hinge', beta: 0.6, chosenNll: 0.5 }, -9, -13);
    expect(rpo.loss).toBeCloseTo((0.5 * 9) / pair.chosenTokens.length, 12);
    expect(rpo.chosenWeight).toBeCloseTo(0.5 / pair.chosenTokens.length, 12);
    // A large |βh| neither overflows nor loses the gradient's sign.
    const far = at({ kind: 'dpo', beta: 1 }, -1000, 0);
    expect(far.loss).toBeCloseTo(1002, 9);
    expect(far.chosenWeight).toBeCloseTo(1, 12);
    const sequence = { ...rated[0]!, refLogprob: -5, winRate: 0.75 };
    // η·(P̂ − ½) = 0.5: the target log-ratio.
    expect(ratedTerm({ loss: { kind: 'sppo', eta: 2 }, sequence, current: -4.5, sequences: 1 }).loss).toBe(0);
  });

  const cases: [string, () => Promise<{ loss: number }>][] = [
    ['dpo', () => learner.forwardBackwardPairs(pairs, { kind: 'dpo', beta: 0.5 })],
    ['dpo-hinge', () => learner.forwardBackwardPairs(pairs, { kind: 'dpo-hinge', beta: 0.5 })],
    ['ipo', () => learner.forwardBackwardPairs(pairs, { kind: 'ipo', tau: 0.5 })],
    ['rpo', () => learner.forwardBackwardPairs(pairs, { kind: 'dpo', beta: 0.5, chosenNll: 0.3 })],
    ['sppo', () => learner.forwardBackwardSequences(rated, { kind: 'sppo', eta: 2 } satisfies SequenceLossSpec)],
  ];

  it('reads reference log-probs that agree with the learner: at the reference, h = 0 and DPO is log 2', async () => {
    model.params().set(reference.params());
    const result = await learner.forwardBackwardPairs(pairs, { kind: 'dpo', beta: 0.1 });
    const sppo = await learner.forwardBackwardSequences(rated, { kind: 'sppo', eta: 1 });
    model.params().set(start);
    model.zeroGrads();
    expect(Math.abs(result.margin)).toBeLessThan(1e-5);
    expect(result.loss).toBeCloseTo(Math.log(2), 5);
    expect(Math.abs(sppo.logRatio)).toBeLessThan(1e-5);
    const tokens = pairs.reduce((n, p) => n + p.chosenTokens.length + p.rejectedTokens.length, 0);
    expect(result).toMatchObject({ pairs: 4, tokens });
  });

  // ε = 1e-2 along unit directions: float32 forward noise is ~1e-6 of the loss, so a smaller ε drowns the difference
  // in it (relative errors 2e-3 at ε = 1e-3), while the truncation error is ~1e-4 here.
  it.each(cases)('%s: the gradient matches finite differences of the loss along several directions', async (_, run) => {
    model.params().set(start);
    model.zeroGrads();
    await run();
    const gradient = Float64Array.from(model.grads());
    model.zeroGrads();
    const rng = createRng(7);
    for (let k = 0; k < 4; k++) {
      const d = unit(gradient.map(() => 2 * rng.next() - 1));
      const expected = dot(gradient, d);
      // A direction nearly orthogonal to the gradient would test nothing; these (seeded) are not.
      expect(Math.abs(expected)).toBeGreaterThan(1e-4 * Math.sqrt(dot(gradient, gradient)));
      const difference = await centralDifference(d, 1e-2, run);
      expect(Math.abs(difference - expected)).toBeLessThan(5e-3 * Math.abs(expected));
    }
    model.params().set(start);
  });
});

/** (L(θ + εd) − L(θ − εd)) / 2ε at the start weights, leaving them and the gradient as they were. */
async function centralDifference(d: Float64Array, eps: number, run: () => Promise<{ loss: number }>) {
  const losses: number[] = [];
  for (const sign of [1, -1]) {
    model.params().set(start.map((p, i) => p + sign * eps * d[i]!));
    losses.push((await run()).loss);
    model.zeroGrads();
  }
  model.params().set(start);
  return (losses[0]! - losses[1]!) / (2 * eps);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function unit(x: Float64Array): Float64Array {
  const n = Math.sqrt(dot(x, x));
  return x.map((v) => v / n);
}
