import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openRunStore, RunStoreError } from './run-store.ts';
import { isRunDir } from './runs-root.ts';

/** Where a checkpoint of a run with weight averaging keeps the averaged weights: the policy the run reported. */
export const averageDirName = 'average';

/**
 * Where a `--checkpoint` argument points: a run folder means its latest checkpoint; anything else must be a
 * checkpoint folder itself. A checkpoint that holds averaged weights (`average/`) plays with those — the policy its
 * run measured; the live weights beside them are for resuming. Also returns the run's observation format when the
 * run recorded one (for a checkpoint folder, the run that holds it as `checkpoints/<name>`), since a model only
 * understands the text layout it was trained on.
 */
export function resolveCheckpoint(path: string): { dir: string; format?: 'full' | 'compact' } {
  if (isRunDir(path)) {
    const { latest, format } = readRun(path);
    if (!latest) throw new RunStoreError(`run "${path}" has no checkpoint yet (it saves one when training ends)`);
    return { dir: policyDir(latest), ...(format ? { format } : {}) };
  }
  if (!existsSync(path)) throw new RunStoreError(`no checkpoint or run folder at "${path}"`);
  const run = dirname(dirname(path));
  const format = isRunDir(run) ? readRun(run).format : undefined;
  return { dir: policyDir(path), ...(format ? { format } : {}) };
}

function policyDir(checkpointDir: string): string {
  const averaged = join(checkpointDir, averageDirName);
  return existsSync(averaged) ? averaged : checkpointDir;
}

/** A run's latest checkpoint folder and the observation layout its config recorded, when it has them. */
function readRun(runDir: string): { latest?: string; format?: 'full' | 'compact' } {
  const store = openRunStore({ dir: runDir, readonly: true });
  try {
    const latest = store.latestCheckpoint();
    const format = (store.meta().config as { rollout?: { format?: unknown } } | undefined)?.rollout?.format;
    return {
      ...(latest ? { latest: join(runDir, latest.path) } : {}),
      ...(format === 'full' || format === 'compact' ? { format } : {}),
    };
  } finally {
    store.close();
  }
}
