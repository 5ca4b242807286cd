import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deriveSeed } from '../util/rng.ts';
import { openRunStore, type RunMeta, type RunStore, runDatabaseFile } from './run-store.ts';

/** Where runs go unless `--run-dir` says otherwise. */
export const defaultRunsRoot = 'runs';

/**
 * A sortable, readable run id: UTC time, the job's label, and a short suffix so two runs started in the same
 * second differ (`20261122-212233-kuhn-poker-7f3a`).
 */
export function newRunId(options: { label: string; now: number; suffix: number }): string {
  const iso = new Date(options.now).toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const label = options.label.replace(/[^\w.-]+/g, '-').slice(0, 40);
  return `${stamp}-${label}-${(options.suffix >>> 0).toString(16).padStart(8, '0').slice(0, 4)}`;
}

/** A new run's folder under the default root, named by `newRunId` for `label` (a command's `--run-dir` overrides it). */
export function newRunDir(label: string): string {
  const now = Date.now();
  return join(defaultRunsRoot, newRunId({ label, now, suffix: deriveSeed(now, process.pid) }));
}

/**
 * Runs a command's work on an open run and settles the run: `finished` when `body` returns, `failed` when it throws
 * (the error goes on), and the store closed either way.
 */
/**
 * A recipe run's store: `resume`'s when continuing one, else a new run folder (`runDir`, or a new one for `label`
 * under the default root) initialised with `config`.
 */
export function recipeRunStore(options: {
  readonly resume?: RunStore | undefined;
  readonly runDir?: string | undefined;
  readonly label: string;
  readonly config: unknown;
}): { store: RunStore; dir: string } {
  if (options.resume) return { store: options.resume, dir: options.resume.dir };
  const dir = options.runDir ?? newRunDir(options.label);
  const store = openRunStore({ dir });
  store.init({ id: basename(dir), kind: 'train', config: options.config });
  return { store, dir };
}

export async function settleRun<T>(store: RunStore, body: () => Promise<T>): Promise<T> {
  try {
    const result = await body();
    store.setStatus('finished');
    return result;
  } catch (error) {
    store.setStatus('failed');
    throw error;
  } finally {
    store.close();
  }
}

/** True when `dir` is a run folder (holds a run store). */
export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, runDatabaseFile));
}

/** Every run under `root`, newest first; unreadable folders are reported, not thrown. */
export function listRuns(root: string): { dir: string; meta?: RunMeta; error?: string }[] {
  if (!existsSync(root)) return [];
  const runs = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isRunDir(join(root, entry.name)))
    .map((entry) => {
      const dir = join(root, entry.name);
      try {
        const store = openRunStore({ dir, readonly: true });
        try {
          return { dir, meta: store.meta() };
        } finally {
          store.close();
        }
      } catch (error) {
        return { dir, error: error instanceof Error ? error.message : String(error) };
      }
    });
  return runs.sort((a, b) => (b.meta?.createdAt ?? 0) - (a.meta?.createdAt ?? 0));
}
