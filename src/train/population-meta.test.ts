import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lmPolicyTable } from '../eval/lm-policy-table.ts';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { loadModel } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { buildTree } from '../solvers/index.ts';
import { populationExploitability } from '../solvers/population/index.ts';
import type { RunEvent } from '../spec/run-events.ts';
import { openRunStore } from '../store/run-store.ts';
import { parseTrainConfig } from './train-config.ts';
import { train } from './trainer.ts';

const psro = (over: Record<string, unknown> = {}) =>
  parseTrainConfig({
    game: 'kuhn-poker',
    steps: 6,
    seed: 2,
    model: { preset: 'small', config: { layers: 1, width: 32, heads: 2 } },
    rollout: { gamesPerStep: 16 },
    opponent: { kind: 'pool', poolSampling: 'meta-nash', poolEvery: 2, poolSize: 100, mirrorShare: 0 },
    evaluation: { every: 6, vsRandomGames: 0, vsNashGames: 0 },
    checkpointEvery: 100,
    ...over,
  });

describe('the snapshot pool as a PSRO population', () => {
  it('measures the exact meta-Nash mixture of its snapshots at every snapshot, as an independent computation does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-psro-'));
    const store = openRunStore({ dir });
    const events: RunEvent[] = [];
    await train({ config: psro(), store, onEvent: (e) => events.push(e) });
    const measured = events.flatMap((e) => (e.type === 'population-measured' ? [e] : []));
    expect(measured.map((e) => [e.step, e.size])).toEqual([
      [2, 1],
      [4, 2],
      [6, 3],
    ]);
    expect(store.metrics(['population/nash_exploitability']).map((m) => m.step)).toEqual([2, 4, 6]);

    // The final checkpoint holds the three snapshots: their meta-Nash mixture, measured from scratch.
    const kernels = createKernels({ heap: createHeap() });
    const tree = buildTree(kuhnPoker.rules);
    const tables = await Promise.all(
      [2, 4, 6].map(async (step) => {
        const { model } = await loadModel(join(dir, 'checkpoints', 'step-6', 'pool', `step-${step}`), { kernels });
        return lmPolicyTable({ game: kuhnPoker, model, format: 'compact' });
      }),
    );
    const independent = populationExploitability({ tree, policies: tables, metaSolver: 'nash' });
    expect(measured.at(-1)!.nashExploitability).toBeCloseTo(independent.exploitability, 9);
    // Under meta-nash sampling the pool samples by that same mixture.
    expect(measured.at(-1)!.samplingExploitability).toBeCloseTo(independent.exploitability, 9);
    store.close();
  });

  it('trains full width against the mixture: the population is measured at every snapshot', async () => {
    const events: RunEvent[] = [];
    const fullWidth = psro({ rollout: { mode: 'full-width' }, fullWidth: { batch: 12, epochs: 1 } });
    await train({ config: fullWidth, onEvent: (e) => events.push(e) });
    const measured = events.flatMap((e) => (e.type === 'population-measured' ? [e] : []));
    expect(measured.map((e) => [e.step, e.size])).toEqual([
      [2, 1],
      [4, 2],
      [6, 3],
    ]);
    for (const e of measured) expect(e.nashExploitability).toBeGreaterThan(0);
    // Full width fits against one exact table: a mixture drawn by results (prioritized) or mixed with mirror games
    // is not one.
    expect(() =>
      psro({
        rollout: { mode: 'full-width' },
        opponent: { kind: 'pool', poolSampling: 'prioritized', mirrorShare: 0 },
      }),
    ).toThrow(/opponent\.kind[\s\S]*poolSampling uniform, latest or meta-nash/);
    expect(() => psro({ rollout: { mode: 'full-width' }, opponent: { kind: 'pool', mirrorShare: 0.5 } })).toThrow(
      /mirrorShare 0/,
    );
  });

  it('is refused where it cannot be measured, naming the key', () => {
    expect(() => psro({ opponent: { kind: 'mirror' }, evaluation: { population: true } })).toThrow(
      /opponent\.kind 'pool'[\s\S]*evaluation\.population/,
    );
    expect(() => psro({ game: undefined, games: ['kuhn-poker', 'leduc-poker'] })).toThrow(/one game/);
  });

  it('refuses a game whose tree cannot be walked when the run starts', async () => {
    await expect(train({ config: psro({ game: 'pig' }) })).rejects.toThrow(/PSRO population needs .* pig/);
  });
});
