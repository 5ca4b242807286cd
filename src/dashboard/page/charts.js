/* global uPlot */
// Charts over uPlot (served from the package). Series arrive as [step, value] pairs; uPlot wants columns on one
// shared x axis, so every chart aligns its series on the union of their steps. A chart follows its spec from the
// server's layout (src/dashboard/chart-layout.ts): lines with CI bands, a y axis title, log or linear axis.
import { h } from './dom.js';

const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];

/** Columns for uPlot: the sorted union of steps, then each series' values there (null where it has none). */
export function align(seriesList) {
  const steps = [...new Set(seriesList.flatMap((s) => s.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(steps.map((s, i) => [s, i]));
  const columns = seriesList.map((s) => {
    const column = new Array(steps.length).fill(null);
    for (const [x, y] of s) column[index.get(x)] = y;
    return column;
  });
  return [steps, ...columns];
}

/** Tick labels with as many significant digits as it takes for neighbours to differ. */
export function distinctLabels(values) {
  const format = (v, digits) => {
    if (v === 0) return '0';
    if (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
    return String(Number(v.toPrecision(digits)));
  };
  // uPlot passes null for splits it hides for lack of room (on log axes): they stay unlabelled.
  const shown = values.filter((v) => v != null).length;
  for (let digits = 2; digits <= 12; digits++) {
    const labels = values.map((v) => (v == null ? null : format(v, digits)));
    if (new Set(labels.filter((l) => l !== null)).size === shown) return labels;
  }
  return values.map((v) => (v == null ? null : String(v)));
}

/**
 * Draws `lines` ([{ label, points, lo?, hi? }], each a [step, value] array, `lo`/`hi` a CI band's edges) into a
 * box with a log/linear switch. `redraw()` shows points pushed onto those arrays since.
 */
function plot({ id, title, yLabel, lines, reference, width, height, scale }) {
  const toggle = h('button', { className: 'scale-toggle', title: 'switch between log and linear y axis' });
  const holder = h('div', {});
  const box = h(
    'div',
    { className: 'chart-box', 'data-chart': id },
    h('div', { className: 'chart-title' }, h('span', {}, title), ' ', toggle),
    holder,
  );
  // On a log axis a value ≤ 0 has no place: it becomes a gap.
  const columns = () => {
    const fit = (points) => (scale === 'log' ? points.map(([x, y]) => [x, y > 0 ? y : null]) : points);
    const out = lines.flatMap((l) => (l.lo && l.hi ? [fit(l.points), fit(l.lo), fit(l.hi)] : [fit(l.points)]));
    if (reference && scale !== 'log') {
      const steps = [...new Set(out.flatMap((c) => c.map((p) => p[0])))];
      out.push(steps.map((x) => [x, reference.value]));
    }
    return align(out);
  };
  let chart;
  const draw = () => {
    const log = scale === 'log';
    box.dataset.scale = scale;
    toggle.textContent = log ? 'log axis' : 'linear axis';
    const data = columns();
    const dots = { show: data[0].length < 40 };
    const series = [{ label: 'step' }];
    const bands = [];
    lines.forEach((line, i) => {
      const color = palette[i % palette.length];
      series.push({ label: line.label, stroke: color, width: 2, spanGaps: true, points: dots });
      if (line.lo && line.hi) {
        const edge = { stroke: `${color}55`, width: 1, spanGaps: true, points: { show: false }, edge: true };
        series.push({ ...edge, label: `${line.label} 95% low` }, { ...edge, label: `${line.label} 95% high` });
        bands.push({ series: [series.length - 1, series.length - 2], fill: `${color}26` });
      }
    });
    if (reference && !log) series.push({ label: reference.label, stroke: '#111', width: 1, dash: [4, 3] });
    const options = {
      width,
      height,
      series,
      bands,
      scales: {
        x: { time: false },
        y: log
          ? { distr: 3, log: 10 }
          : // A flat series (an invalid rate of 0) gets a small range instead of uPlot's 0–100.
            { range: (_u, min, max) => (min === max ? [min - 1, max + 1] : uPlot.rangeNum(min, max, 0.1, true)) },
      },
      axes: [
        { label: 'step', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] },
        {
          label: yLabel,
          size: 70,
          values: (_u, splits) => {
            const labels = distinctLabels(splits);
            box.dataset.yTicks = labels.filter((l) => l !== null).join('|');
            return labels;
          },
        },
      ],
      legend: { show: series.length > 2 },
    };
    chart?.destroy();
    chart = new uPlot(options, data, holder);
    // A band's edges are drawn but not listed: the legend names the lines.
    const entries = chart.root.querySelectorAll('.u-legend .u-series');
    series.forEach((s, i) => s.edge && entries[i]?.classList.add('band-edge'));
  };
  toggle.addEventListener('click', () => {
    scale = scale === 'log' ? 'linear' : 'log';
    draw();
  });
  draw();
  return { box, redraw: () => chart.setData(columns()) };
}

/**
 * One chart of a run from its layout spec (`{ id, title, yLabel, lines, scale, reference }`), its lines' points
 * taken from `series`. `append(name, step, value)` adds a live point to the line or band edge it belongs to.
 */
export function metricChart({ spec, series, large }) {
  const arrays = new Map();
  const take = (name) => {
    const points = [...(series[name] ?? [])];
    arrays.set(name, points);
    return points;
  };
  const lines = spec.lines.map((l) => ({
    label: l.label,
    points: take(l.name),
    ...(l.lo && l.hi ? { lo: take(l.lo), hi: take(l.hi) } : {}),
  }));
  const chart = plot({
    id: spec.id,
    title: spec.title,
    yLabel: spec.yLabel,
    lines,
    reference: spec.reference,
    width: large ? 620 : 400,
    height: large ? 260 : 190,
    scale: spec.scale,
  });
  if (large) chart.box.classList.add('prominent');
  return {
    box: chart.box,
    spec,
    /** Adds a live point; false when the metric is not on this chart. */
    append(name, step, value) {
      const points = arrays.get(name);
      if (!points) return false;
      points.push([step, value]);
      chart.redraw();
      return true;
    },
  };
}

/** Several runs' curves of one metric on one chart. `runs`: [{ id, points }]; `scale` from the run's layout. */
export function compareChart({ metric, runs, scale, yLabel }) {
  return plot({
    id: `compare:${metric}`,
    title: `${metric} — ${runs.length} runs`,
    yLabel: yLabel ?? metric,
    lines: runs.map((r) => ({ label: r.id, points: r.points })),
    width: 820,
    height: 300,
    scale: scale ?? 'linear',
  }).box;
}
