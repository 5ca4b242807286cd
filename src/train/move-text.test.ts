import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkInfosets } from '../eval/policy-table/infoset-walk.ts';
import { getGame } from '../games/registry.ts';
import { createEndpointPolicy, parseEndpointSpec } from '../llm/index.ts';
import { loadModel } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import { startTinyServer } from '../serve/__fixtures__/tiny-server.ts';
import { openRunStore } from '../store/run-store.ts';
import { createRng } from '../util/rng.ts';
import { parseTrainConfig } from './train-config.ts';
import { train } from './trainer.ts';

const kuhn = getGame('kuhn-poker');

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
    const server = await startTinyServer(taught.model);
    const spec = `openai:${server.baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm&decoding=guided&format=compact&temperature=0`;
    const served = await createEndpointPolicy(parseEndpointSpec(spec));
    const local = createLmPolicy({ model: taught.model, temperature: 0 });
    try {
      const sites = walkInfosets({ game: kuhn, format: 'compact' });
      expect(sites).toHaveLength(12);
      for (const site of sites) {
        const request = {
          game: kuhn.rules.info,
          player: site.player,
          observation: site.observation,
          legal: site.legal,
          infoKey: site.key,
          rng: createRng(1),
        };
        const [a, b] = await Promise.all([served.act(request), local.act(request)]);
        expect(a.text).toBe(b.text);
      }
    } finally {
      await served.close();
      await server.close();
    }
  }, 60_000);
});
