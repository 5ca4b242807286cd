import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore, type RunMeta, runDatabaseFile } from './run-store.ts';

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
