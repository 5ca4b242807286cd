import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore, RunStoreError } from './run-store.ts';
import { isRunDir } from './runs-root.ts';

/**
 * Where a `--checkpoint` argument points: a run folder means its latest checkpoint; anything else must be a
 * checkpoint folder itself. Also returns the run's observation format when the run recorded one, since a model
 * only understands the text layout it was trained on.
 */
export function resolveCheckpoint(path: string): { dir: string; format?: 'full' | 'compact' } {
  if (!isRunDir(path)) {
    if (!existsSync(path)) throw new RunStoreError(`no checkpoint or run folder at "${path}"`);
    return { dir: path };
  }
  const store = openRunStore({ dir: path, readonly: true });
  try {
    const latest = store.latestCheckpoint();
    if (!latest) throw new RunStoreError(`run "${path}" has no checkpoint yet (it saves one when training ends)`);
    const format = (store.meta().config as { rollout?: { format?: unknown } } | undefined)?.rollout?.format;
    return { dir: join(path, latest.path), ...(format === 'full' || format === 'compact' ? { format } : {}) };
  } finally {
    store.close();
  }
}
