import type { Rng } from '../spec/rng.ts';
import { createRng } from '../util/rng.ts';
import { type AdamwConfig, createOptimizer, type Optimizer } from './adamw.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import type { Kernels } from './kernels/index.ts';
import { createModel, type LmModel } from './model.ts';

/** Saves a model, and optionally its optimizer and the training RNG, so training resumes exactly. */
export async function saveModel(
  dir: string,
  parts: { model: LmModel; optimizer?: Optimizer; rng?: Rng },
): Promise<void> {
  const { model, optimizer, rng } = parts;
  await saveCheckpoint(dir, {
    config: model.config,
    params: model.params().slice(),
    ...(optimizer ? { optimizer: { ...optimizer.moments(), step: optimizer.state.step } } : {}),
    ...(rng ? { rng: rng.state() } : {}),
  });
}

export interface LoadedModel {
  readonly model: LmModel;
  /** Present when the checkpoint holds optimizer state. */
  readonly optimizer?: Optimizer;
  /** The saved training RNG, continued where it stopped. */
  readonly rng?: Rng;
}

/** Loads a checkpoint into `kernels`' heap; `adamw` settings apply to the restored optimizer. */
export async function loadModel(
  dir: string,
  options: { kernels: Kernels; adamw?: Partial<AdamwConfig> },
): Promise<LoadedModel> {
  const data = await loadCheckpoint(dir);
  const { kernels } = options;
  const model = createModel({ kernels, config: data.config, params: data.params });
  const optimizer = data.optimizer
    ? createOptimizer({ model, ...(options.adamw ? { config: options.adamw } : {}), resume: data.optimizer })
    : undefined;
  return { model, ...(optimizer ? { optimizer } : {}), ...(data.rng ? { rng: createRng(data.rng) } : {}) };
}
