import { basename } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { listRuns } from '../store/runs-root.ts';
import { arenaResultSchema, arenaView } from './arena-view.ts';
import { RunNotFoundError, withRun } from './run-access.ts';
import { metricSeries } from './metric-series.ts';
import { strategyTablesSchema } from './strategy-tables.ts';

const metricsQuery = z.object({
  /** Comma-separated metric names; all when absent. */
  names: z.string().optional(),
});
const episodesQuery = z.object({
  offset: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(500).default(20),
  game: z.string().min(1).optional(),
});
const resultName = z.string().regex(/^[\w.-]+$/);

/** A stored result from another selfplay version, or hand-edited: say which and why, not a bare 500. */
function notUnderstood(name: string, error: z.ZodError): string {
  return `the run's ${name} result does not have the expected shape (${z.prettifyError(error)}); docs/dashboard.md describes it`;
}

/** The JSON API over the runs under `root`; every handler opens the run read-only and closes it again. */
export function runApi(root: string): Hono {
  const api = new Hono();

  api.onError((error, c) => {
    if (error instanceof RunNotFoundError) return c.json({ error: error.message }, 404);
    if (error instanceof z.ZodError)
      return c.json({ error: `bad request: ${z.prettifyError(error)}; see docs/dashboard.md for the routes` }, 400);
    return c.json({ error: `${error.name}: ${error.message}` }, 500);
  });

  api.get('/runs', (c) =>
    c.json(
      listRuns(root).map(({ dir, meta, error }) => {
        const id = basename(dir);
        if (!meta) return { id, error: error ?? 'unreadable' };
        const { config: _config, ...rest } = meta;
        return { ...rest, id };
      }),
    ),
  );

  api.get('/runs/:id', (c) =>
    withRun(root, c.req.param('id'), (store) => {
      const meta = store.meta();
      return c.json({
        ...meta,
        id: c.req.param('id'),
        metricNames: [...new Set(store.metrics().map((m) => m.name))].sort(),
        episodes: store.episodeCount(),
        games: store.episodeGames(),
        checkpoints: store.checkpoints().length,
        results: {
          arena: store.result('arena') !== undefined,
          strategyTables: store.result('strategy-tables') !== undefined,
        },
      });
    }),
  );

  api.get('/runs/:id/metrics', (c) => {
    const { names } = metricsQuery.parse(c.req.query());
    const wanted = names?.split(',').filter((n) => n.length > 0);
    return withRun(root, c.req.param('id'), (store) => c.json(metricSeries(store.metricsSince(0), wanted)));
  });

  api.get('/runs/:id/episodes', (c) => {
    const { offset, limit, game } = episodesQuery.parse(c.req.query());
    return withRun(root, c.req.param('id'), (store) =>
      c.json({
        total: store.episodeCount(game),
        offset,
        limit,
        episodes: store.episodes({ offset, limit, ...(game ? { game } : {}) }),
      }),
    );
  });

  api.get('/runs/:id/checkpoints', (c) => withRun(root, c.req.param('id'), (store) => c.json(store.checkpoints())));

  api.get('/runs/:id/arena', (c) =>
    withRun(root, c.req.param('id'), (store) => {
      const raw = store.result('arena');
      if (raw === undefined) return c.json({ error: 'this run has no arena result' }, 404);
      const parsed = arenaResultSchema.safeParse(raw);
      if (!parsed.success) return c.json({ error: notUnderstood('arena', parsed.error) }, 422);
      return c.json(arenaView(parsed.data));
    }),
  );

  api.get('/runs/:id/strategy-tables', (c) =>
    withRun(root, c.req.param('id'), (store) => {
      const raw = store.result('strategy-tables');
      if (raw === undefined) return c.json({ error: 'this run has no strategy-tables result' }, 404);
      const parsed = strategyTablesSchema.safeParse(raw);
      if (!parsed.success) return c.json({ error: notUnderstood('strategy-tables', parsed.error) }, 422);
      return c.json({ tables: parsed.data });
    }),
  );

  api.get('/runs/:id/results/:name', (c) =>
    withRun(root, c.req.param('id'), (store) => {
      const raw = store.result(resultName.parse(c.req.param('name')));
      return raw === undefined ? c.json({ error: 'no such result in this run' }, 404) : c.json(raw);
    }),
  );

  return api;
}
