import type { MetricPoint } from '../store/run-store.ts';

export interface MetricSeriesResponse {
  /** Every metric name in the run, sorted, whichever were asked for. */
  readonly names: readonly string[];
  /** `[step, value]` pairs per asked-for metric, in step order. */
  readonly series: Record<string, [number, number][]>;
  /** The newest metric row id: pass it as `after` to the events stream to get only what comes next. */
  readonly lastRow: number;
  /** How to chart them: one chart per metric, CI companions folded in as bands. */
  readonly charts: readonly ChartSpec[];
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
  return { names, series, lastRow, charts: chartSpecs(names) };
}

export interface ChartSpec {
  readonly name: string;
  /** Companion metrics holding the CI band's lower and upper edges, when the run records them. */
  readonly lo?: string;
  readonly hi?: string;
  /** Shown first and larger: the curves self-play is judged by. */
  readonly prominent: boolean;
}

const prominentPattern = /^(exploitability|nashconv|winrate)(\/|$)/i;
/** Front-row order: exploitability, then returns and win rates, then other figures with a CI. */
const frontRow = [/^(exploitability|nashconv)(\/|$)/i, /^return(\/|$)/i, /^winrate(\/|$)/i];
const rank = (spec: ChartSpec): number => {
  if (!spec.prominent) return frontRow.length + 1;
  const i = frontRow.findIndex((pattern) => pattern.test(spec.name));
  return i === -1 ? frontRow.length : i;
};

/**
 * One chart per metric: `<name>/lo` and `<name>/hi` fold into `<name>`'s chart as a band instead of charts of
 * their own; exploitability, returns, win rates and other metrics with a CI come first, in that order.
 */
export function chartSpecs(names: readonly string[]): ChartSpec[] {
  const all = new Set(names);
  const isCompanion = (n: string) => /\/(lo|hi)$/.test(n) && all.has(n.replace(/\/(lo|hi)$/, ''));
  return names
    .filter((n) => !isCompanion(n))
    .map((name) => {
      const banded = all.has(`${name}/lo`) && all.has(`${name}/hi`);
      // A metric logged with a CI is an evaluation figure (return vs random…): worth a front-row chart too.
      return {
        name,
        ...(banded ? { lo: `${name}/lo`, hi: `${name}/hi` } : {}),
        prominent: banded || prominentPattern.test(name),
      };
    })
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
