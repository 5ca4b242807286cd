/* global fetch, EventSource */
// The dashboard's JSON API (docs/dashboard.md), one function per route.

async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `${path}: HTTP ${response.status}`);
  return body;
}

const run = (id) => `/api/runs/${encodeURIComponent(id)}`;

export const api = {
  runs: () => getJson('/api/runs'),
  run: (id) => getJson(run(id)),
  metrics: (id, names) => getJson(`${run(id)}/metrics${names ? `?names=${encodeURIComponent(names.join(','))}` : ''}`),
  episodes: (id, { offset = 0, limit = 20, game } = {}) =>
    getJson(`${run(id)}/episodes?offset=${offset}&limit=${limit}${game ? `&game=${encodeURIComponent(game)}` : ''}`),
  checkpoints: (id) => getJson(`${run(id)}/checkpoints`),
  arena: (id) => getJson(`${run(id)}/arena`),
  strategyTables: (id) => getJson(`${run(id)}/strategy-tables`),
  events: (id, after) => new EventSource(`${run(id)}/events?after=${after}`),
};
