import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTasks } from '../../executors/generate-tasks.ts';
import { tasksToJsonl } from '../../executors/task.ts';
import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { openRunStore } from '../../store/run-store.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { main } from '../main.ts';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
const tempDir = () => mkdtemp(join(tmpdir(), 'pretrain-cli-'));

async function weights(dir: string): Promise<{ config: unknown; params: Float32Array }> {
  const { model } = await loadModel(resolveCheckpoint(dir).dir, { kernels: createKernels({ heap: createHeap() }) });
  return { config: model.config, params: model.params().slice() };
}

async function fails(argv: string[]): Promise<string> {
  const io = captureIo();
  expect(await main(['pretrain', ...argv], io)).toBe(2);
  return io.err();
}

describe('selfplay pretrain', () => {
  it('refuses bad input with a message that says what to give', async () => {
    const out = join(await tempDir(), 'run');
    expect(await fails(['--out', out])).toContain('--corpus NAME is required; corpora: programs');
    expect(await fails(['--corpus', 'books', '--out', out])).toContain('--corpus must be one of programs; got "books"');
    expect(await fails(['--corpus', 'programs'])).toContain('--out DIR is required');
    expect(await fails(['--corpus', 'programs', '--out', out, '--checkpoint', '/nonexistent/run'])).toContain(
      '--checkpoint: no checkpoint or run folder at "/nonexistent/run"',
    );
    expect(await fails(['--corpus', 'programs', '--out', out, '--steps', '0'])).toContain(
      '--steps must be a whole number ≥ 1',
    );
    expect(await fails(['--corpus', 'programs', '--out', out, '--model-preset', 'huge'])).toContain(
      '--model-preset must be one of reference, small',
    );
    expect(await fails(['--corpus', 'programs', '--out', out, '--schedule', 'linear'])).toContain(
      '--schedule must be one of cosine, constant',
    );
  });

  it('pretrains a run folder that solve-tasks reads, and continues from it with --checkpoint', async () => {
    const root = await tempDir();
    const base = join(root, 'base');
    const io = captureIo();
    // A task file of the user's: left out of the corpus, then asked of the model.
    const tasks = join(root, 'tasks.jsonl');
    await writeFile(
      tasks,
      tasksToJsonl(generateTasks({ seed: 5, counts: { deduction: 2, abduction: 2, induction: 2 } })),
    );
    const args = ['--corpus', 'programs', '--out', base, '--steps', '3', '--threads', '1', '--batch', '8'];
    expect(
      await main(['pretrain', ...args, '--model-preset', 'small', '--context', '200', '--exclude', tasks], io),
    ).toBe(0);
    expect(io.out()).toContain(`excluded: 306 tasks (the benchmark and ${tasks})`);
    expect(io.out()).toMatch(/step 1 · loss 5\.\d+ · lr/);
    expect(io.out()).toContain('final loss');
    expect(lastLine(io.out())).toBe(`checkpoint ${join(base, 'checkpoints', 'step-3')}`);
    const store = openRunStore({ dir: base, readonly: true });
    expect(store.meta()).toMatchObject({ status: 'finished', config: { kind: 'pretrain', recipe: 'pretrain' } });
    expect(store.metrics(['loss'])).toHaveLength(3);
    expect(store.meta().config).toMatchObject({ excludeFiles: [tasks], model: { context: 200 } });
    store.close();
    const baseWeights = await weights(base);
    expect(baseWeights.config).toMatchObject({ layers: 2, width: 64, context: 200 });

    // The run folder is a checkpoint for solve-tasks.
    const solved = captureIo();
    expect(await main(['solve-tasks', '--checkpoint', base, '--tasks', tasks, '--max-tokens', '8'], solved)).toBe(0);
    expect(lastLine(solved.out())).toMatch(/^accuracy \d\.\d{4}$/);

    // Another run folder is not overwritten.
    expect(await fails([...args])).toContain('already holds a run');
    // A continued run keeps the base's model; with a negligible rate its weights stay the base's.
    const next = join(root, 'next');
    const cont = ['--corpus', 'programs', '--out', next, '--checkpoint', base, '--steps', '1', '--threads', '1'];
    expect(await fails([...cont, '--context', '128'])).toContain("keeps its base checkpoint's model");
    const io2 = captureIo();
    expect(
      await main(['pretrain', ...cont, '--batch', '4', '--lr', '1e-7', '--warmup-steps', '0', '--seed', '5'], io2),
    ).toBe(0);
    expect(io2.out()).toContain(`from ${join(base, 'checkpoints', 'step-3')}`);
    const continued = await weights(next);
    expect(continued.config).toEqual(baseWeights.config);
    let drift = 0;
    for (let i = 0; i < continued.params.length; i++) {
      drift = Math.max(drift, Math.abs(continued.params[i]! - baseWeights.params[i]!));
    }
    expect(drift).toBeLessThan(1e-5);
    const stored = openRunStore({ dir: next, readonly: true });
    expect(stored.meta().config).toMatchObject({ base: join(base, 'checkpoints', 'step-3'), seed: 5 });
    stored.close();

    // train --resume does not take a pretrain run for a self-play run.
    const resumed = captureIo();
    expect(await main(['train', '--resume', next], resumed)).toBe(2);
    expect(resumed.err()).toMatch(/is a pretraining run; continue from it with selfplay pretrain/);
  }, 180_000);
});
