import { describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { createModel, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { choiceMask, createLmPolicy } from '../rollout/lm-policy.ts';
import { createRng } from '../util/rng.ts';
import { createOpponentSampler } from './opponents.ts';
import { parseTrainConfig, TrainConfigError, applyOverrides } from './train-config.ts';
import { train } from './trainer.ts';

describe('self-play trainer', () => {
  it('lowers the exact exploitability of the LM policy on Kuhn Poker within a few steps (seeded)', async () => {
    const config = parseTrainConfig({
      steps: 4,
      seed: 1,
      rollout: { gamesPerStep: 16 },
      evaluation: { every: 4, vsRandomGames: 0 },
    });
    const steps: number[] = [];
    const result = await train({ config, onStep: (m) => steps.push(m.samples) });
    const [first, last] = [result.evaluations[0]!, result.evaluations[result.evaluations.length - 1]!];
    expect(result.steps).toBe(4);
    expect(steps.every((n) => n > 0)).toBe(true);
    expect(first.exploitability).toBeGreaterThan(0.3);
    expect(last.exploitability).toBeLessThan(first.exploitability! - 0.03);
    // The policy table covers Kuhn's 12 information sets with proper distributions.
    expect(last.table?.rows.size).toBe(12);
    for (const row of last.table!.rows.values()) expect(row[0]! + row[1]!).toBeCloseTo(1, 5);
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

describe('opponents', () => {
  it('trains against a fixed random opponent and a snapshot pool, only on the live seats', async () => {
    const fixed = parseTrainConfig({
      steps: 2,
      rollout: { gamesPerStep: 8 },
      opponent: { kind: 'fixed', fixed: 'random', mirrorShare: 0 },
      evaluation: { every: 2, vsRandomGames: 0 },
    });
    const seen: number[] = [];
    await train({ config: fixed, onStep: (m) => seen.push(m.samples) });
    // Against random only one seat is trained: at most ~half the turns of mirror play (Kuhn: 2–3 turns a game).
    expect(seen.every((n) => n > 0 && n <= 8 * 2)).toBe(true);

    const pool = parseTrainConfig({
      steps: 4,
      rollout: { gamesPerStep: 8 },
      opponent: { kind: 'pool', poolEvery: 2, poolSampling: 'prioritized', mirrorShare: 0 },
      evaluation: { every: 4, vsRandomGames: 0 },
    });
    expect((await train({ config: pool })).steps).toBe(4);
  });

  it('freezes snapshots into the pool and samples them by how often the live policy beats them', async () => {
    const kernels = createKernels({ heap: createHeap(), backend: 'js' });
    const model = createModel({
      kernels,
      config: resolveModelConfig({ layers: 1, width: 16, heads: 2 }),
      rng: createRng(1),
    });
    const live = createLmPolicy({ model, rng: createRng(2) });
    const config = parseTrainConfig({
      opponent: { kind: 'pool', poolEvery: 1, poolSampling: 'prioritized', mirrorShare: 0 },
    });
    const sampler = await createOpponentSampler({
      config: config.opponent,
      game: kuhnPoker,
      live,
      model,
      temperature: 1,
    });
    const rng = createRng(3);
    expect(sampler.pair(0, rng).trainedSeats).toEqual([0, 1]); // empty pool: mirror
    sampler.afterStep(1);
    sampler.afterStep(2);
    expect(sampler.poolSteps()).toEqual([1, 2]);
    const pairing = sampler.pair(1, rng);
    expect(pairing.trainedSeats).toEqual([1]);
    expect(pairing.policies[1]).toBe(live);
    expect(pairing.policies[0]?.name).toMatch(/^snapshot@/);
    // The live policy always beats snapshot 0: prioritised sampling then picks snapshot 1 almost always.
    for (let i = 0; i < 50; i++) sampler.record(0, 1);
    const picks = Array.from({ length: 200 }, (_, i) => sampler.pair(i, rng).snapshot);
    expect(picks.filter((k) => k === 1).length).toBeGreaterThan(180);
  });
});
