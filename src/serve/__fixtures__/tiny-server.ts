import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createModel,
  type LmModel,
  loadModel,
  type ModelConfigInput,
  resolveModelConfig,
  saveModel,
} from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createRng } from '../../util/rng.ts';
import { type RunningServer, type StartServerOptions, startServer } from '../start-server.ts';

/**
 * A random-init model small enough for tests (untrained: its answers are noise), saved to and loaded back from a
 * checkpoint folder as `selfplay serve` would load it. Context 128 fits compact observations.
 */
export async function tinyModel(): Promise<LmModel> {
  const dir = await saveTinyCheckpoint();
  try {
    return (await loadModel(dir, { kernels: createKernels({ heap: createHeap() }) })).model;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Saves the tiny random-init model to a new temporary folder and returns its path (the caller removes it). Another
 * `seed` gives other weights of the same shape (a "newer" checkpoint); `config` keys change the shape.
 */
export async function saveTinyCheckpoint(options: { seed?: number; config?: ModelConfigInput } = {}): Promise<string> {
  const config = resolveModelConfig({ layers: 1, width: 32, heads: 2, context: 128, ...options.config });
  const built = createModel({
    kernels: createKernels({ heap: createHeap() }),
    config,
    rng: createRng(options.seed ?? 11),
  });
  const dir = await mkdtemp(join(tmpdir(), 'selfplay-serve-'));
  await saveModel(dir, { model: built });
  return dir;
}

/** Starts the real HTTP server on a free port over `model`. */
export function startTinyServer(
  model: LmModel,
  options: Omit<StartServerOptions, 'model'> = {},
): Promise<RunningServer> {
  return startServer({ model, port: 0, modelName: 'tiny', ...options });
}
