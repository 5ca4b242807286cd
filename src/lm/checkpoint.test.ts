import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { CheckpointError, loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { resolveModelConfig } from './config.ts';
import { paramLayout } from './param-layout.ts';

const config = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 8 });
const layout = paramLayout(config);
const rng = createRng(9);
const block = () => Float32Array.from({ length: layout.total }, () => rng.next() - 0.5);
const data = { config, params: block(), optimizer: { m: block(), v: block(), step: 17 }, rng: createRng(3).state() };

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lm-ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkpoint', () => {
  it('round-trips weights, optimizer moments, step and RNG state exactly', async () => {
    const at = join(dir, 'full');
    await saveCheckpoint(at, data);
    const back = await loadCheckpoint(at);
    expect(back.config).toEqual(config);
    expect(back.params).toEqual(data.params);
    expect(back.optimizer!.m).toEqual(data.optimizer.m);
    expect(back.optimizer!.v).toEqual(data.optimizer.v);
    expect(back.optimizer!.step).toBe(17);
    expect(back.rng).toEqual(data.rng);
    const hf = JSON.parse(await readFile(join(at, 'config.json'), 'utf8'));
    expect(hf).toMatchObject({ model_type: 'llama', hidden_size: 16, num_hidden_layers: 1, vocab_size: 259 });
  });

  it('saves weights only when there is no optimizer state', async () => {
    const at = join(dir, 'weights');
    await saveCheckpoint(at, { config, params: data.params });
    const back = await loadCheckpoint(at);
    expect(back.optimizer).toBeUndefined();
    expect(back.rng).toBeUndefined();
    expect(back.params).toEqual(data.params);
  });

  it('stores a tied head once, as HF expects (no lm_head tensor)', async () => {
    const tied = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 8, tieEmbeddings: true });
    const params = Float32Array.from({ length: paramLayout(tied).total }, () => rng.next());
    const at = join(dir, 'tied');
    await saveCheckpoint(at, { config: tied, params });
    const bytes = await readFile(join(at, 'model.safetensors'));
    expect(bytes.includes('lm_head')).toBe(false);
    expect((await loadCheckpoint(at)).params).toEqual(params);
    expect(JSON.parse(await readFile(join(at, 'config.json'), 'utf8')).tie_word_embeddings).toBe(true);
  });

  it('names the file for truncated or corrupt parts', async () => {
    const at = join(dir, 'broken');
    await saveCheckpoint(at, data);
    const model = join(at, 'model.safetensors');
    const bytes = await readFile(model);
    await writeFile(model, bytes.subarray(0, bytes.length - 10));
    await expect(loadCheckpoint(at)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(at)).rejects.toThrow(
      /broken\/model\.safetensors: header describes .* \(file cut short\)/,
    );

    await saveCheckpoint(at, data);
    const meta = join(at, 'checkpoint.json');
    const text = await readFile(meta, 'utf8');
    await writeFile(meta, text.slice(0, 40));
    await expect(loadCheckpoint(at)).rejects.toThrow(/checkpoint\.json: is not valid JSON/);
    await writeFile(meta, text.replace('"layers": 1', '"layers": 1, "widht": 3'));
    await expect(loadCheckpoint(at)).rejects.toThrow(/checkpoint\.json: is not a valid checkpoint header: .*widht/s);
    await writeFile(meta, text.replace('"width": 16', '"width": 32'));
    await expect(loadCheckpoint(at)).rejects.toThrow(/model\.safetensors: tensor .* has shape \[\d+,16\]/);
    await expect(loadCheckpoint(join(dir, 'nowhere'))).rejects.toThrow(/nowhere\/checkpoint\.json: cannot be read/);
  });
});
