import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

const require = createRequire(import.meta.url);
const pageDir = (name: string) => fileURLToPath(new URL(`./page/${name}`, import.meta.url));

/** Every file the page loads, served from this package (the dashboard works offline: no CDN). */
const assets: Record<string, { file: () => string; type: string }> = {
  '/': { file: () => pageDir('index.html'), type: 'text/html; charset=utf-8' },
  '/vendor/uPlot.iife.min.js': {
    file: () => require.resolve('uplot/dist/uPlot.iife.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/vendor/uPlot.min.css': { file: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};
for (const name of ['app.css', 'main.js', 'api.js', 'dom.js', 'charts.js', 'replay.js', 'tables.js', 'run-view.js'])
  assets[`/${name}`] = {
    file: () => pageDir(name),
    type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
  };

/** Names of the page's own files (for tests that check each one is served). */
export const pageAssetPaths: readonly string[] = Object.keys(assets);

/** Adds a GET route per page asset; the list is fixed, so no request path reaches the file system. */
export function addStaticAssets(app: Hono): void {
  for (const [path, asset] of Object.entries(assets)) {
    app.get(path, async (c) => {
      const body = await readFile(asset.file());
      return c.body(body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
    });
  }
}
