import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../spec/rng.ts';
import { createRng } from '../util/rng.ts';
import { createOptimizer, type Optimizer } from './adamw.ts';
import { resolveModelConfig } from './config.ts';
import { createHeap, createKernels } from './kernels/index.ts';
import { createModel, type LmModel } from './model.ts';
import { loadModel, saveModel } from './model-checkpoint.ts';

const config = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 8 });
const kernels = () => createKernels({ heap: createHeap(), backend: 'simd' });

function steps(model: LmModel, optimizer: Optimizer, rng: Rng, n: number): void {
  for (let s = 0; s < n; s++) {
    const tokens = Int32Array.from({ length: 16 }, () => rng.int(256));
    model.zeroGrads();
    model.forwardBackward({ batch: 2, tokens, targets: tokens.map((t) => (t + 1) % 256) });
    optimizer.step();
  }
}

describe('model checkpoints', () => {
  it('resume training exactly: save after 3 steps, load, 3 more steps = 6 uninterrupted steps', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lm-resume-'));
    try {
      const k = kernels();
      const model = createModel({ kernels: k, config, rng: createRng(1) });
      const optimizer = createOptimizer({ model });
      const rng = createRng(2);
      steps(model, optimizer, rng, 3);
      await saveModel(dir, { model, optimizer, rng });
      steps(model, optimizer, rng, 3);

      const loaded = await loadModel(dir, { kernels: kernels() });
      expect(loaded.optimizer!.state.step).toBe(3);
      steps(loaded.model, loaded.optimizer!, loaded.rng!, 3);
      expect(loaded.optimizer!.state.step).toBe(6);
      expect(loaded.model.params()).toEqual(model.params());
      expect(loaded.optimizer!.moments().m).toEqual(optimizer.moments().m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
