import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../store/run-store.ts';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { loadModel } from '../lm/index.ts';
import { lmPolicyTable } from '../eval/lm-policy-table.ts';
import { resolveCheckpoint } from '../store/resolve-checkpoint.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { choiceMask } from '../rollout/lm-policy.ts';
import { measurePolicy, tabularPolicy } from '../solvers/index.ts';
import { parseTrainConfig, TrainConfigError, applyOverrides } from './train-config.ts';
import { train } from './trainer.ts';
import { gameMetrics } from './evaluation-metrics.ts';
import { loadTrainerCheckpoint } from './trainer-checkpoint.ts';
import type { RunEvent, StepMetrics } from '../spec/run-events.ts';

/** An `onEvent` that keeps each step's metrics. */
const stepsInto =
  (seen: StepMetrics[]) =>
  (event: RunEvent): void => {
    if (event.type === 'update-end') seen.push(event.metrics);
  };

/** Compares weight arrays without handing 100k numbers to the matcher's diff. */
const maxAbsDiff = (a: Float32Array, b: Float32Array) =>
  a.length === b.length ? a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0) : Number.POSITIVE_INFINITY;

describe('self-play trainer', () => {
  it('lowers the exact exploitability of the LM policy on Kuhn Poker within a few steps (seeded)', async () => {
    const config = parseTrainConfig({
      steps: 8,
      seed: 1,
      rollout: { gamesPerStep: 32 },
      evaluation: { every: 8, vsRandomGames: 0 },
    });
    const seen: StepMetrics[] = [];
    const result = await train({ config, onEvent: stepsInto(seen) });
    const steps = seen.map((m) => m.samples);
    const [first, last] = [result.evaluations[0]!, result.evaluations[result.evaluations.length - 1]!];
    expect(result.steps).toBe(8);
    expect(steps.every((n) => n > 0)).toBe(true);
    expect(first.exploitability).toBeGreaterThan(0.3);
    expect(last.exploitability).toBeLessThan(first.exploitability! - 0.03);
    // The policy table covers Kuhn's 12 information sets with proper distributions.
    expect(last.table?.rows.size).toBe(12);
    for (const row of last.table!.rows.values()) expect(row[0]! + row[1]!).toBeCloseTo(1, 5);
  });

  it('trains every legal move toward the critic’s mirror-descent target (action-value), and resumes its critic', async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-av-')) });
    const config = parseTrainConfig({
      steps: 6,
      seed: 2,
      advantage: { estimator: 'action-value' },
      regularization: { kind: 'magnet', eta: 0.2, magnetEvery: 0 },
      rollout: { gamesPerStep: 16 },
      evaluation: { every: 6, vsRandomGames: 0 },
    });
    const seen: StepMetrics[] = [];
    const result = await train({ config, store, onEvent: stepsInto(seen) });
    const samples = seen.map((m) => m.samples);
    const [first, last] = [result.evaluations[0]!, result.evaluations.at(-1)!];
    expect(last.exploitability).toBeLessThan(first.exploitability! - 0.03);
    // Every Kuhn turn has two legal moves, so each trained turn gives two samples.
    expect(samples.every((n) => n > 0 && n % 2 === 0)).toBe(true);
    const saved = await loadTrainerCheckpoint(join(store.dir, result.checkpoint!));
    const estimator = Object.keys(saved.components.fields.estimator ?? {});
    expect(estimator.some((k) => k.startsWith('Q|kuhn-poker#1#'))).toBe(true);
    expect(store.metrics(['kl_magnet']).length).toBe(6);
    store.close();
    expect(() => parseTrainConfig({ advantage: { estimator: 'action-value' }, rollout: { decoding: 'free' } })).toThrow(
      /decoding 'legal'[\s\S]*at advantage\.estimator/,
    );
    expect(() =>
      parseTrainConfig({
        advantage: { estimator: 'action-value', center: 'observation' },
        rollout: { decoding: 'legal' },
      }),
    ).toThrow(/sampled advantages[\s\S]*at advantage\.center/);
    expect(() => parseTrainConfig({ regularization: { kind: 'magnet', magnetFrom: 'average' } })).toThrow(
      /average\.decay > 0[\s\S]*at regularization\.magnetFrom/,
    );
  });

  it('measures and saves the weight average when averaging, and players load it from the checkpoint', async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-avg-')) });
    const config = parseTrainConfig({
      steps: 3,
      average: { decay: 0.9 },
      regularization: { kind: 'magnet', eta: 0.2, magnetEvery: 3, magnetFrom: 'average' },
      rollout: { gamesPerStep: 8 },
      evaluation: { every: 3, vsRandomGames: 0 },
    });
    store.init({ id: 'avg', kind: 'train', config });
    const result = await train({ config, store });
    const checkpointDir = join(store.dir, result.checkpoint!);
    const { components } = await loadTrainerCheckpoint(checkpointDir);
    const extras = { magnet: components.weights.get('magnet'), average: components.weights.get('average') };
    expect(components.fields.averageUpdates).toBe(3);
    // The step-3 refresh moved the magnet to the average, not to the live weights.
    expect(maxAbsDiff(extras.magnet!, extras.average!)).toBe(0);
    const kernels = createKernels({ heap: createHeap() });
    const live = (await loadModel(checkpointDir, { kernels })).model;
    const resolved = resolveCheckpoint(checkpointDir);
    expect(resolved.dir).toBe(join(checkpointDir, 'average'));
    const averaged = (await loadModel(resolved.dir, { kernels })).model;
    expect(maxAbsDiff(averaged.params(), extras.average!)).toBe(0);
    const table = (model: typeof live) => [
      ...lmPolicyTable({ game: kuhnPoker, model, format: 'compact' }).rows.values(),
    ];
    // The run measured the average, not the live weights.
    const measured = [...result.evaluations.at(-1)!.table!.rows.values()];
    expect(measured).toEqual(table(averaged));
    expect(measured).not.toEqual(table(live));
    // The live weights are measured beside it, exploitability only.
    const last = result.evaluations.at(-1)!;
    expect(last.liveExploitability).toBeGreaterThan(0);
    expect(last.liveExploitability).not.toBe(last.exploitability);
    expect(store.metrics(['exploitability/live']).map((m) => m.step)).toEqual([0, 3]);
    // Resumed for a fourth step, the average carries on as in a run that never stopped.
    const resumed = await train({ config: { ...config, steps: 4 }, store, resume: true });
    const other = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-avg4-')) });
    const straight = await train({ config: { ...config, steps: 4 }, store: other });
    const averageOf = async (dir: string) => (await loadTrainerCheckpoint(dir)).components.weights.get('average');
    const a = await averageOf(join(store.dir, resumed.checkpoint!));
    const b = await averageOf(join(other.dir, straight.checkpoint!));
    other.close();
    expect(maxAbsDiff(a!, b!)).toBe(0);
    store.close();
  });

  it('plays seat-swapped evaluation matches against random and Nash and stores their figures', async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-eval-')) });
    const config = parseTrainConfig({
      steps: 1,
      rollout: { gamesPerStep: 4 },
      evaluation: { every: 1, vsRandomGames: 20, vsNashGames: 20 },
    });
    const result = await train({ config, store });
    const last = result.evaluations.at(-1)!;
    expect(Object.keys(last.matches).sort()).toEqual(['nash', 'random']);
    const nash = last.matches.nash!;
    expect(nash.wins + nash.draws + nash.losses).toBe(20);
    expect(nash.meanTurns).toBeGreaterThanOrEqual(2);
    const lossRate = store.metrics(['lossrate/nash']).at(-1)!.value;
    expect(lossRate).toBeCloseTo(nash.losses / 20, 12);
    store.close();
  });

  it('trains bit-identically with a second matmul thread', async () => {
    const run = async (threads: number) => {
      const config = parseTrainConfig({
        steps: 1,
        threads,
        model: { preset: 'reference' },
        rollout: { gamesPerStep: 8 },
        evaluation: { every: 1, vsRandomGames: 0 },
      });
      return (await train({ config })).evaluations.map((e) => e.exploitability);
    };
    const [one, two] = [await run(1), await run(2)];
    expect(two).toEqual(one);
    expect(one[1]).not.toEqual(one[0]);
  });

  it('marks only the tokens where the constraint left a choice', () => {
    const bet = [...Buffer.from('[bet]')].concat(257);
    expect(choiceMask(bet, ['[check]', '[bet]'])).toEqual([0, 1, 0, 0, 0, 0]);
    expect(choiceMask(bet, ['[bet]'])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects unknown keys by name and applies --set overrides', () => {
    expect(() => parseTrainConfig({ rollout: { gamesPerStp: 3 } })).toThrow(/gamesPerStp/);
    expect(() => parseTrainConfig({ steps: 0 })).toThrow(TrainConfigError);
    const raw = applyOverrides({ rollout: { format: 'full' } }, ['rollout.gamesPerStep=8', 'game=leduc-poker']);
    expect(parseTrainConfig(raw)).toMatchObject({ game: 'leduc-poker', rollout: { gamesPerStep: 8, format: 'full' } });
  });
});

