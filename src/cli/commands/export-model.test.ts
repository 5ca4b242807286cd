import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGguf, readGgufTensor } from '../../export/model/index.ts';
import { createModel, type LmModel, resolveModelConfig, saveModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { openRunStore } from '../../store/run-store.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { createRng } from '../../util/rng.ts';
import { main } from '../main.ts';

const config = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 48 });
const tinyModel = (seed: number) =>
  createModel({ kernels: createKernels({ heap: createHeap() }), config, rng: createRng(seed) });
const embedding = (model: LmModel) => model.params().slice(0, model.layout.embed.size);

/** A run folder whose latest checkpoint holds live weights and, in average/, different averaged weights. */
async function runWithAverage() {
  const root = await mkdtemp(join(tmpdir(), 'export-model-cli-'));
  const run = join(root, 'run');
  const store = openRunStore({ dir: run });
  store.init({ id: 'run', kind: 'train', config: {} });
  const live = tinyModel(1);
  const average = tinyModel(2);
  await saveModel(join(run, 'checkpoints', 'step-3'), { model: live });
  await saveModel(join(run, 'checkpoints', 'step-3', 'average'), { model: average });
  store.addCheckpoint(3, join('checkpoints', 'step-3'));
  store.close();
  return { root, run, live, average };
}

async function ggufEmbedding(file: string) {
  const bytes = new Uint8Array(await readFile(file));
  return readGgufTensor(bytes, readGguf(bytes, file), 'token_embd.weight');
}

describe('selfplay export-model', () => {
  it('exports a run’s averaged weights as GGUF, as serve and eval play them, and says so', async () => {
    const { root, run, average } = await runWithAverage();
    const out = join(root, 'gguf', 'model.gguf');
    const io = captureIo();
    expect(await main(['export-model', run, '--format', 'gguf', '--out', out], io)).toBe(0);
    expect(io.out()).toBe(`${out}\n`);
    expect(io.err()).toContain(
      `(averaged weights of ${join(run, 'checkpoints', 'step-3', 'average')}) → gguf at ${out}`,
    );
    expect(await ggufEmbedding(out)).toEqual(embedding(average));

    const help = captureIo();
    expect(await main(['export-model', '--help'], help)).toBe(0);
    expect(help.out()).toContain('averaged weights (average/');
  });

  it('exports a checkpoint folder as an HF directory with the prompts asked for in parity.json', async () => {
    const root = await mkdtemp(join(tmpdir(), 'export-model-cli-'));
    const plain = join(root, 'plain');
    await saveModel(plain, { model: tinyModel(3) });
    const out = join(root, 'hf');
    const io = captureIo();
    const args = ['export-model', plain, '--format', 'hf', '--out', out, '--prompt', 'a', '--prompt', 'b c'];
    expect(await main(args, io)).toBe(0);
    expect(io.err()).toContain(`(weights of ${plain}) → hf at ${out}`);
    expect(io.out().trim().split('\n')).toContain(join(out, 'tokenizer.json'));
    expect((await readdir(out)).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'parity.json',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const parity = JSON.parse(await readFile(join(out, 'parity.json'), 'utf8')) as { prompts: { text: string }[] };
    expect(parity.prompts.map((p) => p.text)).toEqual(['a', 'b c']);
  });

  it('refuses to overwrite without --force and names what is wrong', async () => {
    const { root, run } = await runWithAverage();
    const file = join(root, 'model.gguf');
    await writeFile(file, 'old');
    const exists = captureIo();
    expect(await main(['export-model', run, '--format', 'gguf', '--out', file], exists)).toBe(1);
    expect(exists.err()).toContain(`--out ${file} already exists; pass --force to overwrite it`);
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await main(['export-model', run, '--format', 'gguf', '--out', file, '--force'], captureIo())).toBe(0);
    expect((await readFile(file)).subarray(0, 4).toString()).toBe('GGUF');

    const dir = join(root, 'busy');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    const busy = captureIo();
    expect(await main(['export-model', run, '--format', 'hf', '--out', dir], busy)).toBe(1);
    expect(busy.err()).toContain('is not empty; name a new directory, or pass --force');
    expect(await main(['export-model', run, '--format', 'hf', '--out', dir, '--force'], captureIo())).toBe(0);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');

    const isDir = captureIo();
    expect(await main(['export-model', run, '--format', 'gguf', '--out', dir, '--force'], isDir)).toBe(1);
    expect(isDir.err()).toContain('is a directory; gguf writes one file');
    const isFile = captureIo();
    expect(await main(['export-model', run, '--format', 'hf', '--out', file, '--force'], isFile)).toBe(1);
    expect(isFile.err()).toContain('is a file; hf writes a directory');
  });

  it('rejects bad usage (exit 2) and a missing source (exit 1)', async () => {
    const { root, run } = await runWithAverage();
    const out = join(root, 'x.gguf');
    const cases: [string[], number, string][] = [
      [['export-model', '--format', 'gguf', '--out', out], 2, 'name the run or checkpoint'],
      [['export-model', run, '--out', out], 2, '--format is required: gguf or hf'],
      [['export-model', run, '--format', 'onnx', '--out', out], 2, '--format must be one of gguf, hf; got "onnx"'],
      [['export-model', run, '--format', 'gguf'], 2, '--out is required: the file to write'],
      [['export-model', run, '--format', 'gguf', '--out', out, '--prompt', 'x'], 2, '--prompt only applies'],
      [['export-model', run, 'extra', '--format', 'gguf', '--out', out], 2, 'unexpected argument "extra"'],
      [['export-model', join(root, 'nope'), '--format', 'gguf', '--out', out], 1, 'no checkpoint or run folder at'],
      [['export-model', root, '--format', 'gguf', '--out', out], 1, 'checkpoint.json: cannot be read'],
    ];
    for (const [args, code, message] of cases) {
      const io = captureIo();
      expect(await main(args, io), args.join(' ')).toBe(code);
      expect(io.err(), args.join(' ')).toContain(message);
    }
  });
});
