import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { openRunStore } from '../store/run-store.ts';
import { runDirOf } from './run-access.ts';

const eventsQuery = z.object({
  /** The `lastRow` of the metrics the page already has (GET …/metrics); only newer rows are sent. */
  after: z.coerce.number().int().nonnegative().default(0),
});

export interface LiveEventsOptions {
  readonly root: string;
  /** How often the run file is polled for new rows. */
  readonly pollMs: number;
  /** Ends every open stream (the server is closing). */
  readonly signal?: AbortSignal;
}

/**
 * Server-Sent Events for one run while it is written: `metrics` (new points and the new `lastRow`) and `meta`
 * (status, summary, episode and checkpoint counts) whenever the run's `updatedAt` or counts move. Polling a
 * read-only WAL connection by row id is cheap (an indexed range scan) and needs nothing from the writer.
 */
export function liveEvents(c: Context, options: LiveEventsOptions): Response {
  const id = c.req.param('id') ?? '';
  const dir = runDirOf(options.root, id);
  let after = eventsQuery.parse(c.req.query()).after;
  return streamSSE(c, async (stream) => {
    const store = openRunStore({ dir, readonly: true });
    const stop = () => stream.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    let lastMeta = '';
    try {
      while (!stream.aborted && !options.signal?.aborted) {
        const points = store.metricsSince(after);
        if (points.length > 0) {
          after = points.at(-1)?.row ?? after;
          await stream.writeSSE({
            event: 'metrics',
            data: JSON.stringify({
              points: points.map(({ step, name, value }) => ({ step, name, value })),
              lastRow: after,
            }),
          });
        }
        const meta = store.meta();
        const snapshot = JSON.stringify({
          status: meta.status,
          summary: meta.summary,
          updatedAt: meta.updatedAt,
          episodes: store.episodeCount(),
          checkpoints: store.checkpoints().length,
        });
        if (snapshot !== lastMeta) {
          lastMeta = snapshot;
          await stream.writeSSE({ event: 'meta', data: snapshot });
        }
        await stream.sleep(options.pollMs);
      }
    } finally {
      options.signal?.removeEventListener('abort', stop);
      store.close();
    }
  });
}
