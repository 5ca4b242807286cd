import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBenchmark } from '../../executors/generate-tasks.ts';
import { loadModel, resolveModelConfig } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { openRunStore } from '../../store/run-store.ts';
import { learningRate, type PretrainConfig, pretrainOptim, pretrainPrograms } from './pretrain-programs.ts';

const tiny = resolveModelConfig({ layers: 1, width: 32, heads: 2, context: 256 });
const benchmark = generateBenchmark();

function config(overrides: Partial<PretrainConfig> = {}): PretrainConfig {
  return {
    kind: 'pretrain',
    recipe: 'pretrain',
    corpus: 'programs',
    seed: 1,
    steps: 40,
    batch: 16,
    schedule: 'constant',
    warmupSteps: 0,
    minLrRatio: 0.1,
    optim: pretrainOptim(1e-2),
    threads: 1,
    model: tiny,
    excludeFiles: [],
    checkpointEvery: 0,
    ...overrides,
  };
}

async function run(overrides: Partial<PretrainConfig> = {}, baseParams?: Float32Array, now?: () => number) {
  const dir = await mkdtemp(join(tmpdir(), 'pretrain-'));
  const store = openRunStore({ dir });
  const c = config(overrides);
  store.init({ id: 'test', kind: 'train', config: c });
  try {
    const result = await pretrainPrograms({
      config: c,
      store,
      exclude: benchmark,
      ...(baseParams ? { baseParams } : {}),
      ...(now ? { now } : {}),
    });
    return { dir, result, metrics: store.metrics(), meta: store.meta() };
  } finally {
    store.close();
  }
}

async function weights(dir: string): Promise<Float32Array> {
  const { model } = await loadModel(resolveCheckpoint(dir).dir, { kernels: createKernels({ heap: createHeap() }) });
  return model.params().slice();
}

describe('pretrainPrograms', () => {
  it('lowers the answer loss, records it per step, and leaves a checkpoint that players load', async () => {
    const { dir, result, metrics, meta } = await run();
    const losses = metrics.filter((m) => m.name === 'loss').map((m) => m.value);
    expect(losses).toHaveLength(40);
    expect(result.steps).toBe(40);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    // A fresh model starts near ln(259) ≈ 5.56 nats per token; 40 steps take it well below.
    expect(losses[0]).toBeGreaterThan(5);
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 1);
    for (const name of ['seconds', 'tokens_per_s', 'lr']) {
      expect(metrics.filter((m) => m.name === name)).toHaveLength(40);
    }
    expect(result.checkpoint).toBe(join('checkpoints', 'step-40'));
    expect(meta.config).toMatchObject({ kind: 'pretrain', recipe: 'pretrain', corpus: 'programs' });
    expect(meta.summary['loss']).toBeCloseTo(result.tailLoss, 6);
    const { model } = await loadModel(resolveCheckpoint(dir).dir, { kernels: createKernels({ heap: createHeap() }) });
    expect(model.config).toEqual(tiny);
  }, 120_000);

  it('is deterministic for a seed: the same steps give the same weights', async () => {
    const a = await run({ steps: 3 });
    const b = await run({ steps: 3 });
    const c = await run({ steps: 3, seed: 2 });
    expect(await weights(b.dir)).toEqual(await weights(a.dir));
    expect(await weights(c.dir)).not.toEqual(await weights(a.dir));
  }, 60_000);

  it('continues from base weights: the first step starts at the base loss, not a fresh model', async () => {
    const base = await run({ steps: 30 });
    const baseLoss = base.result.tailLoss;
    const continued = await run({ steps: 2, seed: 9 }, await weights(base.dir));
    const first = continued.metrics.find((m) => m.name === 'loss' && m.step === 1)!.value;
    expect(first).toBeLessThan(5);
    expect(Math.abs(first - baseLoss)).toBeLessThan(0.5);
  }, 120_000);

  it('warms up linearly, then follows a cosine over the steps down to the floor, or stays constant', () => {
    const c = config({ schedule: 'cosine', steps: 24, warmupSteps: 4, optim: pretrainOptim(1e-3) });
    expect(learningRate(c, 1)).toBeCloseTo(2.5e-4, 12);
    expect(learningRate(c, 4)).toBeCloseTo(1e-3, 12);
    expect(learningRate(c, 14)).toBeCloseTo(5.5e-4, 12);
    expect(learningRate(c, 24)).toBeCloseTo(1e-4, 12);
    expect(learningRate({ ...c, schedule: 'constant' }, 20)).toBe(1e-3);
  });

  it('cuts a run at its minutes without bending the schedule: the rates are those of the uncut run', async () => {
    const cosine = { schedule: 'cosine', steps: 6, warmupSteps: 1, batch: 2 } as const;
    const full = await run(cosine);
    let clock = 0;
    // Every reading of the clock moves it by 10 s; a 1-minute cap stops the run after a few steps.
    const cut = await run({ ...cosine, minutes: 1 }, undefined, () => (clock += 10_000));
    const rates = (metrics: typeof full.metrics) => metrics.filter((m) => m.name === 'lr').map((m) => m.value);
    expect(cut.result.steps).toBeGreaterThan(0);
    expect(cut.result.steps).toBeLessThan(6);
    expect(rates(cut.metrics)).toEqual(rates(full.metrics).slice(0, cut.result.steps));
  }, 60_000);
});
