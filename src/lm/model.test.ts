import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { type ModelConfigInput, resolveModelConfig } from './config.ts';
import { createHeap, createKernels, createReferenceKernels } from './kernels/index.ts';
import { createModel, ModelInputError, type TokenBatch } from './model.ts';

function tinyModel(overrides: ModelConfigInput = {}, seed = 1) {
  // initStd 0.3: large enough that every path carries signal the finite difference can see.
  const config = resolveModelConfig({
    layers: 2,
    width: 16,
    heads: 2,
    mlpHidden: 24,
    context: 8,
    initStd: 0.3,
    ...overrides,
  });
  return createModel({ kernels: createReferenceKernels(createHeap()), config, rng: createRng(seed) });
}

function randomBatch(seed: number, batch: number, length: number): TokenBatch {
  const rng = createRng(seed);
  const n = batch * length;
  return {
    batch,
    tokens: Int32Array.from({ length: n }, () => rng.int(259)),
    targets: Int32Array.from({ length: n }, () => rng.int(259)),
    // Signed weights, like per-token advantages in a policy-gradient loss.
    weights: Float32Array.from({ length: n }, () => (rng.next() - 0.3) / n),
  };
}

describe('transformer forward/backward', () => {
  for (const tieEmbeddings of [false, true]) {
    it(`matches finite differences along a random direction in every tensor (tied=${tieEmbeddings})`, () => {
      const model = tinyModel({ tieEmbeddings });
      const batch = randomBatch(2, 2, 5);
      model.zeroGrads();
      model.forwardBackward(batch);
      const grads = model.grads().slice();
      const rng = createRng(3);
      const h = 1e-3;
      for (const t of model.layout.tensors) {
        const dir = Float32Array.from({ length: t.size }, () => (rng.next() < 0.5 ? -1 : 1));
        let analytic = 0;
        for (let i = 0; i < t.size; i++) analytic += grads[t.offset + i]! * dir[i]!;
        const shifted = (sign: number) => {
          const p = model.params();
          for (let i = 0; i < t.size; i++) p[t.offset + i]! += sign * h * dir[i]!;
          const loss = model.forward(batch).loss;
          for (let i = 0; i < t.size; i++) p[t.offset + i]! -= sign * h * dir[i]!;
          return loss;
        };
        const numeric = (shifted(1) - shifted(-1)) / (2 * h);
        expect(Math.abs(numeric - analytic), `${t.name}: numeric ${numeric} vs analytic ${analytic}`).toBeLessThan(
          1e-3 + 1e-2 * Math.abs(analytic),
        );
      }
    });
  }

  it('reports per-token log-probs that are the log-softmax of the logits, whatever the weights', () => {
    const model = tinyModel();
    const batch = randomBatch(4, 2, 6);
    let expected: number[] = [];
    const { loss, logprobs } = model.forward(batch, (logits) => {
      expected = Array.from(batch.targets, (t, r) => {
        const row = logits.subarray(r * 259, (r + 1) * 259);
        const max = Math.max(...row);
        const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
        return row[t]! - lse;
      });
    });
    for (const [r, lp] of expected.entries()) expect(logprobs[r]).toBeCloseTo(lp, 4);
    const weighted = Array.from(logprobs).reduce((s, lp, r) => s - batch.weights![r]! * lp, 0);
    expect(loss).toBeCloseTo(weighted, 5);
    const unweighted = model.forward({ ...batch, weights: undefined });
    expect(unweighted.logprobs).toEqual(logprobs);
  });

  it('takes the weights from the forward pass it backpropagates when given `weigh` (as with those weights given)', () => {
    const model = tinyModel();
    const batch = randomBatch(6, 2, 5);
    const expected = model.forward(batch).logprobs;
    // A weight that depends on the current log-prob, like PPO's ratio.
    const weightOf = (lp: number, r: number) => (r % 3 === 0 ? 0 : Math.exp(lp) * (r % 2 ? 1 : -0.5));
    let seen: Float32Array | undefined;
    model.zeroGrads();
    const weighed = model.forwardBackward({ ...batch, weights: new Float32Array(10) }, (logprobs) => {
      seen = logprobs.slice();
      return Array.from(logprobs, weightOf);
    });
    const viaWeigh = model.grads().slice();
    let maxLogprobDiff = 0;
    for (let r = 0; r < 10; r++) maxLogprobDiff = Math.max(maxLogprobDiff, Math.abs(seen![r]! - expected[r]!));
    expect(maxLogprobDiff).toBe(0);

    model.zeroGrads();
    const given = model.forwardBackward({ ...batch, weights: Float32Array.from(expected, weightOf) });
    const viaWeights = model.grads();
    let maxGradDiff = 0;
    let norm = 0;
    for (let i = 0; i < viaWeights.length; i++) {
      maxGradDiff = Math.max(maxGradDiff, Math.abs(viaWeigh[i]! - viaWeights[i]!));
      norm += viaWeights[i]! ** 2;
    }
    expect(norm).toBeGreaterThan(0);
    expect(maxGradDiff).toBe(0);
    expect(weighed.loss).toBeCloseTo(given.loss, 5);
    expect(() => model.forwardBackward(batch, () => [1])).toThrow(ModelInputError);
  });

  it('fits choices by cross-entropy over their own tokens: renormalised log-probs, exact gradient', () => {
    const model = tinyModel();
    const zero = { ...randomBatch(8, 2, 5), weights: new Float32Array(10) };
    const choices = [
      { row: 4, ids: [3, 7, 11], target: [0.2, 0.5, 0.3], weight: 0.7 },
      { row: 6, ids: [40, 41], target: [1, 0], weight: 0.3 },
    ];
    const batch = { ...zero, choices };
    let expected: number[][] = [];
    const { loss, choiceLogprobs } = model.forward(batch, (logits) => {
      expected = choices.map((c) => {
        const z = c.ids.map((id) => logits[c.row * 259 + id]!);
        const lse = Math.log(z.reduce((s, x) => s + Math.exp(x), 0));
        return z.map((x) => x - lse);
      });
    });
    choices.forEach((c, i) => c.ids.forEach((_, j) => expect(choiceLogprobs[i]![j]).toBeCloseTo(expected[i]![j]!, 5)));
    const ce = choices.reduce((s, c, i) => s - c.weight * c.target.reduce((t, p, j) => t + p * expected[i]![j]!, 0), 0);
    expect(loss).toBeCloseTo(ce, 5);

    model.zeroGrads();
    model.forwardBackward(batch);
    const grads = model.grads().slice();
    const rng = createRng(9);
    const h = 1e-3;
    const dir = Float32Array.from({ length: grads.length }, () => (rng.next() < 0.5 ? -1 : 1));
    const analytic = grads.reduce((s, g, i) => s + g * dir[i]!, 0);
    const shifted = (sign: number) => {
      const p = model.params();
      for (let i = 0; i < p.length; i++) p[i]! += sign * h * dir[i]!;
      const l = model.forward(batch).loss;
      for (let i = 0; i < p.length; i++) p[i]! -= sign * h * dir[i]!;
      return l;
    };
    const numeric = (shifted(1) - shifted(-1)) / (2 * h);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-4);
    expect(Math.abs(numeric - analytic)).toBeLessThan(1e-3 + 1e-2 * Math.abs(analytic));
    expect(() => model.forward({ ...zero, choices: [{ row: 10, ids: [1], target: [1], weight: 1 }] })).toThrow(
      ModelInputError,
    );
    expect(() => model.forward({ ...zero, choices: [{ row: 0, ids: [1, 1], target: [0.5, 0.5], weight: 1 }] })).toThrow(
      /ids repeat/,
    );
  });

  it('with choicesOnly, computes logits at the choice rows alone and gets the same loss and gradients', () => {
    const model = tinyModel();
    const zero = { ...randomBatch(8, 2, 5), weights: new Float32Array(10) };
    // Two choices share row 4: their gradients add.
    const choices = [
      { row: 4, ids: [3, 7, 11], target: [0.2, 0.5, 0.3], weight: 0.7 },
      { row: 9, ids: [40, 41], target: [1, 0], weight: 0.3 },
      { row: 4, ids: [7, 9], target: [0.4, 0.6], weight: 0.5 },
    ];
    const gradsOf = (batch: TokenBatch) => {
      model.zeroGrads();
      const result = model.forwardBackward(batch);
      return { result, grads: model.grads().slice() };
    };
    const full = gradsOf({ ...zero, choices });
    const rows = gradsOf({ ...zero, choices, choicesOnly: true });
    expect(rows.result.logprobs).toHaveLength(0);
    expect(rows.result.loss).toBeCloseTo(full.result.loss, 6);
    rows.result.choiceLogprobs.forEach((lp, i) =>
      lp.forEach((x, j) => expect(x).toBeCloseTo(full.result.choiceLogprobs[i]![j]!, 6)),
    );
    let maxDiff = 0;
    let maxGrad = 0;
    full.grads.forEach((g, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(g - rows.grads[i]!));
      maxGrad = Math.max(maxGrad, Math.abs(g));
    });
    expect(maxGrad).toBeGreaterThan(1e-3);
    expect(maxDiff).toBeLessThan(1e-5 * maxGrad);
    expect(() => model.forwardBackward({ ...zero, choices, choicesOnly: true }, () => new Float32Array(10))).toThrow(
      /weigh/,
    );
  });

  it('is causal and keeps the sequences of a batch apart', () => {
    const model = tinyModel();
    const batch = randomBatch(5, 2, 6);
    const before = model.forward(batch).logprobs;
    const tokens = batch.tokens.slice();
    tokens[4] = (tokens[4]! + 1) % 259; // sequence 0, position 4
    const after = model.forward({ ...batch, tokens }).logprobs;
    expect(Array.from(after.subarray(0, 4))).toEqual(Array.from(before.subarray(0, 4)));
    expect(after[4]).not.toBe(before[4]);
    expect(Array.from(after.subarray(6))).toEqual(Array.from(before.subarray(6)));
  });

  it('computes the same loss, log-probs and gradients on the wasm kernels as on the JS reference', () => {
    const config = resolveModelConfig({ layers: 2, width: 16, heads: 2, mlpHidden: 24, context: 8, initStd: 0.3 });
    const batch = randomBatch(7, 3, 8);
    const run = (backend: 'js' | 'simd') => {
      const model = createModel({ kernels: createKernels({ heap: createHeap(), backend }), config, rng: createRng(1) });
      const { loss, logprobs } = model.forwardBackward(batch);
      return { loss, logprobs, grads: model.grads().slice() };
    };
    const js = run('js');
    const wasm = run('simd');
    expect(wasm.loss).toBeCloseTo(js.loss, 5);
    let worst = 0;
    for (let i = 0; i < js.grads.length; i++) worst = Math.max(worst, Math.abs(js.grads[i]! - wasm.grads[i]!));
    expect(worst).toBeLessThan(1e-5);
    for (let r = 0; r < js.logprobs.length; r++) expect(wasm.logprobs[r]).toBeCloseTo(js.logprobs[r]!, 4);
  });

  it('rejects inputs that do not fit the model, saying what to change', () => {
    const model = tinyModel();
    const ok = randomBatch(6, 1, 8);
    expect(() => model.forward({ ...ok, batch: 3 })).toThrow(ModelInputError);
    expect(() => model.forward(randomBatch(6, 1, 9))).toThrow(/exceeds the model's context 8/);
    expect(() => model.forward({ ...ok, tokens: ok.tokens.map(() => 300) })).toThrow(/outside the vocabulary/);
    expect(() => model.forward({ ...ok, targets: ok.targets.subarray(1) })).toThrow(/must match tokens/);
  });
});
