import { describe, expect, it } from 'vitest';
import type { Rng } from '../spec/rng.ts';
import { createRng } from '../util/rng.ts';
import { createOptimizer } from './adamw.ts';
import { resolveModelConfig } from './config.ts';
import { createHeap, createKernels } from './kernels/index.ts';
import { createModel, type TokenBatch } from './model.ts';
import { BOS_ID, encode } from './tokenizer.ts';

// A tiny synthetic language: BOS, K random letters from a–h, '|', the same letters again. The first half is
// noise (≈ log 8 nats per letter); the copy is fully predictable only by attending back across the '|'.
const K = 4;
const T = 2 * K + 1;
const BAR = encode('|')[0]!;

function copyBatch(rng: Rng, batch: number): TokenBatch {
  const n = batch * T;
  const tokens = new Int32Array(n);
  const targets = new Int32Array(n);
  const weights = new Float32Array(n);
  for (let b = 0; b < batch; b++) {
    const word = Array.from({ length: K }, () => 97 + rng.int(8));
    const seq = [BOS_ID, ...word, BAR, ...word];
    for (let t = 0; t < T; t++) {
      tokens[b * T + t] = seq[t]!;
      targets[b * T + t] = seq[t + 1]!;
      // Score only the copied letters (targets after the bar).
      weights[b * T + t] = t > K ? 1 / (batch * K) : 0;
    }
  }
  return { batch, tokens, targets, weights };
}

function train(seed: number, steps: number) {
  const config = resolveModelConfig({ layers: 2, width: 32, heads: 2, context: T });
  const kernels = createKernels({ heap: createHeap(), backend: 'simd' });
  const model = createModel({ kernels, config, rng: createRng(seed) });
  const optimizer = createOptimizer({ model, config: { lr: 3e-3 } });
  const data = createRng(1000 + seed);
  for (let s = 0; s < steps; s++) {
    model.zeroGrads();
    model.forwardBackward(copyBatch(data, 16));
    optimizer.step();
  }
  return { model, optimizer };
}

describe('training', () => {
  it('learns to copy: loss on the copied half falls from above log 8 to near zero', () => {
    const heldOut = copyBatch(createRng(99), 64);
    expect(train(1, 0).model.forward(heldOut).loss).toBeGreaterThan(Math.log(8));
    const { model } = train(1, 200);
    const { loss, logprobs } = model.forward(heldOut);
    expect(loss).toBeLessThan(0.1);
    // Greedy check: every copied letter is the model's most likely token with p > 0.5.
    for (let r = 0; r < logprobs.length; r++)
      if (heldOut.weights![r]! > 0) expect(logprobs[r]).toBeGreaterThan(Math.log(0.5));
  });

  it('is deterministic: the same seed gives bit-identical weights and moments after N steps', () => {
    const a = train(7, 15);
    const b = train(7, 15);
    const c = train(8, 15);
    expect(a.optimizer.state.step).toBe(15);
    expect(Buffer.from(a.model.params().slice().buffer).equals(Buffer.from(b.model.params().slice().buffer))).toBe(
      true,
    );
    expect(a.optimizer.moments().v).toEqual(b.optimizer.moments().v);
    expect(a.model.params()).not.toEqual(c.model.params());
  });
});
