import { join } from 'node:path';
import { openRunStore, type RunStore } from '../store/run-store.ts';
import { isRunDir } from '../store/runs-root.ts';

/** A run id in a URL is a folder name under the runs root: nothing that could climb out of it. */
const runIdPattern = /^[\w][\w.-]*$/;

/** No run folder of that id under the dashboard's root. */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
}

/** The folder of run `id` under `root`; throws `RunNotFoundError` when the id is malformed or holds no run. */
export function runDirOf(root: string, id: string): string {
  if (!runIdPattern.test(id) || id.includes('..'))
    throw new RunNotFoundError(`"${id}" is not a run id (a folder name under the runs root)`);
  const dir = join(root, id);
  if (!isRunDir(dir))
    throw new RunNotFoundError(`no run "${id}" under ${root}; list the runs with GET /api/runs or \`selfplay runs\``);
  return dir;
}

/** Opens run `id` read-only for the length of `use`, so no request keeps a file handle it does not need. */
export function withRun<T>(root: string, id: string, use: (store: RunStore) => T): T {
  const store = openRunStore({ dir: runDirOf(root, id), readonly: true });
  try {
    return use(store);
  } finally {
    store.close();
  }
}
