import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type LmModel, loadCheckpoint, type Optimizer, saveCheckpoint, saveModel } from '../lm/index.ts';
import type { Rng } from '../spec/rng.ts';
import { averageDirName } from '../store/resolve-checkpoint.ts';

/** What the trainer keeps beside the model checkpoint so a run resumes exactly where it stopped. */
const trainerStateSchema = z.strictObject({
  step: z.number().int().min(0),
  /** The advantage estimator's baselines (RAE's EMA per game#role). */
  estimator: z.record(z.string(), z.number()),
  /** The opponent pool's snapshots (weights saved beside, under pool/step-N) and the live policy's record against each. */
  pool: z.array(z.strictObject({ step: z.number().int(), score: z.number(), games: z.number() })).default([]),
  /** Updates folded into the weight average (saved beside, under average/), which sets its warm-up decay. */
  averageUpdates: z.number().int().min(0).optional(),
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
  /** The weight average, the policy the run reports (players load it in place of the live weights). */
  average?: Float32Array;
  pool?: readonly SavedSnapshot[];
}): Promise<void> {
  const { dir, model, optimizer, rng, state, magnet, average, pool = [] } = options;
  await saveModel(dir, { model, optimizer, rng });
  if (magnet) await saveCheckpoint(join(dir, magnetDir), { config: model.config, params: magnet });
  if (average) await saveCheckpoint(join(dir, averageDirName), { config: model.config, params: average });
  for (const s of pool)
    await saveCheckpoint(join(dir, snapshotDir(s.step)), { config: model.config, params: s.params });
  const full: TrainerState = { ...state, pool: pool.map(({ step, score, games }) => ({ step, score, games })) };
  // Written last: a checkpoint without its state file was interrupted while saving and is never resumed from.
  await writeFile(join(dir, stateFile), `${JSON.stringify(full)}\n`);
}

export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

/** Reads the trainer state, magnet, weight average and pool of a checkpoint written by `saveTrainerCheckpoint`. */
export async function loadTrainerExtras(dir: string): Promise<{
  state: z.output<typeof trainerStateSchema>;
  magnet?: Float32Array;
  average?: Float32Array;
  pool: SavedSnapshot[];
}> {
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
  const saved = async (sub: string) =>
    existsSync(join(dir, sub)) ? (await loadCheckpoint(join(dir, sub))).params : undefined;
  const magnet = await saved(magnetDir);
  const average = await saved(averageDirName);
  const pool: SavedSnapshot[] = [];
  for (const s of parsed.data.pool) {
    pool.push({ ...s, params: (await loadCheckpoint(join(dir, snapshotDir(s.step)))).params });
  }
  return { state: parsed.data, ...(magnet ? { magnet } : {}), ...(average ? { average } : {}), pool };
}
