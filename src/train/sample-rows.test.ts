import { describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { createModel, decode, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { playEpisode } from '../rollout/episode.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import { createRng } from '../util/rng.ts';
import { sampleRows } from './sample-rows.ts';
import { collectSamples } from './trained-turns.ts';

describe('sampleRows', () => {
  it('describes exactly the turns collectSamples trains on, in the same order', async () => {
    const kernels = createKernels({ heap: createHeap(), backend: 'js' });
    const model = createModel({
      kernels,
      config: resolveModelConfig({ layers: 1, width: 16, heads: 2 }),
      rng: createRng(1),
    });
    const policy = createLmPolicy({ model, rng: createRng(2) });
    const episodes = await Promise.all(
      [11, 12, 13, 14].map((seed) =>
        playEpisode({ game: kuhnPoker, policies: [policy, policy], seed, format: 'compact' }),
      ),
    );
    // Per turn, as the trainer's turnAdvantages gives them: episode 1's are all zero (dropped with dropZero).
    const advantages = episodes.map((e, i) => e.turns.map((_, t) => (i === 1 ? 0 : (i + 1) * (t % 2 ? -0.25 : 0.5))));
    const trainedSeats = [[0, 1], [0, 1], [1], [0, 1]]; // episode 2 trains only seat 1
    for (const dropZero of [true, false]) {
      const samples = collectSamples({ episodes, advantages, trainedSeats, dropZero });
      const rows = sampleRows({ step: 7, episodes, advantages, trainedSeats, dropZero });
      expect(rows.length).toBe(samples.length);
      expect(rows.map((r) => [r.promptTokenIds, r.completionTokenIds, r.logprobs, r.advantage])).toEqual(
        samples.map((s) => [s.promptTokens, s.completionTokens, s.samplingLogprobs, s.advantage]),
      );
      expect(rows.map((r) => r.choiceMask)).toEqual(samples.map((s) => s.tokenMask));
    }
    const rows = sampleRows({ step: 7, episodes, advantages, trainedSeats, dropZero: true });
    expect(rows.some((r) => r.episode === 1)).toBe(false);
    expect(rows.filter((r) => r.episode === 2).every((r) => r.role === 1)).toBe(true);
    for (const r of rows) {
      const episode = episodes[r.episode]!;
      const turn = episode.turns[r.turn]!;
      expect(r).toMatchObject({ step: 7, game: 'kuhn-poker', seed: episode.seed, role: turn.player });
      expect(r.advantage).toBe(advantages[r.episode]![r.turn]);
      expect(r.reward).toBe(episode.returns[r.role]);
      expect(r.prompt).toBe(`${turn.observation}\n`);
      expect(r.completion).toBe(turn.answer);
      expect(decode(r.completionTokenIds)).toBe(r.completion);
    }
  });
});
