/* global document, window, location, URLSearchParams, setTimeout */
// Entry point: the runs list, the compare chart, and the run view chosen by the URL's #run=<id>.
import { api } from './api.js';
import { compareChart } from './charts.js';
import { h } from './dom.js';
import { showRun } from './run-view.js';
import { summaryLine } from './tables.js';

const picked = new Set();
let stopRun = () => {};
const live = document.getElementById('live');
const setLive = (text) => (live.textContent = text);

// The list refreshes every 3 s while a run is going, and every 15 s otherwise (to notice a run that starts).
const refreshMs = { running: 3000, idle: 15000 };

/** Draws the runs list; returns whether any run is still being written. Ticked runs stay ticked. */
async function showRuns() {
  const runs = await api.runs();
  const rows = runs.map((r) =>
    h(
      'tr',
      { 'data-run': r.id },
      h(
        'td',
        {},
        h('input', {
          type: 'checkbox',
          checked: picked.has(r.id),
          onchange: (e) => (e.target.checked ? picked.add(r.id) : picked.delete(r.id), showCompareControls()),
        }),
      ),
      h('td', {}, h('a', { href: `#run=${encodeURIComponent(r.id)}` }, r.id)),
      h('td', {}, r.kind ?? '?'),
      h('td', { className: `status-${r.status}` }, r.status ?? 'unreadable'),
      h('td', {}, r.createdAt ? new Date(r.createdAt).toISOString().slice(0, 19).replace('T', ' ') : ''),
      h('td', { className: 'muted' }, r.error ?? summaryLine(r.summary)),
    ),
  );
  const container = document.getElementById('runs');
  container.replaceChildren(
    runs.length === 0
      ? h('p', { className: 'muted' }, 'No runs under this root yet.')
      : h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, ...['', 'run', 'kind', 'status', 'started (UTC)', 'summary'].map((c) => h('th', {}, c))),
          ),
          h('tbody', {}, ...rows),
        ),
  );
  return runs.some((r) => r.status === 'running');
}

/** Redraws the runs list on its own: statuses and headline figures move while a run is going. */
async function keepRunsFresh(running) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, running ? refreshMs.running : refreshMs.idle));
    running = await showRuns().catch(() => running);
  }
}

async function showCompareControls() {
  const controls = document.getElementById('compare-controls');
  const ids = [...picked];
  if (ids.length === 0) {
    controls.replaceChildren(h('span', { className: 'muted' }, 'No runs ticked.'));
    return;
  }
  const details = await Promise.all(ids.map((id) => api.run(id)));
  const names = [...new Set(details.flatMap((d) => d.metricNames))].sort();
  const select = h('select', {}, ...names.map((n) => h('option', { value: n }, n)));
  controls.replaceChildren(
    `${ids.length} runs · metric `,
    select,
    ' ',
    h('button', { onclick: () => drawCompare(ids, select.value) }, 'compare'),
  );
}

async function drawCompare(ids, metric) {
  const target = document.getElementById('compare-chart');
  if (!metric) return;
  const answers = await Promise.all(ids.map((id) => api.metrics(id, [metric])));
  const runs = answers.map((a, i) => ({ id: ids[i], points: a.series[metric] ?? [] }));
  // The axis the runs' own pages use for this metric (log for exploitability).
  const spec = answers.flatMap((a) => a.charts).find((c) => c.lines.some((l) => l.name === metric));
  target.replaceChildren(compareChart({ metric, runs, scale: spec?.scale, yLabel: spec?.yLabel }));
}

async function route() {
  stopRun();
  stopRun = () => {};
  setLive('');
  const id = new URLSearchParams(location.hash.slice(1)).get('run');
  const section = document.getElementById('run-section');
  if (!id) {
    section.hidden = true;
    return;
  }
  try {
    stopRun = await showRun(id, section, setLive);
  } catch (error) {
    section.hidden = false;
    section.replaceChildren(h('p', { className: 'error' }, String(error.message ?? error)));
  }
}

window.addEventListener('hashchange', route);
const anyRunning = await showRuns();
await showCompareControls();
await route();
document.body.dataset.ready = 'true';
keepRunsFresh(anyRunning);
