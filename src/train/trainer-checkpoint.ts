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
  /** The opponent pool's snapshots (weights saved beside, under pool/step-N) and the live policy's record against each. */
  pool: z.array(z.strictObject({ step: z.number().int(), score: z.number(), games: z.number() })).default([]),
});
export type TrainerState = z.input<typeof trainerStateSchema>;

/** A pool snapshot as a checkpoint holds it. */
export interface SavedSnapshot {
  readonly step: number;
  readonly score: number;
  readonly games: number;
  readonly params: Float32Array;
}

const stateFile = 'trainer-state.json';
const magnetDir = 'magnet';
const snapshotDir = (step: number) => join('pool', `step-${step}`);

/** Saves model, optimizer, sampling RNG, trainer state, the magnet's weights and the opponent pool, when there are. */
export async function saveTrainerCheckpoint(options: {
  dir: string;
  model: LmModel;
  optimizer: Optimizer;
  rng: Rng;
  state: Omit<TrainerState, 'pool'>;
  magnet?: Float32Array;
  pool?: readonly SavedSnapshot[];
}): Promise<void> {
  const { dir, model, optimizer, rng, state, magnet, pool = [] } = options;
  await saveModel(dir, { model, optimizer, rng });
  if (magnet) await saveCheckpoint(join(dir, magnetDir), { config: model.config, params: magnet });
  for (const s of pool)
    await saveCheckpoint(join(dir, snapshotDir(s.step)), { config: model.config, params: s.params });
  const full: TrainerState = { ...state, pool: pool.map(({ step, score, games }) => ({ step, score, games })) };
  // Written last: a checkpoint without its state file was interrupted while saving and is never resumed from.
  await writeFile(join(dir, stateFile), `${JSON.stringify(full)}\n`);
}

export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

/** Reads the trainer state and magnet weights of a checkpoint written by `saveTrainerCheckpoint`. */
export async function loadTrainerExtras(
  dir: string,
): Promise<{ state: z.output<typeof trainerStateSchema>; magnet?: Float32Array; pool: SavedSnapshot[] }> {
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
  const pool: SavedSnapshot[] = [];
  for (const s of parsed.data.pool) {
    pool.push({ ...s, params: (await loadCheckpoint(join(dir, snapshotDir(s.step)))).params });
  }
  return { state: parsed.data, ...(magnet ? { magnet } : {}), pool };
}
