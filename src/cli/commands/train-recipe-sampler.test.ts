import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { type RunningServer, startServer } from '../../serve/index.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { createRng } from '../../util/rng.ts';
import { main } from '../main.ts';
import { resolveRecipeConfig } from '../resolve-recipe-config.ts';

const tinyModel = { layers: 1, width: 32, heads: 2, context: 64 };
const tiny = [
  `model.config=${JSON.stringify(tinyModel)}`,
  'warmup.steps=20',
  'warmup.lr=0.01',
  'samples=3',
  'epochs=1',
  'evaluation.every=1',
].flatMap((s) => ['--set', s]);

let server: RunningServer;
beforeAll(async () => {
  // A selfplay serve of weights with the recipe's model config; the run replaces them before every iteration.
  const model = createModel({
    kernels: createKernels({ heap: createHeap() }),
    config: resolveModelConfig(tinyModel, 'small'),
    rng: createRng(3),
  });
  server = await startServer({ model, port: 0 });
});
afterAll(() => server.close());

describe('selfplay train --recipe … --sampler', () => {
  it('samples the iterate through the server, reports its syncs, and resumes with the saved sampler', async () => {
    const spec = `openai:${server.baseUrl}#selfplay?api=completions&template=lm-raw&kind=vllm`;
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-sampler-recipe-')), 'run');
    const io = captureIo();
    const args = ['train', '--recipe', 'sppo', '--sampler', spec, '--iterations', '2', '--run-dir', dir, ...tiny];
    expect(await main(args, io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /recipe sppo on data\/preferences\/intransitive-5\.json sampled by selfplay @ 127\.0\.0\.1:\d+, 2 iterations/,
    );
    expect(io.out()).toMatch(
      /^sampler: weights synced \(reload\) before each of 2 iterations in \d+\.\d s · log-prob gap to the iterate ≤ (0|\d\.\de[-+]\d+) per token$/m,
    );
    expect(lines.at(-1)).toMatch(/^duality gap 0\.\d{4}$/);

    const again = captureIo();
    expect(await main(['train', '--resume', dir, '--sampler', spec], again)).not.toBe(0);
    expect(again.err()).toMatch(/--sampler: a recipe run resumes with the sampler its saved config names/);
  });

  it('names the flag or key when the sampler does not fit', async () => {
    const spec = 'openai:http://127.0.0.1:9/v1#m?kind=vllm';
    await expect(resolveRecipeConfig({ recipe: 'sppo', sync: 'reload' })).rejects.toThrow(
      /--sync is how --sampler SPEC gets new weights/,
    );
    await expect(resolveRecipeConfig({ recipe: 'sppo', sampler: spec, sync: 'lora' })).rejects.toThrow(
      /--sync lora: the built-in LM trains all its weights/,
    );
    await expect(resolveRecipeConfig({ recipe: 'sppo', sampler: 'http://h/v1#m' })).rejects.toThrow(
      /--sampler\/--sync: [\s\S]*must start with "openai:"/,
    );
    await expect(
      resolveRecipeConfig({ recipe: 'spin', sampler: 'openai:http://h/v1#m?kind=sglang', sync: 'reload' }),
    ).rejects.toThrow(/--sampler\/--sync: [\s\S]*sync reload needs a sampler of kind vllm or openai/);
    const config = await resolveRecipeConfig({ recipe: 'spin', sampler: spec });
    expect(config.sampler).toEqual({ sampler: spec, sync: 'reload' });
    // Through --set, the config names the key.
    const set = (value: unknown) => resolveRecipeConfig({ recipe: 'sppo', set: [`sampler=${JSON.stringify(value)}`] });
    await expect(set({ sampler: spec, sync: 'lora' })).rejects.toThrow(/trains all its weights[\s\S]*at sampler\.sync/);
    await expect(set({ sampler: `${spec}&decoding=guided`, sync: 'reload' })).rejects.toThrow(
      /drop decoding=guided[\s\S]*at sampler\.sampler/,
    );
    await expect(set({ sampler: 'openai:http://h/v1#m?kind=sglang', sync: 'reload' })).rejects.toThrow(
      /needs a sampler of kind vllm or openai[\s\S]*at sampler\.sync/,
    );
    await expect(set({ sampler: spec, sync: 'reload', extra: 1 })).rejects.toThrow(/extra[\s\S]*at sampler/);
  });
});
