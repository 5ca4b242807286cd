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
export function resolveCheckpoint(path: string): ResolvedCheckpoint {
  if (isRunDir(path)) {
    const { latest, ...recorded } = readRun(path);
    if (!latest) throw new RunStoreError(`run "${path}" has no checkpoint yet (it saves one when training ends)`);
    return { dir: policyDir(latest), ...recorded };
  }
  if (!existsSync(path)) throw new RunStoreError(`no checkpoint or run folder at "${path}"`);
  const run = dirname(dirname(path));
  const { latest: _, ...recorded } = isRunDir(run) ? readRun(run) : {};
  return { dir: policyDir(path), ...recorded };
}

export interface ResolvedCheckpoint {
  readonly dir: string;
  readonly format?: 'full' | 'compact';
  /**
   * How the run played its answers, when it recorded it: `free` for free text (a preference recipe, a game run with
   * `rollout.decoding: free`), `constrained` for constrained decoding to the legal moves.
   */
  readonly decoding?: 'free' | 'constrained';
}

function policyDir(checkpointDir: string): string {
  const averaged = join(checkpointDir, averageDirName);
  return existsSync(averaged) ? averaged : checkpointDir;
}

/** A run's latest checkpoint folder and the observation layout its config recorded, when it has them. */
function readRun(runDir: string): { latest?: string; format?: 'full' | 'compact'; decoding?: 'free' | 'constrained' } {
  const store = openRunStore({ dir: runDir, readonly: true });
  try {
    const latest = store.latestCheckpoint();
    const config = store.meta().config as
      { rollout?: { format?: unknown; decoding?: unknown }; curate?: unknown } | undefined;
    const format = config?.rollout?.format;
    // Outer-iteration recipes (their config names a curation) play free text; game runs say so in rollout.decoding.
    const decoding =
      config?.curate !== undefined
        ? 'free'
        : config?.rollout?.decoding === 'free'
          ? 'free'
          : config?.rollout
            ? 'constrained'
            : undefined;
    return {
      ...(latest ? { latest: join(runDir, latest.path) } : {}),
      ...(format === 'full' || format === 'compact' ? { format } : {}),
      ...(decoding ? { decoding } : {}),
    };
  } finally {
    store.close();
  }
}
