import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openRunStore, runDatabaseFile, RunStoreError, type SampleRow } from './run-store.ts';
import { isRunDir, listRuns, newRunId } from './runs-root.ts';
import { resolveCheckpoint } from './resolve-checkpoint.ts';

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

describe('run store samples', () => {
  const row = (step: number, episode: number, turn: number, extra: Partial<SampleRow> = {}): SampleRow => ({
    step,
    game: 'kuhn-poker',
    role: turn % 2,
    seed: 100 + episode,
    episode,
    turn,
    prompt: 'card K\n',
    completion: '[bet]',
    promptTokenIds: [256, 1, 2],
    completionTokenIds: [3, 257],
    logprobs: [-0.5, -0.01],
    reward: 1,
    advantage: 0.25,
    ...extra,
  });

  it('round-trips samples in (step, game, episode, turn) order and filters by game and steps', () => {
    const dir = join(tempRoot(), 'run-s');
    const store = openRunStore({ dir });
    store.init({ id: 'run-s', kind: 'train', config: {} });
    store.addSamples([row(2, 0, 0), row(1, 1, 1, { choiceMask: [1, 0] }), row(1, 0, 0, { game: 'leduc-poker' })]);
    store.addSamples([row(1, 1, 1, { reward: -1 })]); // a resumed run re-records a step: replaced, not doubled
    store.close();

    const again = openRunStore({ dir, readonly: true });
    expect(again.sampleCount()).toBe(3);
    const all = [...again.iterateSamples()];
    expect(all.map((s) => [s.step, s.game, s.episode])).toEqual([
      [1, 'kuhn-poker', 1],
      [1, 'leduc-poker', 0],
      [2, 'kuhn-poker', 0],
    ]);
    expect(all[0]).toEqual(row(1, 1, 1, { reward: -1 }));
    expect(all[2]).not.toHaveProperty('choiceMask');
    expect(again.sampleCount({ game: 'kuhn-poker', fromStep: 2 })).toBe(1);
    expect([...again.iterateSamples({ toStep: 1, game: 'leduc-poker' })]).toHaveLength(1);
    again.close();
  });

  it('opens a schema-1 run file (from before samples) read-only and migrates it when opened for writing', () => {
    const dir = join(tempRoot(), 'old');
    mkdirSync(dir);
    const db = new Database(join(dir, runDatabaseFile));
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE metrics (step INTEGER NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, time REAL NOT NULL);
      CREATE TABLE episodes (id INTEGER PRIMARY KEY, step INTEGER NOT NULL, game TEXT NOT NULL, seed INTEGER NOT NULL,
        returns TEXT NOT NULL, outcome TEXT NOT NULL, transcript TEXT NOT NULL);
      CREATE TABLE checkpoints (step INTEGER PRIMARY KEY, path TEXT NOT NULL, time REAL NOT NULL);
      INSERT INTO meta VALUES ('id', '"old"'), ('kind', '"train"'), ('status', '"finished"'), ('summary', '{}');
      INSERT INTO episodes (step, game, seed, returns, outcome, transcript)
        VALUES (1, 'kuhn-poker', 5, '[1,-1]', 'terminal', '{"turns":[]}');
    `);
    db.pragma('user_version = 1');
    db.close();

    const readOnly = openRunStore({ dir, readonly: true });
    expect(readOnly.meta().id).toBe('old');
    expect(readOnly.sampleCount()).toBe(0);
    expect([...readOnly.iterateSamples()]).toEqual([]);
    readOnly.close();

    const writable = openRunStore({ dir });
    expect(writable.episodes()[0]).toMatchObject({ seed: 5, returns: [1, -1] });
    writable.addSamples([row(3, 0, 0)]);
    expect([...writable.iterateSamples()]).toEqual([row(3, 0, 0)]);
    expect([...writable.iterateEpisodes({ game: 'kuhn-poker' })].map((e) => e.seed)).toEqual([5]);
    writable.close();
    const check = new Database(join(dir, runDatabaseFile), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    check.close();
  });

  it('refuses a run file from a newer selfplay', () => {
    const dir = join(tempRoot(), 'future');
    mkdirSync(dir);
    const db = new Database(join(dir, runDatabaseFile));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openRunStore({ dir })).toThrow(/newer than this selfplay/);
  });
});

describe('resolveCheckpoint', () => {
  it('finds the observation layout of the run for its folder and for one of its checkpoint folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-resolve-'));
    const store = openRunStore({ dir });
    store.init({ id: 'r', kind: 'train', config: { rollout: { format: 'compact' } } });
    mkdirSync(join(dir, 'checkpoints', 'step-3'), { recursive: true });
    store.addCheckpoint(3, join('checkpoints', 'step-3'));
    store.close();
    expect(resolveCheckpoint(dir)).toEqual({
      dir: join(dir, 'checkpoints', 'step-3'),
      format: 'compact',
      decoding: 'constrained',
    });
    expect(resolveCheckpoint(join(dir, 'checkpoints', 'step-3')).format).toBe('compact');
    const loose = mkdtempSync(join(tmpdir(), 'selfplay-loose-'));
    expect(resolveCheckpoint(loose)).toEqual({ dir: loose });
  });

  it('finds how the run decoded its answers: free text for a recipe run and a free-decoding game run', () => {
    const run = (config: unknown) => {
      const dir = mkdtempSync(join(tmpdir(), 'selfplay-resolve-'));
      const store = openRunStore({ dir });
      store.init({ id: 'r', kind: 'train', config });
      mkdirSync(join(dir, 'checkpoints', 'step-1'), { recursive: true });
      store.addCheckpoint(1, join('checkpoints', 'step-1'));
      store.close();
      return resolveCheckpoint(dir).decoding;
    };
    expect(run({ recipe: 'sppo', curate: 'win-rates' })).toBe('free');
    expect(run({ rollout: { format: 'compact', decoding: 'free' } })).toBe('free');
    expect(run({ rollout: { format: 'compact', decoding: 'legal' } })).toBe('constrained');
  });
});
