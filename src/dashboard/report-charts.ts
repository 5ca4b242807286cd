import type { MetricPoint } from '../store/run-store.ts';
import { type ChartGroup, chartGroups, chartLayout, type ChartSpec, groupTitles } from './chart-layout.ts';
import { svgLineChart } from './svg-chart.ts';

type Points = [number, number][];

export interface ReportCharts {
  /** The headline panel's charts (exploitability, returns against random and Nash), or '' when the run has none. */
  readonly headline: string;
  /** The other groups, each a collapsed `<details>` of charts, in page order. */
  readonly groups: string;
}

/** A run's metrics as inline SVG charts, laid out as the dashboard lays them out (`chartLayout`). */
export function reportCharts(metrics: readonly MetricPoint[]): ReportCharts {
  const byName = new Map<string, Points>();
  for (const m of metrics) {
    const points = byName.get(m.name) ?? [];
    points.push([m.step, m.value]);
    byName.set(m.name, points);
  }
  const specs = chartLayout([...byName.keys()]);
  const draw = (spec: ChartSpec) =>
    svgLineChart({
      title: spec.title,
      yLabel: spec.yLabel,
      scale: spec.scale,
      ...(spec.reference ? { reference: spec.reference } : {}),
      series: spec.lines.map((l) => {
        const lo = l.lo ? byName.get(l.lo) : undefined;
        const hi = l.hi ? byName.get(l.hi) : undefined;
        return { label: l.label, points: byName.get(l.name) ?? [], ...(lo && hi ? { band: { lo, hi } } : {}) };
      }),
    });
  const inGroup = (group: ChartGroup) => specs.filter((s) => s.group === group).map(draw);
  const headline = inGroup('headline');
  const groups = chartGroups
    .filter((g) => g !== 'headline')
    .map((g) => ({ g, charts: inGroup(g) }))
    .filter(({ charts }) => charts.length > 0)
    .map(
      ({ g, charts }) =>
        `<details class="group" data-group="${g}"><summary>${groupTitles[g]} (${charts.length})</summary>` +
        `<div class="charts">${charts.join('\n')}</div></details>`,
    );
  return {
    headline: headline.length === 0 ? '' : `<div class="charts">${headline.join('\n')}</div>`,
    groups:
      groups.length === 0 && headline.length === 0 ? '<p class="muted">No metrics recorded.</p>' : groups.join('\n'),
  };
}
