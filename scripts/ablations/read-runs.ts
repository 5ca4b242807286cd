import { openRunStore, type RunStatus } from '../../src/store/run-store.ts';
import { isRunDir } from '../../src/store/runs-root.ts';
import { curveMetrics, type RunCurve, runCurve } from './curves.ts';

/** What the report needs from one finished (or partial) run folder. */
export interface LoadedRun extends RunCurve {
  readonly dir: string;
  readonly status: RunStatus;
  /** The steps the run was configured for (its saved config). */
  readonly steps: number;
  /** From the store's creation to its last write: the run's whole wall time, evaluations included. */
  readonly wallSeconds: number;
}

/** A run folder's status and configured steps, or undefined when `dir` holds no run. */
export function runState(dir: string): { status: RunStatus; steps: number; seed: number } | undefined {
  if (!isRunDir(dir)) return undefined;
  const store = openRunStore({ dir, readonly: true });
  try {
    const meta = store.meta();
    const config = meta.config as { steps?: unknown; seed?: unknown };
    return { status: meta.status, steps: Number(config.steps), seed: Number(config.seed) };
  } finally {
    store.close();
  }
}

export function loadRun(options: { dir: string; arm: string; seed: number }): LoadedRun | undefined {
  const { dir, arm, seed } = options;
  if (!isRunDir(dir)) return undefined;
  const store = openRunStore({ dir, readonly: true });
  try {
    const meta = store.meta();
    return {
      arm,
      seed,
      dir,
      status: meta.status,
      steps: Number((meta.config as { steps?: unknown }).steps),
      wallSeconds: (meta.updatedAt - meta.createdAt) / 1000,
      points: runCurve(store.metrics(curveMetrics)),
    };
  } finally {
    store.close();
  }
}
