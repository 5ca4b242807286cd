import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig, saveCheckpoint } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { startScriptedServer } from '../llm/__fixtures__/scripted-server.ts';
import { startServer } from '../serve/index.ts';
import { openRunStore } from '../store/run-store.ts';
import { createRng } from '../util/rng.ts';
import { parseTrainConfig } from './train-config.ts';
import { createRemoteSampler } from './remote-sampler.ts';
import { train } from './trainer.ts';

const config = parseTrainConfig({
  steps: 3,
  seed: 2,
  model: { preset: 'small' },
  rollout: { gamesPerStep: 16 },
  regularization: { kind: 'magnet', eta: 0.2, magnetEvery: 0 },
  evaluation: { every: 3, vsRandomGames: 0 },
});

/**
 * Trains with the live seats played by a `selfplay serve` over other weights (seed 99) and returns each step's
 * off-policy gap. `stale`: the server's reload always loads its starting weights, as a sampler that silently
 * ignored the sync would.
 */
async function gapsWithServer(stale: boolean): Promise<number[]> {
  const root = mkdtempSync(join(tmpdir(), 'selfplay-sampler-'));
  const model = createModel({
    kernels: createKernels({ heap: createHeap() }),
    config: resolveModelConfig({}, 'small'),
    rng: createRng(99),
  });
  const startDir = join(root, 'start');
  await saveCheckpoint(startDir, { config: model.config, params: model.params().slice() });
  const server = await startServer({ model, port: 0, resolveCheckpoint: (path) => (stale ? startDir : path) });
  const store = openRunStore({ dir: join(root, 'run') });
  store.init({ id: 'run', kind: 'train', config });
  try {
    const sampler = `openai:${server.baseUrl}#selfplay?api=completions&template=lm-raw&kind=vllm`;
    await train({ config, store, sampler: { sampler, sync: 'reload' } });
    return store.metrics(['sampler_logprob_gap']).map((m) => m.value);
  } finally {
    store.close();
    await server.close();
  }
}

describe('training with the live seats played by a server', () => {
  it('syncs the learner weights to it before every step: the sampler reports the learner log-probs', async () => {
    const gaps = await gapsWithServer(false);
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap).toBeLessThan(1e-5);
  }, 60_000);

  it('catches a server playing stale weights: the off-policy gap is large', async () => {
    const gaps = await gapsWithServer(true);
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap).toBeGreaterThan(1e-2);
  }, 60_000);

  it('refuses a server kind without guided decoding when the run decodes legally, naming the fix', async () => {
    const settings = { sampler: 'openai:http://127.0.0.1:9/v1#m?kind=openai', sync: 'reload' as const };
    await expect(
      createRemoteSampler({ settings, decoding: 'legal', temperature: 1, format: 'compact' }),
    ).rejects.toThrow(
      /kind=openai: rollout.decoding legal plays through guided decoding, which needs kind vllm.*or set rollout.decoding=free/,
    );
  });

  it('with sync full, hands vLLM a Hugging Face model folder of the newest weights, once per version', async () => {
    const server = await startScriptedServer(() => ({ json: { results: [null] } }));
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-sampler-full-'));
    const settings = { sampler: `openai:${server.baseUrl}#m?kind=vllm`, sync: 'full' as const };
    const sampler = await createRemoteSampler({ settings, decoding: 'free', temperature: 1, format: 'compact', dir });
    try {
      const model = createModel({
        kernels: createKernels({ heap: createHeap() }),
        config: resolveModelConfig({}, 'small'),
        rng: createRng(3),
      });
      await sampler.sync(model, 1);
      await sampler.sync(model, 1);
      const rpc = server.requests.filter((r) => r.path.endsWith('/collective_rpc'));
      expect(rpc).toHaveLength(1);
      expect(rpc[0]!.body).toMatchObject({ method: 'reload_weights', kwargs: { weights_path: dir } });
      // What transformers and vLLM load: the weights, the Llama config and the tokenizer; no selfplay checkpoint.
      for (const file of ['model.safetensors', 'config.json', 'tokenizer.json'])
        expect(existsSync(join(dir, file))).toBe(true);
      expect(existsSync(join(dir, 'checkpoint.json'))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({
        architectures: ['LlamaForCausalLM'],
      });
    } finally {
      await sampler.close();
      await server.close();
    }
  });
});
