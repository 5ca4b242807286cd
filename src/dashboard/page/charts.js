/* global uPlot */
// Charts over uPlot (served from the package). Series arrive as [step, value] pairs; uPlot wants columns on one
// shared x axis, so every chart aligns its series on the union of their steps.
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

function plot({ title, labels, data, width, height, band }) {
  const box = h('div', { className: 'chart-box', 'data-chart': title }, h('div', { className: 'chart-title' }, title));
  const series = [
    { label: 'step' },
    ...labels.map((label, i) => ({
      label,
      stroke: band && i > 0 ? 'rgba(37,99,235,0.35)' : palette[i % palette.length],
      width: band && i > 0 ? 1 : 2,
      spanGaps: true,
      points: { show: data[0].length < 40 },
    })),
  ];
  const options = {
    width,
    height,
    series,
    // Steps are whole numbers; a flat series (an invalid rate of 0) gets a small range instead of uPlot's 0–100.
    scales: {
      x: { time: false },
      y: { range: (_u, min, max) => (min === max ? [min - 1, max + 1] : uPlot.rangeNum(min, max, 0.1, true)) },
    },
    axes: [
      { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] },
      { size: 64 },
    ],
    legend: { show: labels.length > 1 },
    ...(band ? { bands: [{ series: [3, 2], fill: 'rgba(37,99,235,0.15)' }] } : {}),
  };
  const chart = new uPlot(options, data, box);
  return { box, chart };
}

/**
 * One metric's chart; with `lo`/`hi` companions the CI is drawn as a band. `append(name, step, value)` adds a
 * live point to whichever of the three series it belongs to.
 */
export function metricChart({ spec, series }) {
  const names = [spec.name, ...(spec.lo && spec.hi ? [spec.lo, spec.hi] : [])];
  const points = names.map((n) => [...(series[n] ?? [])]);
  const { box, chart } = plot({
    title: spec.name,
    labels: names,
    data: align(points),
    width: spec.prominent ? 620 : 400,
    height: spec.prominent ? 260 : 190,
    band: names.length === 3,
  });
  if (spec.prominent) box.classList.add('prominent');
  return {
    box,
    names,
    append(name, step, value) {
      const i = names.indexOf(name);
      if (i < 0) return;
      points[i].push([step, value]);
      chart.setData(align(points));
    },
  };
}

/** Several runs' curves of one metric on one chart. `runs`: [{ id, points }]. */
export function compareChart({ metric, runs }) {
  return plot({
    title: `${metric} — ${runs.length} runs`,
    labels: runs.map((r) => r.id),
    data: align(runs.map((r) => r.points)),
    width: 820,
    height: 300,
    band: false,
  }).box;
}
