import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../spec/run-events.ts';
import { openRunStore, type RunStore } from '../store/run-store.ts';

/** What a resumable training function takes that this helper drives. */
export interface ResumableRun {
  readonly store: RunStore;
  readonly signal: AbortSignal;
  readonly resume: boolean;
  readonly onEvent: (event: RunEvent) => void;
}

/**
 * Runs `train` three times under a fresh temporary root: straight through into `straight/`; into `stopped/`, aborted
 * right after the checkpoint of step `stopAfter` is saved; and again into `stopped/`, resumed. Returns the root, so a
 * test compares `straight` with `stopped` (a resumed run must end where the uninterrupted one does).
 */
export async function stoppedAndResumed(options: {
  readonly config: unknown;
  readonly stopAfter: number;
  readonly prefix: string;
  readonly train: (run: ResumableRun) => Promise<unknown>;
}): Promise<string> {
  const run = async (dir: string, mode: { stopAfter?: number; resume?: boolean }) => {
    const store = openRunStore({ dir });
    if (!mode.resume) store.init({ id: 'r', kind: 'train', config: options.config });
    const abort = new AbortController();
    try {
      await options.train({
        store,
        signal: abort.signal,
        resume: mode.resume ?? false,
        onEvent: (e) => {
          if (e.type === 'checkpoint-saved' && e.step === mode.stopAfter) abort.abort(new Error('stopped'));
        },
      });
    } catch (error) {
      if ((error as Error).message !== 'stopped') throw error;
    } finally {
      store.close();
    }
  };
  const root = mkdtempSync(join(tmpdir(), options.prefix));
  await run(join(root, 'straight'), {});
  await run(join(root, 'stopped'), { stopAfter: options.stopAfter });
  await run(join(root, 'stopped'), { resume: true });
  return root;
}
