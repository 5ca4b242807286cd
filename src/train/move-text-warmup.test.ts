import { describe, expect, it } from 'vitest';
import { lmPolicyTable } from '../eval/lm-policy-table.ts';
import { getGame } from '../games/registry.ts';
import { adamwConfigSchema, createModel, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createRng } from '../util/rng.ts';
import { createPolicyEvaluator } from './evaluate-policy.ts';
import { warmUpMoveText } from './move-text-warmup.ts';

describe('move-text warm-up (loss.moveTextWarmup)', () => {
  it('teaches a fresh model to write legal moves while its policy over them stays near uniform', async () => {
    const game = getGame('kuhn-poker');
    const model = createModel({
      kernels: createKernels({ heap: createHeap() }),
      config: resolveModelConfig(undefined, 'small'),
      rng: createRng(7),
    });
    const evaluate = createPolicyEvaluator({
      game,
      format: 'compact',
      temperature: 1,
      games: { random: 0, nash: 0 },
      freeDecodingGames: 60,
      seed: 5,
    });
    const before = await evaluate(model, 0);
    const loss = await warmUpMoveText({
      model,
      games: [game],
      format: 'compact',
      steps: 80,
      batch: 64,
      optim: adamwConfigSchema.parse({ lr: 3e-3 }),
      seed: 1,
    });
    const after = await evaluate(model, 80);
    expect(before.freeDecoding!.sampled).toBeGreaterThan(0.9);
    expect(after.freeDecoding!.sampled).toBeLessThan(0.1);
    expect(after.freeDecoding!.greedy).toBeLessThan(0.1);
    // The mean token loss approaches the floor of uniformly random moves (ln 2 at the choice, spread over the move).
    expect(loss).toBeLessThan(0.3);
    // Every decision's constrained policy stays close to uniform over its two moves.
    const table = lmPolicyTable({ game, model, format: 'compact' });
    for (const probabilities of table.rows.values()) {
      for (const p of probabilities) expect(Math.abs(p - 0.5)).toBeLessThan(0.2);
    }
  }, 60_000);
});
