import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { createInProcessLearner } from '../learner/in-process-learner.ts';
import { createModel, createOptimizer, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import { trainedSeats } from '../rollout/seat-binding.ts';
import { createRng } from '../util/rng.ts';
import { saveComponents } from './components/training-component.ts';
import { createPolicyEvaluator } from './evaluate-policy.ts';
import { createOpponentSampler } from './opponents.ts';
import { parseTrainConfig } from './train-config.ts';
import { loadTrainerCheckpoint, saveTrainerCheckpoint } from './trainer-checkpoint.ts';

/** Kuhn's rules and text under another id, declared for three players: what seat bindings must not assume away. */
const threeSeats = {
  ...kuhnPoker,
  rules: { ...kuhnPoker.rules, info: { ...kuhnPoker.rules.info, id: 'three', players: 3 } },
};

/** A tiny live model, its learner, and the live seat they make. */
function liveSeat() {
  const kernels = createKernels({ heap: createHeap(), backend: 'js' });
  const model = createModel({
    kernels,
    config: resolveModelConfig({ layers: 1, width: 16, heads: 2 }),
    rng: createRng(1),
  });
  const learner = createInProcessLearner({ model, optimizer: createOptimizer({ model }) });
  return { model, learner, live: { policy: createLmPolicy({ model, rng: createRng(2) }), learner } };
}

type PoolSampling = 'latest' | 'uniform' | 'prioritized';

/** A pool sampler (a snapshot every step, no mirror games) for the live seat of `liveSeat()`. */
async function poolSampler(seat: ReturnType<typeof liveSeat>, poolSampling: PoolSampling, games = [kuhnPoker]) {
  const { opponent } = parseTrainConfig({ opponent: { kind: 'pool', poolEvery: 1, poolSampling, mirrorShare: 0 } });
  return createOpponentSampler({ config: opponent, games, live: seat.live, like: seat.model, temperature: 1 });
}

describe('opponent sampler', () => {
  it('freezes snapshots into the pool and samples them by how often the live policy beats them', async () => {
    const seat = liveSeat();
    const sampler = await poolSampler(seat, 'prioritized');
    const rng = createRng(3);
    expect(trainedSeats(sampler.pair(0, rng, 'kuhn-poker'))).toEqual([0, 1]); // empty pool: mirror
    await sampler.component.afterStep(1);
    await sampler.component.afterStep(2);
    expect(sampler.poolSteps()).toEqual([1, 2]);
    const pairing = sampler.pair(1, rng, 'kuhn-poker');
    expect(trainedSeats(pairing)).toEqual([1]);
    expect(pairing.seats[1]?.policy).toBe(seat.live.policy);
    expect(pairing.seats[0]?.policy.name).toMatch(/^snapshot@/);
    // The live policy always beats snapshot 0: prioritised sampling then picks snapshot 1 almost always.
    for (let i = 0; i < 50; i++) sampler.record(0, 1);
    const picks = Array.from({ length: 200 }, (_, i) => sampler.pair(i, rng, 'kuhn-poker').snapshot);
    expect(picks.filter((k) => k === 1).length).toBeGreaterThan(180);
  });

  it('binds every seat of a game with more than two: all live in mirror play, one live seat against a snapshot', async () => {
    const sampler = await poolSampler(liveSeat(), 'latest', [threeSeats]);
    const rng = createRng(3);
    expect(trainedSeats(sampler.pair(0, rng, 'three'))).toEqual([0, 1, 2]);
    await sampler.component.afterStep(1);
    // The live seat goes round the table with the game's index in the step.
    expect([0, 1, 2, 3, 4].map((i) => trainedSeats(sampler.pair(i, rng, 'three')))).toEqual([[0], [1], [2], [0], [1]]);
    expect(sampler.pair(2, rng, 'three').seats.map((s) => s.policy.name)).toEqual(['snapshot@1', 'snapshot@1', 'lm']);
    // What cannot take three players says so itself: here the evaluation's equilibrium opponent.
    expect(() =>
      createPolicyEvaluator({
        game: threeSeats,
        format: 'compact',
        temperature: 1,
        games: { random: 0, nash: 10 },
        seed: 1,
      }),
    ).toThrow(/"nash" only in two-player zero-sum games; three has 3 players/);
  });
});

describe('pool in checkpoints', () => {
  it('saves the snapshots and their records, and a restored sampler picks as the original would', async () => {
    const seat = liveSeat();
    const { model, learner } = seat;
    const sampler = await poolSampler(seat, 'prioritized');
    await sampler.component.afterStep(1);
    model.params()[0]! += 1; // the second snapshot differs from the first
    await sampler.component.afterStep(2);
    for (let i = 0; i < 20; i++) sampler.record(0, 1);
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-pool-'));
    await saveTrainerCheckpoint({
      dir,
      config: model.config,
      learner: await learner.save(),
      rng: createRng(4),
      step: 2,
      components: await saveComponents([sampler.component]),
    });
    const saved = await loadTrainerCheckpoint(dir);
    expect(saved.step).toBe(2);
    expect(saved.components.fields.pool).toEqual([
      { step: 1, score: 20, games: 20 },
      { step: 2, score: 0, games: 0 },
    ]);
    expect(saved.components.weights.get('pool/step-2')).toEqual(sampler.snapshots()[1]!.params);
    const restored = await poolSampler(seat, 'prioritized');
    restored.component.restore(saved.components);
    const picks = (s: typeof sampler) => {
      const rng = createRng(5);
      return Array.from({ length: 50 }, (_, i) => s.pair(i, rng, 'kuhn-poker').snapshot);
    };
    expect(picks(restored)).toEqual(picks(sampler));
  });
});
