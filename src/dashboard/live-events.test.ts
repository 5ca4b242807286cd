import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../store/run-store.ts';
import { createDashboardApp } from './dashboard-app.ts';
import { startDashboard } from './start-dashboard.ts';

function makeRun() {
  const root = mkdtempSync(join(tmpdir(), 'selfplay-live-'));
  const store = openRunStore({ dir: join(root, 'live') });
  store.init({ id: 'live', kind: 'train', config: {} });
  store.addMetrics(1, { loss: 1 });
  return { root, store };
}

/** Reads SSE text from `body` until `until(text)` holds; returns what was read. */
async function readUntil(body: ReadableStream<Uint8Array>, until: (text: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until(text)) {
    const { value, done } = await reader.read();
    if (done) return { text, done: true, reader };
    text += decoder.decode(value, { stream: true });
  }
  return { text, done: false, reader };
}

describe('live events', () => {
  it('streams a metric appended after the client connected, and only new rows', async () => {
    const { root, store } = makeRun();
    const app = createDashboardApp({ root, pollMs: 20 });
    const aborter = new AbortController();
    const response = await app.request('/api/runs/live/events?after=1', { signal: aborter.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const body = response.body!;
    const first = await readUntil(body, (t) => t.includes('event: meta'));
    expect(first.text).not.toContain('event: metrics');
    first.reader.releaseLock();

    store.addMetrics(2, { loss: 0.5, exploitability: 0.25 });
    store.setStatus('finished');
    const next = await readUntil(body, (t) => t.includes('event: metrics') && t.includes('finished'));
    const metrics = /event: metrics\ndata: (.*)\n/.exec(next.text)?.[1];
    expect(JSON.parse(metrics ?? 'null')).toEqual({
      points: [
        { step: 2, name: 'loss', value: 0.5 },
        { step: 2, name: 'exploitability', value: 0.25 },
      ],
      lastRow: 3,
    });
    aborter.abort();
    await next.reader.cancel().catch(() => {});
    store.close();
  });

  it('ends open streams and stops listening on close()', async () => {
    const { root, store } = makeRun();
    const dashboard = await startDashboard({ root, port: 0, pollMs: 20 });
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(`${dashboard.url}api/runs/live/events`);
    const opened = await readUntil(response.body!, (t) => t.includes('event: metrics'));
    expect(opened.text).toContain('"name":"loss"');
    opened.reader.releaseLock();
    await dashboard.close();
    const rest = await readUntil(response.body!, () => false).catch(() => ({ done: true }));
    expect(rest.done).toBe(true);
    await expect(fetch(dashboard.url)).rejects.toThrow();
    store.close();
  });
});
