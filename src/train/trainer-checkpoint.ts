import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { loadCheckpoint, type ModelConfig, saveCheckpoint } from '../lm/index.ts';
import type { LearnerState } from '../spec/learner.ts';
import type { Rng, RngState } from '../spec/rng.ts';
import type { ComponentState } from './components/training-component.ts';

/**
 * A resumable trainer checkpoint is a folder: the learner's weights and optimizer with the sampling RNG (a model
 * checkpoint, so players load it directly), the weight blocks of the run's components in sub-folders, and
 * `trainer-state.json`: the step and the components' fields.
 */
const stateFile = 'trainer-state.json';
const stepSchema = z.looseObject({ step: z.number().int().min(0) });

export interface TrainerCheckpoint {
  readonly step: number;
  readonly learner: LearnerState;
  /** The sampling policy's RNG. */
  readonly rng: RngState;
  readonly components: ComponentState;
}

export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

export async function saveTrainerCheckpoint(options: {
  dir: string;
  config: ModelConfig;
  learner: LearnerState;
  rng: Rng;
  step: number;
  components: ComponentState;
}): Promise<void> {
  const { dir, config, learner, components } = options;
  await saveCheckpoint(dir, { config, params: learner.params, optimizer: learner.optimizer, rng: options.rng.state() });
  for (const [sub, params] of components.weights) await saveCheckpoint(join(dir, sub), { config, params });
  // Written last: a checkpoint without its state file was interrupted while saving and is never resumed from.
  await writeFile(join(dir, stateFile), `${JSON.stringify({ step: options.step, ...components.fields })}\n`);
}

/** Reads a checkpoint written by `saveTrainerCheckpoint`; a missing or partial one is a `ResumeError`. */
export async function loadTrainerCheckpoint(dir: string): Promise<TrainerCheckpoint> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, stateFile), 'utf8'));
  } catch (cause) {
    throw new ResumeError(`${join(dir, stateFile)} is missing or not JSON: the checkpoint was not written completely`, {
      cause,
    });
  }
  const parsed = stepSchema.safeParse(raw);
  if (!parsed.success) throw new ResumeError(`${join(dir, stateFile)}: ${z.prettifyError(parsed.error)}`);
  const { step, ...fields } = parsed.data;
  const core = await loadCheckpoint(dir);
  if (!core.optimizer || !core.rng)
    throw new ResumeError(`${dir} holds weights only (no optimizer or RNG state): it is not a trainer checkpoint`);
  const weights = new Map<string, Float32Array>();
  for (const sub of await weightFolders(dir)) weights.set(sub, (await loadCheckpoint(join(dir, sub))).params);
  return {
    step,
    learner: { params: core.params, optimizer: core.optimizer },
    rng: core.rng,
    components: { fields, weights },
  };
}

/** Sub-folders (at any depth, as `a/b`) that hold a model checkpoint. */
async function weightFolders(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (existsSync(join(dir, sub, 'checkpoint.json'))) out.push(sub);
    out.push(...(await weightFolders(dir, sub)));
  }
  return out.sort();
}
