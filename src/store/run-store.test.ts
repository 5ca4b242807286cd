import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRunStore, RunStoreError } from './run-store.ts';
import { isRunDir, listRuns, newRunId } from './runs-root.ts';

const tempRoot = () => mkdtempSync(join(tmpdir(), 'selfplay-runs-'));

describe('run store', () => {
  it('keeps meta, metrics, episodes and checkpoints across reopening', () => {
    const dir = join(tempRoot(), 'run-a');
    let clock = 1000;
    const store = openRunStore({ dir, now: () => clock++ });
    store.init({ id: 'run-a', kind: 'train', config: { game: 'kuhn-poker', lr: 0.001 } });
    store.addMetrics(1, { loss: 0.5, exploitability: 0.4, nan: Number.NaN });
    store.addMetrics(2, { loss: 0.25 });
    store.addEpisodes([
      { step: 1, game: 'kuhn-poker', seed: 7, returns: [1, -1], outcome: 'terminal', transcript: { turns: ['[bet]'] } },
    ]);
    store.addCheckpoint(2, 'checkpoints/step-2');
    store.updateSummary({ exploitability: 0.4 });
    store.setStatus('finished');
    store.close();

    const again = openRunStore({ dir, readonly: true });
    expect(again.meta()).toMatchObject({
      id: 'run-a',
      kind: 'train',
      status: 'finished',
      config: { lr: 0.001 },
      summary: { exploitability: 0.4 },
    });
    expect(again.metrics(['loss']).map((m) => m.value)).toEqual([0.5, 0.25]);
    expect(again.metrics().some((m) => m.name === 'nan')).toBe(false);
    expect(again.episodes()[0]).toMatchObject({ seed: 7, returns: [1, -1], transcript: { turns: ['[bet]'] } });
    expect(again.latestCheckpoint()).toEqual({ step: 2, path: 'checkpoints/step-2' });
    again.close();
    expect(isRunDir(dir)).toBe(true);
  });

  it('lists runs newest first and reports folders that hold no run', () => {
    const root = tempRoot();
    for (const [id, t] of [
      ['old', 1],
      ['new', 5],
    ] as const) {
      const s = openRunStore({ dir: join(root, id), now: () => t });
      s.init({ id, kind: 'arena', config: {} });
      s.close();
    }
    openRunStore({ dir: join(root, 'empty') }).close();
    const runs = listRuns(root);
    expect(runs.map((r) => r.meta?.id ?? 'error')).toEqual(['new', 'old', 'error']);
    expect(runs[2]?.error).toContain('never initialised');
    expect(() => openRunStore({ dir: join(root, 'empty'), readonly: true }).meta()).toThrow(RunStoreError);
    expect(listRuns(join(root, 'missing'))).toEqual([]);
  });

  it('makes sortable, distinct run ids', () => {
    const a = newRunId({ label: 'kuhn poker/x', now: Date.UTC(2026, 10, 22, 21, 22, 33), suffix: 0xabcdef });
    expect(a).toBe('20261122-212233-kuhn-poker-x-00ab');
    expect(newRunId({ label: 'k', now: 0, suffix: 1 })).not.toBe(newRunId({ label: 'k', now: 0, suffix: 2 << 16 }));
  });
});
