// One run: meta and config, a chart per metric (live over SSE), results tables, episodes with the replay viewer.
import { api } from './api.js';
import { metricChart } from './charts.js';
import { fmt, h, table } from './dom.js';
import { replayViewer } from './replay.js';
import { arenaTables, kuhnTable, summaryLine } from './tables.js';

const pageSize = 20;

/** Renders run `id` into `section`; returns a function that stops its live updates. */
export async function showRun(id, section, setLive) {
  const [run, metrics] = await Promise.all([api.run(id), api.metrics(id)]);
  const status = h('span', { className: `status-${run.status}` }, run.status);
  const summary = h('span', { className: 'muted' }, summaryLine(run.summary));
  section.replaceChildren(
    h('h2', {}, `${run.id} `, h('span', { className: 'muted' }, `(${run.kind})`), ' ', status),
    h('div', {}, summary),
    h('details', {}, h('summary', {}, 'config'), h('pre', {}, JSON.stringify(run.config, null, 2))),
  );
  section.hidden = false;

  const charts = metrics.charts.map((spec) => metricChart({ spec, series: metrics.series }));
  const chartGrid = h('div', { className: 'charts' }, ...charts.map((c) => c.box));
  const noMetrics = h('p', { className: 'muted' }, 'No metrics recorded yet.');
  section.append(h('h3', {}, 'Metrics'), charts.length > 0 ? chartGrid : noMetrics);

  if (run.results.arena) section.append(h('h3', {}, 'Arena'), arenaTables(await api.arena(id)));
  if (run.results.kuhnStrategy) section.append(kuhnTable(await api.kuhnStrategy(id)));
  if (run.checkpoints > 0) {
    const list = await api.checkpoints(id);
    section.append(
      h('h3', {}, 'Checkpoints'),
      table(
        ['step', 'path', 'saved (UTC)'],
        list.map((c) => [String(c.step), c.path, new Date(c.time).toISOString()]),
      ),
    );
  }
  const episodes = episodesPanel(id, run.games);
  section.append(episodes.root);
  await episodes.load();

  // Live: new metric rows extend their charts; meta changes update status and summary.
  const source = api.events(id, metrics.lastRow);
  const known = new Set(metrics.names);
  source.addEventListener('metrics', (event) => {
    const { points } = JSON.parse(event.data);
    for (const p of points) {
      // A metric the run starts logging mid-way gets its own chart (CI companions join their metric's band).
      if (!known.has(p.name) && !/\/(lo|hi)$/.test(p.name)) {
        const chart = metricChart({ spec: { name: p.name, prominent: false }, series: {} });
        charts.push(chart);
        if (!chartGrid.isConnected) noMetrics.replaceWith(chartGrid);
        chartGrid.append(chart.box);
      }
      for (const c of charts) c.append(p.name, p.step, p.value);
      known.add(p.name);
    }
    setLive(`live · ${new Date().toLocaleTimeString()}`);
  });
  source.addEventListener('meta', (event) => {
    const meta = JSON.parse(event.data);
    status.textContent = meta.status;
    status.className = `status-${meta.status}`;
    summary.textContent = `${summaryLine(meta.summary)}  ·  ${meta.episodes} episodes`;
  });
  return () => source.close();
}

function episodesPanel(id, games) {
  let offset = 0;
  let game = '';
  const list = h('div', { className: 'episodes-list' });
  const pager = h('span', { className: 'muted' });
  const viewer = h('div', {});
  const gameSelect = h(
    'select',
    { onchange: (e) => ((game = e.target.value), (offset = 0), load()) },
    h('option', { value: '' }, 'all games'),
    ...games.map((g) => h('option', { value: g }, g)),
  );
  const root = h(
    'div',
    {},
    h('h3', {}, 'Games'),
    h(
      'div',
      {},
      gameSelect,
      ' ',
      h('button', { onclick: () => ((offset = Math.max(0, offset - pageSize)), load()) }, 'newer'),
      ' ',
      h('button', { onclick: () => ((offset += pageSize), load()) }, 'older'),
      ' ',
      pager,
    ),
    list,
    viewer,
  );
  async function load() {
    const page = await api.episodes(id, { offset, limit: pageSize, game: game || undefined });
    if (page.episodes.length === 0 && offset > 0) {
      offset = Math.max(0, offset - pageSize);
      return;
    }
    pager.textContent =
      page.total === 0
        ? 'no games stored'
        : `${offset + 1}–${offset + page.episodes.length} of ${page.total}, newest first`;
    const rows = page.episodes.map((e) => [
      String(e.step),
      e.game,
      e.transcript?.seats ? e.transcript.seats.join(' vs ') : '',
      `[${e.returns.map((r) => fmt(r, 3)).join(', ')}]`,
      e.outcome,
      String(e.transcript?.turns?.length ?? ''),
    ]);
    const t = table(['step', 'game', 'seats', 'returns', 'outcome', 'turns'], rows, (i) => ({
      onclick: () => {
        for (const tr of t.querySelectorAll('tbody tr')) tr.classList.remove('selected');
        t.querySelectorAll('tbody tr')[i].classList.add('selected');
        viewer.replaceChildren(replayViewer(page.episodes[i]));
      },
    }));
    list.replaceChildren(t);
    if (page.episodes[0]) viewer.replaceChildren(replayViewer(page.episodes[0]));
  }
  return { root, load };
}
