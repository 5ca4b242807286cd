import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** What kind of job a run folder holds. */
export type RunKind = 'train' | 'arena' | 'eval';
export type RunStatus = 'running' | 'finished' | 'failed' | 'stopped';

export interface RunMeta {
  readonly id: string;
  readonly kind: RunKind;
  readonly status: RunStatus;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The resolved config, as saved. */
  readonly config: unknown;
  /** Headline figures for listings (e.g. final exploitability). */
  readonly summary: Record<string, number | string>;
}

export interface EpisodeRow {
  readonly step: number;
  readonly game: string;
  readonly seed: number;
  readonly returns: readonly number[];
  readonly outcome: string;
  /** The episode's turns and anything else worth replaying, as JSON-compatible data. */
  readonly transcript: unknown;
}

export interface MetricPoint {
  readonly step: number;
  readonly name: string;
  readonly value: number;
}

/**
 * One trained turn, as the learner saw it, with what a trainer outside selfplay needs to reuse it. Token ids are the
 * built-in LM's byte-level ids, so `prompt`/`completion` are their decoded text (BOS/EOS dropped).
 */
export interface SampleRow {
  readonly step: number;
  readonly game: string;
  /** The seat (player index) that took the turn. */
  readonly role: number;
  /** The episode's seed (replays its deal). */
  readonly seed: number;
  /** The episode's index among the step's games. */
  readonly episode: number;
  /** The turn's index within the episode. */
  readonly turn: number;
  readonly prompt: string;
  readonly completion: string;
  readonly promptTokenIds: readonly number[];
  readonly completionTokenIds: readonly number[];
  /** The sampling policy's log-prob of each completion token. */
  readonly logprobs: readonly number[];
  /** The episode's return for `role`. */
  readonly reward: number;
  /** The advantage the learner used for this turn (its role's, or the turn's own), before any magnet shaping. */
  readonly advantage: number;
  /** Per completion token: 1 where the policy had a choice, 0 where constrained decoding forced it. */
  readonly choiceMask?: readonly number[];
}

/** Which samples or episodes to read: one game and/or an inclusive step range. */
export interface SampleFilter {
  readonly game?: string;
  readonly fromStep?: number;
  readonly toStep?: number;
}

export const runDatabaseFile = 'run.sqlite';
/** 1: meta, metrics, episodes, checkpoints. 2: + samples. */
const schemaVersion = 2;

/**
 * One run's store: a SQLite file inside the run's folder (so a folder is a complete, copyable run), written by the
 * job and read concurrently by `selfplay runs` and the dashboard (WAL mode). Times come from the injected clock.
 */
