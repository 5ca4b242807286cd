import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig, saveModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { measureSpinDivergence, readSpinDataFile } from '../../preference/index.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { createRng } from '../../util/rng.ts';
import { main } from '../main.ts';

const data = fileURLToPath(new URL('../../../data/spin/tiny.json', import.meta.url));

describe('selfplay spin-divergence', () => {
  it('prints each prompt’s data and LM distributions with KL and TV, and ends with the mean KL', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'spin-div-')), 'ckpt');
    const model = createModel({
      kernels: createKernels({ heap: createHeap() }),
      config: resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 64, initStd: 0.3 }),
      rng: createRng(4),
    });
    await saveModel(dir, { model });
    const io = captureIo();
    expect(await main(['spin-divergence', '--checkpoint', dir, '--data', data], io)).toBe(0);
    const text = io.out();
    // A loose checkpoint has no run to say how it played: constrained, where the listed responses hold all mass.
    expect(text).toContain('constrained decoding at temperature 1, top-p 1; 2 prompts from');
    expect(text).toMatch(/^"hello" +0\.6000 +0\.\d{4}$/m);
    expect(text).toMatch(/^<other> +0\.0000 +0\.0000$/m);
    const expected = measureSpinDivergence({ model, data: await readSpinDataFile(data), decoding: 'constrained' });
    expect(text.trimEnd().split('\n').at(-1)).toBe(`KL ${expected.meanKl.toFixed(4)}`);

    const free = captureIo();
    expect(await main(['spin-divergence', '--checkpoint', dir, '--data', data, '--decoding', 'free'], free)).toBe(0);
    expect(free.out()).toMatch(/^<other> +0\.0000 +(1\.0000|0\.9\d{3})$/m);
  });

  it('needs a checkpoint and a data file', async () => {
    const io = captureIo();
    expect(await main(['spin-divergence', '--data', data], io)).not.toBe(0);
    expect(io.err()).toMatch(/--checkpoint and --data are required/);
  });
});
