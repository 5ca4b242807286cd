import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import type { RunEvent } from '../spec/run-events.ts';
import { openRunStore } from '../store/run-store.ts';
import { FullWidthError } from './full-width/decision-tree.ts';
import { parseTrainConfig } from './train-config.ts';
import { expectServedGreedyMoves } from './__fixtures__/served-greedy-moves.ts';
import { train } from './trainer.ts';

describe('move-text finish (loss.moveTextFinish)', () => {
  it('teaches a trained model to write its moves, served as free text, while its policy stays where self-play left it', async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-finish-')) });
    const config = parseTrainConfig({
      steps: 40,
      seed: 3,
      model: { preset: 'small' },
      rollout: { mode: 'full-width', format: 'compact' },
      fullWidth: { batch: 12, epochs: 2 },
      optim: { lr: 0.003, beta1: 0 },
      loss: { moveTextFinish: 200, moveTextFinishLr: 0.003 },
      evaluation: { every: 20, vsRandomGames: 0, freeDecodingGames: 40, freeDecodingAt: 'last' },
    });
    const events: RunEvent[] = [];
    const result = await train({ config, store, onEvent: (e) => events.push(e) });
    const metrics = store.metrics(['move_text/finish_drift']);
    store.close();
    // Step 40 is measured twice: as self-play left the model, then finished; free text only in the last measurement.
    const [trained, finished] = result.evaluations.slice(-2);
    expect(result.evaluations.map((e) => e.step)).toEqual([0, 20, 40, 40]);
    expect(result.evaluations.map((e) => e.freeDecoding === undefined)).toEqual([true, true, true, false]);
    expect(finished!.freeDecoding!.sampled).toBeLessThan(0.05);
    expect(finished!.freeDecoding!.greedy).toBeLessThan(0.05);
    // The policy over the legal moves barely moved at any information set, so neither did its exploitability.
    for (const [key, before] of trained!.table!.rows) {
      const after = finished!.table!.rows.get(key)!;
      before.forEach((p, j) => expect(Math.abs(p - after[j]!)).toBeLessThan(0.02));
    }
    expect(Math.abs(finished!.exploitability! - trained!.exploitability!)).toBeLessThan(0.005);
    // Served without guided decoding, the finished checkpoint writes, greedily, the move the in-process policy picks.
    const { model } = await loadModel(join(store.dir, result.checkpoint!), {
      kernels: createKernels({ heap: createHeap() }),
    });
    await expectServedGreedyMoves(model, '');
    const event = events.find((e) => e.type === 'move-text-finished');
    expect(event).toMatchObject({ step: 40, steps: 200, decisions: 12 });
    expect(metrics).toHaveLength(1);
    expect(metrics[0]!.value).toBeLessThan(0.02);
  }, 120_000);

  it('refuses a game it cannot enumerate before self-play starts, naming it', async () => {
    const config = parseTrainConfig({
      game: 'simple-negotiation',
      steps: 2,
      model: { preset: 'small', config: { layers: 1, width: 16, heads: 2, context: 512 } },
      rollout: { gamesPerStep: 2 },
      loss: { moveTextFinish: 10 },
      evaluation: { vsRandomGames: 0 },
    });
    const events: RunEvent[] = [];
    const run = train({ config, onEvent: (e) => events.push(e) });
    await expect(run).rejects.toThrow(FullWidthError);
    await expect(run).rejects.toThrow(/simple-negotiation has open-text moves/);
    expect(events).toEqual([]);
  });
});