export function openRunStore(options: { dir: string; now?: () => number; readonly?: boolean }) {
  const { dir } = options;
  const now = options.now ?? Date.now;
  if (!options.readonly) mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, runDatabaseFile), {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    migrate(db);
  }

  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const putMeta = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const readMeta = (key: string): unknown => {
    const row = getMeta.get(key);
    return row === undefined ? undefined : JSON.parse(row.value);
  };
  const writeMeta = (key: string, value: unknown) => putMeta.run(key, JSON.stringify(value));
  const touch = () => writeMeta('updatedAt', now());
  const insertMetric = db.prepare('INSERT INTO metrics (step, name, value, time) VALUES (?, ?, ?, ?)');
  const insertEpisode = db.prepare(
    'INSERT INTO episodes (step, game, seed, returns, outcome, transcript) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // A resumed run replays the steps after its checkpoint exactly, so a turn already recorded is replaced, not doubled.
  // Prepared on first use: a read-only open of a run from before samples has no table to prepare against.
  let insertSample: Database.Statement | undefined;
  const sampleInsert = () =>
    (insertSample ??= db.prepare(
      `INSERT OR REPLACE INTO samples (step, game, role, seed, episode, turn, prompt, completion, prompt_token_ids,
       completion_token_ids, logprobs, reward, advantage, choice_mask)
     VALUES (@step, @game, @role, @seed, @episode, @turn, @prompt, @completion, @promptTokenIds, @completionTokenIds,
       @logprobs, @reward, @advantage, @choiceMask)`,
    ));
  // Read-only opens skip the migration, so a run written by an older selfplay may have no samples table.
  const hasSamplesTable = () =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'samples'").get() !== undefined;
  const sampleWhere =
    '(@game IS NULL OR game = @game) AND (@from IS NULL OR step >= @from) AND (@to IS NULL OR step <= @to)';
  const sampleParams = (filter: SampleFilter) => ({
    game: filter.game ?? null,
    from: filter.fromStep ?? null,
    to: filter.toStep ?? null,
  });
  const insertCheckpoint = db.prepare(
    'INSERT INTO checkpoints (step, path, time) VALUES (?, ?, ?) ON CONFLICT(step) DO UPDATE SET path = excluded.path, time = excluded.time',
  );

  return {
    dir,
    /** Writes the run's identity and config; call once when the run starts. */
    init(meta: { id: string; kind: RunKind; config: unknown }): void {
      db.transaction(() => {
        writeMeta('id', meta.id);
        writeMeta('kind', meta.kind);
        writeMeta('config', meta.config);
        writeMeta('status', 'running');
        writeMeta('createdAt', now());
        writeMeta('summary', {});
        touch();
      })();
    },
    setStatus(status: RunStatus): void {
      writeMeta('status', status);
      touch();
    },
    /** Merges headline figures into the run's summary. */
    updateSummary(figures: Record<string, number | string>): void {
      writeMeta('summary', { ...((readMeta('summary') as Record<string, unknown>) ?? {}), ...figures });
      touch();
    },
    meta(): RunMeta {
      const id = readMeta('id');
      if (typeof id !== 'string')
        throw new RunStoreError(`${join(dir, runDatabaseFile)} holds no run (never initialised)`);
      return {
        id,
        kind: readMeta('kind') as RunKind,
        status: readMeta('status') as RunStatus,
        createdAt: Number(readMeta('createdAt')),
        updatedAt: Number(readMeta('updatedAt')),
        config: readMeta('config'),
        summary: (readMeta('summary') as Record<string, number | string>) ?? {},
      };
    },
    /** Saves a named JSON result (an arena's standings, a final report). */
    setResult(name: string, value: unknown): void {
      writeMeta(`result:${name}`, value);
      touch();
    },
    result(name: string): unknown {
      return readMeta(`result:${name}`);
    },
    /** Records named figures for one step in one transaction. */
    addMetrics(step: number, values: Record<string, number>): void {
      const time = now();
      db.transaction(() => {
        for (const [name, value] of Object.entries(values))
          if (Number.isFinite(value)) insertMetric.run(step, name, value, time);
      })();
    },
    metrics(names?: readonly string[]): MetricPoint[] {
      const rows = db.prepare<[], MetricPoint>('SELECT step, name, value FROM metrics ORDER BY step, rowid').all();
      return names ? rows.filter((r) => names.includes(r.name)) : rows;
    },
    /** Metric rows written after row id `afterRow` (0: all), oldest first, so a live view polls only what is new. */
    metricsSince(afterRow: number): (MetricPoint & { row: number })[] {
      return db
        .prepare<[number], MetricPoint & { row: number }>(
          'SELECT rowid AS row, step, name, value FROM metrics WHERE rowid > ? ORDER BY rowid',
        )
        .all(afterRow);
    },
    addEpisodes(episodes: readonly EpisodeRow[]): void {
      db.transaction(() => {
        for (const e of episodes) {
          insertEpisode.run(e.step, e.game, e.seed, JSON.stringify(e.returns), e.outcome, JSON.stringify(e.transcript));
        }
      })();
    },
    /** How many episodes are stored (of one game, when given), for paging. */
    episodeCount(game?: string): number {
      return db
        .prepare<[{ game: string | null }], { n: number }>(
          'SELECT count(*) AS n FROM episodes WHERE (@game IS NULL OR game = @game)',
        )
        .get({ game: game ?? null })!.n;
    },
    /** The games that have stored episodes, sorted. */
    episodeGames(): string[] {
      return db
        .prepare<[], { game: string }>('SELECT DISTINCT game FROM episodes ORDER BY game')
        .all()
        .map((r) => r.game);
    },
    /** Newest first; `offset` skips that many of the newest. */
    episodes(options: { limit?: number; game?: string; offset?: number } = {}): EpisodeRow[] {
      const rows = db
        .prepare<
          [{ game: string | null; limit: number; offset: number }],
          { step: number; game: string; seed: number; returns: string; outcome: string; transcript: string }
        >(
          'SELECT step, game, seed, returns, outcome, transcript FROM episodes WHERE (@game IS NULL OR game = @game) ORDER BY id DESC LIMIT @limit OFFSET @offset',
        )
        .all({ game: options.game ?? null, limit: options.limit ?? 100, offset: options.offset ?? 0 });
      return rows.map((r) => ({ ...r, returns: JSON.parse(r.returns), transcript: JSON.parse(r.transcript) }));
    },
    /** Records trained turns in one transaction. */
    addSamples(rows: readonly SampleRow[]): void {
      db.transaction(() => {
        for (const r of rows) {
          sampleInsert().run({
            step: r.step,
            game: r.game,
            role: r.role,
            seed: r.seed,
            episode: r.episode,
            turn: r.turn,
            prompt: r.prompt,
            completion: r.completion,
            promptTokenIds: JSON.stringify(r.promptTokenIds),
            completionTokenIds: JSON.stringify(r.completionTokenIds),
            logprobs: JSON.stringify(r.logprobs),
            reward: r.reward,
            advantage: r.advantage,
            choiceMask: r.choiceMask ? JSON.stringify(r.choiceMask) : null,
          });
        }
      })();
    },
    /** How many samples match `filter` (0 for a run from before samples were recorded). */
    sampleCount(filter: SampleFilter = {}): number {
      if (!hasSamplesTable()) return 0;
      return db
        .prepare<[ReturnType<typeof sampleParams>], { n: number }>(
          `SELECT count(*) AS n FROM samples WHERE ${sampleWhere}`,
        )
        .get(sampleParams(filter))!.n;
    },
    /**
     * The samples matching `filter` in (step, game, episode, turn) order, read row by row from SQLite so a large run
     * never sits in memory. Finish (or `return()`) the iterator before using the store for anything else.
     */
    *iterateSamples(filter: SampleFilter = {}): Generator<SampleRow> {
      if (!hasSamplesTable()) return;
      const rows = db
        .prepare<[ReturnType<typeof sampleParams>], StoredSample>(
          `SELECT * FROM samples WHERE ${sampleWhere} ORDER BY step, game, episode, turn`,
        )
        .iterate(sampleParams(filter));
      for (const r of rows) yield sampleFromStored(r);
    },
    /** Episodes matching `filter`, oldest first, read row by row (same caveat as `iterateSamples`). */
    *iterateEpisodes(filter: SampleFilter = {}): Generator<EpisodeRow> {
      const rows = db
        .prepare<
          [ReturnType<typeof sampleParams>],
          { step: number; game: string; seed: number; returns: string; outcome: string; transcript: string }
        >(`SELECT step, game, seed, returns, outcome, transcript FROM episodes WHERE ${sampleWhere} ORDER BY id`)
        .iterate(sampleParams(filter));
      for (const r of rows) yield { ...r, returns: JSON.parse(r.returns), transcript: JSON.parse(r.transcript) };
    },
    addCheckpoint(step: number, path: string): void {
      insertCheckpoint.run(step, path, now());
      touch();
    },
    /** Every checkpoint, oldest first. */
    checkpoints(): { step: number; path: string; time: number }[] {
      return db
        .prepare<[], { step: number; path: string; time: number }>(
          'SELECT step, path, time FROM checkpoints ORDER BY step',
        )
        .all();
    },
    /** The newest checkpoint, if any. */
    latestCheckpoint(): { step: number; path: string } | undefined {
      return db
        .prepare<[], { step: number; path: string }>('SELECT step, path FROM checkpoints ORDER BY step DESC LIMIT 1')
        .get();
    },
    close(): void {
      db.close();
    },
  };
}

