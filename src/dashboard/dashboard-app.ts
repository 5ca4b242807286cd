import { Hono } from 'hono';
import { liveEvents } from './live-events.ts';
import { runApi } from './run-api.ts';
import { addStaticAssets } from './static-assets.ts';

export interface DashboardAppOptions {
  /** The runs root: every folder under it holding a `run.sqlite` is a run. */
  readonly root: string;
  /** How often live streams poll a run for new rows (default 1000 ms). */
  readonly pollMs?: number;
  /** Aborting it ends every open event stream, so the server can close. */
  readonly signal?: AbortSignal;
}

/** The dashboard as a Hono app: the page, the JSON API under `/api`, and live events. Testable with `app.request`. */
export function createDashboardApp(options: DashboardAppOptions): Hono {
  const { root } = options;
  const app = new Hono();
  const api = runApi(root);
  api.get('/runs/:id/events', (c) =>
    liveEvents(c, { root, pollMs: options.pollMs ?? 1000, ...(options.signal ? { signal: options.signal } : {}) }),
  );
  app.route('/api', api);
  addStaticAssets(app);
  return app;
}