describe('multi-game training', () => {
  it('trains one model on several games with per-game baselines and per-game measurements', async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-multi-')) });
    const config = parseTrainConfig({
      games: ['kuhn-poker', 'leduc-poker'],
      advantage: { estimator: 'observation' },
      steps: 2,
      model: { preset: 'small', config: { layers: 1, width: 16, heads: 2, context: 192 } },
      rollout: { gamesPerStep: 8 },
      evaluation: { every: 2, vsRandomGames: 0 },
    });
    const result = await train({ config, store });
    expect(result.evaluations.map((e) => `${e.step} ${e.game}`)).toEqual([
      '0 kuhn-poker',
      '0 leduc-poker',
      '2 kuhn-poker',
      '2 leduc-poker',
    ]);
    const names = new Set(store.metrics().map((m) => m.name));
    // Both games were played and trained in every step: each role of each game has its own RAE baseline.
    for (const key of ['kuhn-poker#0', 'kuhn-poker#1', 'leduc-poker#0', 'leduc-poker#1']) {
      expect(store.metrics([`baseline/${key}`])).toHaveLength(2);
    }
    expect(names).toContain('exploitability/kuhn-poker');
    expect(names).toContain('exploitability/leduc-poker');
    expect(names).not.toContain('exploitability');
    // The observation baselines (one per observation) stay out of the metrics; the role ones are there.
    expect([...names].filter((n) => n.split('#').length > 2)).toEqual([]);
    store.close();
  });

  it('names a game metric before its band suffix', () => {
    expect(gameMetrics('kuhn-poker', { exploitability: 1, 'return/random/lo': 2 })).toEqual({
      'exploitability/kuhn-poker': 1,
      'return/random/kuhn-poker/lo': 2,
    });
    expect(gameMetrics(undefined, { exploitability: 1 })).toEqual({ exploitability: 1 });
  });
});