export type RunStore = ReturnType<typeof openRunStore>;

/** A run folder that cannot be read: missing, not a run, or from a newer selfplay. */
export class RunStoreError extends Error {
  override readonly name = 'RunStoreError';
}

interface StoredSample {
  step: number;
  game: string;
  role: number;
  seed: number;
  episode: number;
  turn: number;
  prompt: string;
  completion: string;
  prompt_token_ids: string;
  completion_token_ids: string;
  logprobs: string;
  reward: number;
  advantage: number;
  choice_mask: string | null;
}

function sampleFromStored(r: StoredSample): SampleRow {
  return {
    step: r.step,
    game: r.game,
    role: r.role,
    seed: r.seed,
    episode: r.episode,
    turn: r.turn,
    prompt: r.prompt,
    completion: r.completion,
    promptTokenIds: JSON.parse(r.prompt_token_ids) as number[],
    completionTokenIds: JSON.parse(r.completion_token_ids) as number[],
    logprobs: JSON.parse(r.logprobs) as number[],
    reward: r.reward,
    advantage: r.advantage,
    ...(r.choice_mask === null ? {} : { choiceMask: JSON.parse(r.choice_mask) as number[] }),
  };
}

/** Brings a run file up to `schemaVersion` one step at a time, so files from any older selfplay still open. */
function migrate(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > schemaVersion) {
    throw new RunStoreError(
      `run store schema ${version} is newer than this selfplay understands (${schemaVersion}); upgrade selfplay`,
    );
  }
  if (version === schemaVersion) return;
  db.transaction(() => {
    if (version < 1) createBaseTables(db);
    if (version < 2) createSamplesTable(db);
    db.pragma(`user_version = ${schemaVersion}`);
  })();
}

function createBaseTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS metrics (step INTEGER NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, time REAL NOT NULL);
    CREATE INDEX IF NOT EXISTS metrics_by_name ON metrics (name, step);
    CREATE TABLE IF NOT EXISTS episodes (
      id INTEGER PRIMARY KEY, step INTEGER NOT NULL, game TEXT NOT NULL, seed INTEGER NOT NULL,
      returns TEXT NOT NULL, outcome TEXT NOT NULL, transcript TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS episodes_by_game ON episodes (game, id);
    CREATE TABLE IF NOT EXISTS checkpoints (step INTEGER PRIMARY KEY, path TEXT NOT NULL, time REAL NOT NULL);
  `);
}

// Token ids and log-probs are JSON arrays: exact for JS numbers and readable with the sqlite3 shell.
function createSamplesTable(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS samples (
      step INTEGER NOT NULL, game TEXT NOT NULL, role INTEGER NOT NULL, seed INTEGER NOT NULL,
      episode INTEGER NOT NULL, turn INTEGER NOT NULL, prompt TEXT NOT NULL, completion TEXT NOT NULL,
      prompt_token_ids TEXT NOT NULL, completion_token_ids TEXT NOT NULL, logprobs TEXT NOT NULL,
      reward REAL NOT NULL, advantage REAL NOT NULL, choice_mask TEXT,
      PRIMARY KEY (step, game, episode, turn));
  `);
}
