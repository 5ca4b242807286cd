import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { openRunStore } from '../store/run-store.ts';
import { parseTrainConfig } from './train-config.ts';
import { expectServedGreedyMoves } from './__fixtures__/served-greedy-moves.ts';
import { train } from './trainer.ts';

/** The small model fitted full width on Kuhn for a few steps, with or without the move-text terms. */
async function trainBriefly(moveText: number) {
  const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-move-text-')) });
  const config = parseTrainConfig({
    steps: 60,
    seed: 3,
    model: { preset: 'small' },
    rollout: { mode: 'full-width', format: 'compact' },
    fullWidth: { batch: 12, epochs: 2 },
    optim: { lr: 0.003, beta1: 0 },
    loss: { moveText },
    evaluation: { every: 60, vsRandomGames: 0, freeDecodingGames: 20 },
  });
  const result = await train({ config, store });
  const { model } = await loadModel(join(store.dir, result.checkpoint!), {
    kernels: createKernels({ heap: createHeap() }),
  });
  store.close();
  return { model, last: result.evaluations.at(-1)! };
}

describe('move text (loss.moveText)', () => {
  it('makes a trained checkpoint write its moves freely, and serves the in-process policy under guided decoding', async () => {
    const plain = await trainBriefly(0);
    const taught = await trainBriefly(0.3);
    // Without the terms the model only chooses among constrained moves: written freely, its moves are noise.
    expect(plain.last.freeDecoding!.greedy).toBeGreaterThan(0.5);
    expect(taught.last.freeDecoding!.greedy).toBeLessThan(0.25);
    expect(taught.last.freeDecoding!.sampled).toBeLessThan(plain.last.freeDecoding!.sampled);

    // Served with guided decoding, the checkpoint's greedy move at every information set is the in-process one.
    await expectServedGreedyMoves(taught.model, 'decoding=guided&');
  }, 60_000);
});
