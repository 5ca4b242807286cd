import type { MetricPoint } from '../store/run-store.ts';
import { type ChartGroup, chartGroups, chartLayout, type ChartSpec, groupTitles } from './chart-layout.ts';

export interface MetricSeriesResponse {
  /** Every metric name in the run, sorted, whichever were asked for. */
  readonly names: readonly string[];
  /** `[step, value]` pairs per asked-for metric, in step order. */
  readonly series: Record<string, [number, number][]>;
  /** The newest metric row id: pass it as `after` to the events stream to get only what comes next. */
  readonly lastRow: number;
  /** How to chart them (`chartLayout`): the headline panel's charts first, then the named groups. */
  readonly charts: readonly ChartSpec[];
  /** The groups in page order, with their titles. */
  readonly groups: readonly { readonly group: ChartGroup; readonly title: string }[];
}

/** Groups metric rows by name (optionally only `wanted` names) as chartable `[step, value]` series. */
export function metricSeries(
  rows: readonly (MetricPoint & { row: number })[],
  wanted?: readonly string[],
): MetricSeriesResponse {
  const names = [...new Set(rows.map((r) => r.name))].sort();
  const series: Record<string, [number, number][]> = {};
  let lastRow = 0;
  for (const r of rows) {
    lastRow = Math.max(lastRow, r.row);
    if (wanted && !wanted.includes(r.name)) continue;
    (series[r.name] ??= []).push([r.step, r.value]);
  }
  for (const points of Object.values(series)) points.sort((a, b) => a[0] - b[0]);
  return {
    names,
    series,
    lastRow,
    charts: chartLayout(names),
    groups: chartGroups.map((group) => ({ group, title: groupTitles[group] })),
  };
}