describe('opponents', () => {
  it('trains against a fixed random opponent and a snapshot pool, only on the live seats', async () => {
    const fixed = parseTrainConfig({
      steps: 2,
      rollout: { gamesPerStep: 8 },
      opponent: { kind: 'fixed', fixed: 'random', mirrorShare: 0 },
      evaluation: { every: 2, vsRandomGames: 0 },
    });
    const seen: StepMetrics[] = [];
    await train({ config: fixed, onEvent: stepsInto(seen) });
    // Against random only one seat is trained: at most ~half the turns of mirror play (Kuhn: 2–3 turns a game).
    expect(seen.every((m) => m.samples > 0 && m.samples <= 8 * 2)).toBe(true);

    const pool = parseTrainConfig({
      steps: 4,
      rollout: { gamesPerStep: 8 },
      opponent: { kind: 'pool', poolEvery: 2, poolSampling: 'prioritized', mirrorShare: 0 },
      evaluation: { every: 4, vsRandomGames: 0 },
    });
    expect((await train({ config: pool })).steps).toBe(4);
  });
});

describe('full-width training', () => {
  it('steps without games, records the exact exploitability each step, and evaluates like a sampled run', async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-full-width-')) });
    const config = parseTrainConfig({
      steps: 6,
      model: { preset: 'small', config: { layers: 1, width: 32, heads: 2 } },
      rollout: { mode: 'full-width' },
      advantage: { stepSize: 2 },
      regularization: { kind: 'magnet', eta: 0.1, magnetEvery: 3 },
      optim: { lr: 0.003 },
      evaluation: { every: 6, vsRandomGames: 0, greedy: true },
    });
    const seen: StepMetrics[] = [];
    const result = await train({ config, store, onEvent: stepsInto(seen) });
    expect(seen.map((m) => [m.samples, m.games])).toEqual(Array.from({ length: 6 }, () => [12, 0]));
    // A step's exploitability is that of the policy it started from: step 1 reads the untrained model, as the
    // evaluation at step 0 does.
    expect(seen[0]!.exploitability).toBeCloseTo(result.evaluations[0]!.exploitability!, 6);
    expect(store.metrics(['exploitability/step']).map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.metrics(['kl_magnet'])).toHaveLength(6);
    expect(result.evaluations.at(-1)!.exploitability).toBeLessThan(result.evaluations[0]!.exploitability!);
    // Kuhn's moves part at their first token, so greedy decoding plays each row's most likely move.
    const last = result.evaluations.at(-1)!;
    const argmaxRows = Object.fromEntries(
      [...last.table!.rows].map(([key, row]) => [key, row.map((p) => (p === Math.max(...row) ? 1 : 0))]),
    );
    const greedy = measurePolicy({ game: kuhnPoker.rules, policy: tabularPolicy('kuhn-poker', argmaxRows) });
    expect(last.greedyExploitability).toBeCloseTo(greedy.exploitability, 9);
    expect(store.metrics(['exploitability/greedy']).map((m) => m.step)).toEqual([0, 6]);
    // Resumed for two more steps, it lands where a run of eight straight steps does.
    const resumed = await train({ config: { ...config, steps: 8 }, store, resume: true });
    const other = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-full-width8-')) });
    const straight = await train({ config: { ...config, steps: 8 }, store: other });
    other.close();
    expect(resumed.evaluations.at(-1)!.exploitability).toBe(straight.evaluations.at(-1)!.exploitability);
    store.close();
  });

  it('names the key that full-width training cannot take', () => {
    expect(() => parseTrainConfig({ rollout: { mode: 'full-width', decoding: 'free' } })).toThrow(/rollout\.mode/);
    expect(() => parseTrainConfig({ rollout: { mode: 'full-width' }, opponent: { kind: 'fixed' } })).toThrow(
      /opponent\.kind/,
    );
  });

  it("with 'mixed', fits the finite games full width and samples the rest, in one model", async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-mixed-')) });
    const base = {
      games: ['kuhn-poker', 'simple-negotiation'],
      steps: 3,
      model: { preset: 'small', config: { layers: 1, width: 32, heads: 2, context: 512 } },
      rollout: { gamesPerStep: 4 },
      advantage: { stepSize: 2 },
      optim: { lr: 0.003 },
      evaluation: { every: 3, vsRandomGames: 2 },
    } as const;
    const seen: StepMetrics[] = [];
    const result = await train({
      config: parseTrainConfig({ ...base, rollout: { ...base.rollout, mode: 'mixed' } }),
      store,
      onEvent: stepsInto(seen),
    });
    // Kuhn's 12 decisions are fitted every step; the step's 4 sampled games are all negotiation.
    expect(seen.map((m) => [m.games, m.decisions])).toEqual(Array.from({ length: 3 }, () => [4, 12]));
    expect(seen.every((m) => m.samples > 12)).toBe(true);
    expect(store.metrics(['exploitability/step/kuhn-poker']).map((m) => m.step)).toEqual([1, 2, 3]);
    expect(store.metrics(['games_per_s'])).toHaveLength(3);
    expect(new Set(store.episodes().map((e) => e.game))).toEqual(new Set(['simple-negotiation']));
    expect(result.evaluations.map((e) => e.game)).toEqual([
      'kuhn-poker',
      'simple-negotiation',
      'kuhn-poker',
      'simple-negotiation',
    ]);
    store.close();
    // 'full-width' alone cannot enumerate negotiation's open-text offers, and says what to use instead.
    await expect(
      train({ config: parseTrainConfig({ ...base, rollout: { ...base.rollout, mode: 'full-width' } }) }),
    ).rejects.toThrow(/simple-negotiation has open-text moves.*'mixed'/);
  });
});
