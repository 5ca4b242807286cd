import type { MetricPoint } from '../../src/store/run-store.ts';

/** One exploitability measurement of a run, with where the run stood at that step. */
export interface CurvePoint {
  readonly step: number;
  /** Trained turns summed over steps 1..step (the per-step `samples` metric). */
  readonly samplesCumulative: number;
  /** Wall seconds of training up to this step's update (the per-step `seconds` metric); NaN when not stored. */
  readonly seconds: number;
  readonly exploitability: number;
}

export interface RunCurve {
  readonly arm: string;
  readonly seed: number;
  readonly points: readonly CurvePoint[];
}

/** The metric names `runCurve` reads. */
export const curveMetrics = ['exploitability', 'samples', 'seconds'] as const;

/**
 * Joins a run's metric points into its exploitability curve. A step recorded twice (a resumed run replays the
 * steps after its checkpoint) counts once, its last value.
 */
export function runCurve(points: readonly MetricPoint[]): CurvePoint[] {
  const byName = (name: string) => new Map(points.filter((p) => p.name === name).map((p) => [p.step, p.value]));
  const samples = byName('samples');
  const seconds = byName('seconds');
  const exploitability = [...byName('exploitability')].sort((a, b) => a[0] - b[0]);
  const sampleSteps = [...samples].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let next = 0;
  return exploitability.map(([step, value]) => {
    while (next < sampleSteps.length && sampleSteps[next]![0] <= step) total += sampleSteps[next++]![1];
    return {
      step,
      samplesCumulative: total,
      seconds: step === 0 ? 0 : (seconds.get(step) ?? Number.NaN),
      exploitability: value,
    };
  });
}

/** An arm's curve over its seeds at one step: means of x values, and mean, min and max of exploitability. */
export interface MeanPoint {
  readonly step: number;
  readonly samples: number;
  readonly seconds: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The mean curve of one arm's runs, at the steps every run measured (seeds share the evaluation schedule, so a
 * step missing from one run means that run stopped early; averaging without it would make the curve jump).
 */
export function meanCurve(runs: readonly RunCurve[]): MeanPoint[] {
  if (runs.length === 0) return [];
  const maps = runs.map((r) => new Map(r.points.map((p) => [p.step, p])));
  const steps = [...maps[0]!.keys()].filter((s) => maps.every((m) => m.has(s))).sort((a, b) => a - b);
  return steps.map((step) => {
    const at = maps.map((m) => m.get(step)!);
    const values = at.map((p) => p.exploitability);
    return {
      step,
      samples: mean(at.map((p) => p.samplesCumulative)),
      seconds: mean(at.map((p) => p.seconds)),
      mean: mean(values),
      min: Math.min(...values),
      max: Math.max(...values),
    };
  });
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample standard deviation (n − 1); NaN below two values. */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

export const csvHeader = 'arm,seed,step,samples_cumulative,seconds,exploitability';

/** One CSV line per measurement; seconds blank where the run did not store them. */
export function csvLines(runs: readonly RunCurve[]): string[] {
  return runs.flatMap((r) =>
    r.points.map((p) =>
      [
        r.arm,
        r.seed,
        p.step,
        p.samplesCumulative,
        Number.isFinite(p.seconds) ? p.seconds.toFixed(3) : '',
        p.exploitability.toFixed(6),
      ].join(','),
    ),
  );
}
