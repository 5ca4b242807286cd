/* global setTimeout */
// One run: meta and config, the headline panel, the other metrics in collapsed groups (live over SSE), results
// tables, episodes with the replay viewer.
import { api } from './api.js';
import { metricChart } from './charts.js';
import { fmt, h, table } from './dom.js';
import { replayViewer } from './replay.js';
import { arenaTables, strategyTables, summaryLine } from './tables.js';

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

  // The headline panel: the figures the run exists for, then the game's own report and the arena's tables.
  const figures = h('p', { className: 'figures' });
  const headlineCharts = h('div', { className: 'charts' });
  const headline = h('section', { className: 'headline', 'data-headline': '' }, figures, headlineCharts);
  section.append(headline);
  if (run.results.strategyTables) headline.append(strategyTables(await api.strategyTables(id)));
  if (run.results.arena) headline.append(arenaTables(await api.arena(id)));

  // Secondary metrics in named groups, collapsed until opened, in the server's order and with its titles.
  const order = metrics.groups.map((g) => g.group);
  const titles = new Map(metrics.groups.map((g) => [g.group, g.title]));
  const groups = new Map();
  const groupBox = (group) => {
    if (group === 'headline') return headlineCharts;
    let entry = groups.get(group);
    if (!entry) {
      const grid = h('div', { className: 'charts' });
      const label = h('summary', {});
      const details = h('details', { className: 'group', 'data-group': group }, label, grid);
      entry = { details, grid, label, count: 0 };
      groups.set(group, entry);
      // Keep the page's group order whatever order groups appear in.
      const later = [...groups.entries()].filter(([g]) => order.indexOf(g) > order.indexOf(group));
      const next = later.map(([, e]) => e.details).find((d) => d.isConnected);
      if (next) next.before(details);
      else groupsRoot.append(details);
    }
    entry.count++;
    entry.label.textContent = `${titles.get(group) ?? group} (${entry.count})`;
    return entry.grid;
  };
  const groupsRoot = h('div', { className: 'groups' });
  section.append(groupsRoot);

  let series = metrics.series;
  const charts = new Map();
  const place = (spec) => {
    const chart = metricChart({ spec, series, large: spec.group === 'headline' });
    const old = charts.get(spec.id);
    if (old) old.box.replaceWith(chart.box);
    else groupBox(spec.group).append(chart.box);
    charts.set(spec.id, chart);
  };
  for (const spec of metrics.charts) place(spec);
  const showFigures = () => (figures.textContent = headlineFigures(metrics.charts, series));
  showFigures();
  if (metrics.charts.length === 0) groupsRoot.append(h('p', { className: 'muted' }, 'No metrics recorded yet.'));

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

  // Live: new points extend their charts; a metric no chart holds yet re-reads the layout (it may open a chart or
  // add a line to one); meta changes update status and summary.
  const source = api.events(id, metrics.lastRow);
  let relayout;
  source.addEventListener('metrics', (event) => {
    const { points } = JSON.parse(event.data);
    let unknown = false;
    for (const p of points) {
      (series[p.name] ??= []).push([p.step, p.value]);
      const placed = [...charts.values()].some((c) => c.append(p.name, p.step, p.value));
      if (!placed) unknown = true;
    }
    if (unknown) relayout ??= relayoutSoon();
    showFigures();
    setLive(`live · ${new Date().toLocaleTimeString()}`);
  });
  async function relayoutSoon() {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const fresh = await api.metrics(id);
    series = fresh.series;
    metrics.charts = fresh.charts;
    for (const spec of fresh.charts) {
      const old = charts.get(spec.id);
      if (!old || JSON.stringify(old.spec) !== JSON.stringify(spec)) place(spec);
    }
    groupsRoot.querySelector(':scope > p.muted')?.remove();
    showFigures();
    relayout = undefined;
  }
  source.addEventListener('meta', (event) => {
    const meta = JSON.parse(event.data);
    status.textContent = meta.status;
    status.className = `status-${meta.status}`;
    summary.textContent = `${summaryLine(meta.summary)}  ·  ${meta.episodes} episodes`;
  });
  return () => source.close();
}

/** The headline charts' lines as words: first → last value, at the last step. */
function headlineFigures(specs, series) {
  const parts = [];
  for (const spec of specs.filter((s) => s.group === 'headline')) {
    const lines = spec.lines
      .map((l) => {
        const points = series[l.name] ?? [];
        const first = points[0];
        const last = points.at(-1);
        if (!last) return '';
        const band = l.lo && l.hi ? bandText(series, l, last[0]) : '';
        const start = first && first !== last ? `${fmt(first[1], 4)} → ` : '';
        return `${l.label} ${start}${fmt(last[1], 4)}${band} (step ${last[0]})`;
      })
      .filter(Boolean);
    if (lines.length > 0) parts.push(`${spec.title}: ${lines.join(', ')}`);
  }
  return parts.join('  ·  ');
}

function bandText(series, line, step) {
  const at = (name) => (series[name] ?? []).find((p) => p[0] === step)?.[1];
  const lo = at(line.lo);
  const hi = at(line.hi);
  return lo === undefined || hi === undefined ? '' : ` [${fmt(lo, 3)}, ${fmt(hi, 3)}]`;
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
