import { type SvgSeries, svgLineChart } from '../../src/dashboard/svg-chart.ts';
import type { MeanPoint } from './curves.ts';

/** The x axes the curves are drawn against. */
export const chartAxes = [
  { file: 'exploitability-vs-steps.svg', xLabel: 'policy step', x: (p: MeanPoint) => p.step },
  { file: 'exploitability-vs-samples.svg', xLabel: 'trained turns (cumulative)', x: (p: MeanPoint) => p.samples },
  { file: 'exploitability-vs-seconds.svg', xLabel: 'wall seconds', x: (p: MeanPoint) => p.seconds },
] as const;

/**
 * One chart per x axis: a line per arm (the mean over seeds) with its min–max band over seeds. Points without an x
 * (seconds of a run that did not store them) are left out.
 */
export function curveCharts(options: {
  curves: readonly { arm: string; seeds: number; points: readonly MeanPoint[] }[];
  title: string;
}): { file: string; svg: string }[] {
  return chartAxes.map(({ file, xLabel, x }) => {
    const series: SvgSeries[] = options.curves
      .map(({ arm, seeds, points }) => {
        const kept = points.filter((p) => Number.isFinite(x(p)));
        const at = (y: (p: MeanPoint) => number) => kept.map((p) => [x(p), y(p)] as const);
        return {
          label: `${arm} (${seeds} seed${seeds === 1 ? '' : 's'})`,
          points: at((p) => p.mean),
          ...(seeds > 1 ? { band: { lo: at((p) => p.min), hi: at((p) => p.max) } } : {}),
        };
      })
      .filter((s) => s.points.length > 0);
    return {
      file,
      svg: svgLineChart({ title: `${options.title} vs ${xLabel}`, series, width: 760, height: 360, xLabel }),
    };
  });
}
