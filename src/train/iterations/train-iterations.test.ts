import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stoppedAndResumed } from '../../testing/stopped-and-resumed.ts';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import type { RunEvent } from '../../spec/run-events.ts';
import { openRunStore } from '../../store/run-store.ts';
import { parseIterationConfig } from './iteration-config.ts';
import { trainIterations } from './train-iterations.ts';

const data = (path: string) => fileURLToPath(new URL(`../../../data/${path}`, import.meta.url));

/** A recipe config small enough for a test: a tiny model, a short warm-up, a few iterations of 4 samples. */
function tinyConfig(over: Record<string, unknown>) {
  return parseIterationConfig({
    iterations: 4,
    seed: 5,
    model: { preset: 'small', config: { layers: 1, width: 32, heads: 2, context: 64 } },
    samples: 4,
    maxTokens: 16,
    warmup: { steps: 20, lr: 0.01, batch: 8 },
    epochs: 2,
    optim: { lr: 0.003 },
    evaluation: { every: 2 },
    checkpointEvery: 2,
    ...over,
  });
}

const sppo = {
  recipe: 'sppo',
  curate: 'win-rates',
  preferences: data('preferences/intransitive-5.json'),
  loss: { kind: 'sppo', eta: 2 },
  magnet: { alpha: 0.05 },
  average: { decay: 0.5 },
};

describe('outer iterations (generate → score → train → snapshot)', () => {
  it('measures the duality gap every few iterations, records every response and checkpoints the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-iter-'));
    const store = openRunStore({ dir });
    store.init({ id: 'iter', kind: 'train', config: tinyConfig(sppo) });
    const events: RunEvent[] = [];
    const result = await trainIterations({ config: tinyConfig(sppo), store, onEvent: (e) => events.push(e) });
    expect(result.metric).toBe('preference/duality_gap');
    expect(result.curve.map((p) => p.iteration)).toEqual([0, 2, 4]);
    for (const p of result.curve) expect(p.value).toBeGreaterThanOrEqual(0);
    expect(
      events.filter((e) => e.type === 'iteration-end').map((e) => e.type === 'iteration-end' && e.iteration),
    ).toEqual([0, 1, 2, 3, 4]);
    // 2 prompts × 4 samples a iteration, as rows the export reads.
    expect(store.sampleCount()).toBe(4 * 2 * 4);
    const rows = [...store.iterateSamples({ fromStep: 4, toStep: 4 })];
    expect(rows.every((r) => r.game === 'sppo' && r.reward >= 0 && r.reward <= 1)).toBe(true);
    expect(store.latestCheckpoint()?.path).toBe(join('checkpoints', 'step-4'));
    expect(store.metrics(['preference/duality_gap']).map((m) => m.step)).toEqual([0, 2, 4]);
    store.close();
  });

  it('resumes from a checkpoint and ends exactly where an uninterrupted run ends', async () => {
    const spin = {
      recipe: 'spin',
      curate: 'data-vs-own',
      data: data('spin/tiny.json'),
      loss: { kind: 'dpo', beta: 0.1 },
      window: 2,
      magnet: { alpha: 0 },
      average: { decay: 0.5 },
    };
    const config = tinyConfig(spin);
    const root = await stoppedAndResumed({
      config,
      stopAfter: 2,
      prefix: 'selfplay-iter-resume-',
      train: (run) => trainIterations({ config, ...run }),
    });
    const kernels = createKernels({ heap: createHeap() });
    const final = async (name: string) =>
      (await loadModel(join(root, name, 'checkpoints', 'step-4'), { kernels })).model.params().slice();
    expect(await final('stopped')).toEqual(await final('straight'));
    const average = async (name: string) =>
      (await loadModel(join(root, name, 'checkpoints', 'step-4', 'average'), { kernels })).model.params().slice();
    expect(await average('stopped')).toEqual(await average('straight'));
  });

  it('SFT on a data file brings the model toward the data distribution', async () => {
    const config = tinyConfig({
      recipe: 'sft',
      curate: 'data',
      data: data('spin/tiny.json'),
      loss: { kind: 'reinforce', normalizer: 1 },
      warmup: { steps: 0, lr: 0.01, batch: 8 },
      iterations: 12,
      samples: 8,
      epochs: 2,
      optim: { lr: 0.01 },
      evaluation: { every: 12 },
    });
    const { curve } = await trainIterations({ config });
    expect(curve.map((p) => p.iteration)).toEqual([0, 12]);
    // From a random model (KL in the tens of nats) to within a few nats of the data.
    expect(curve[1]!.value).toBeLessThan(curve[0]!.value / 3);
  });
});

describe('iteration config', () => {
  it('refuses a loss that does not fit the curation, and a curation without its file, naming the key', () => {
    expect(() => tinyConfig({ ...sppo, loss: { kind: 'dpo', beta: 0.1 } })).toThrow(/does not fit[\s\S]*at loss\.kind/);
    const { preferences: _, ...noFile } = sppo;
    expect(() => tinyConfig(noFile)).toThrow(/need 'preferences'[\s\S]*at curate/);
    const data = { ...sppo, curate: 'data', data: 'tiny.json', loss: { kind: 'ppo-clip', clip: 0.2, normalizer: 1 } };
    expect(() => tinyConfig(data)).toThrow(/reinforce[\s\S]*at loss\.kind/);
  });
});
