import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type LmModel, loadCheckpoint, type Optimizer, saveCheckpoint, saveModel } from '../lm/index.ts';
import type { Rng } from '../spec/rng.ts';

/** What the trainer keeps beside the model checkpoint so a run resumes exactly where it stopped. */
const trainerStateSchema = z.strictObject({
  step: z.number().int().min(0),
  /** The advantage estimator's baselines (RAE's EMA per game#role). */
  estimator: z.record(z.string(), z.number()),
});
export type TrainerState = z.infer<typeof trainerStateSchema>;

const stateFile = 'trainer-state.json';
const magnetDir = 'magnet';

/** Saves model, optimizer, sampling RNG, trainer state and (when regularising) the magnet's weights. */
export async function saveTrainerCheckpoint(options: {
  dir: string;
  model: LmModel;
  optimizer: Optimizer;
  rng: Rng;
  state: TrainerState;
  magnet?: Float32Array;
}): Promise<void> {
  const { dir, model, optimizer, rng, state, magnet } = options;
  await saveModel(dir, { model, optimizer, rng });
  if (magnet) await saveCheckpoint(join(dir, magnetDir), { config: model.config, params: magnet });
  // Written last: a checkpoint without its state file was interrupted while saving and is never resumed from.
  await writeFile(join(dir, stateFile), `${JSON.stringify(state)}\n`);
}

export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

/** Reads the trainer state and magnet weights of a checkpoint written by `saveTrainerCheckpoint`. */
export async function loadTrainerExtras(dir: string): Promise<{ state: TrainerState; magnet?: Float32Array }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, stateFile), 'utf8'));
  } catch (cause) {
    throw new ResumeError(`${join(dir, stateFile)} is missing or not JSON: the checkpoint was not written completely`, {
      cause,
    });
  }
  const parsed = trainerStateSchema.safeParse(raw);
  if (!parsed.success) throw new ResumeError(`${join(dir, stateFile)}: ${z.prettifyError(parsed.error)}`);
  const magnet = existsSync(join(dir, magnetDir)) ? (await loadCheckpoint(join(dir, magnetDir))).params : undefined;
  return { state: parsed.data, ...(magnet ? { magnet } : {}) };
}
