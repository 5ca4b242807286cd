import { escapeHtml } from './html-escape.ts';

export interface SvgSeries {
  readonly label: string;
  /** `[x, y]` in x order. */
  readonly points: readonly (readonly [number, number])[];
  /** CI band edges at the same x values, drawn as a shaded area. */
  readonly band?: {
    readonly lo: readonly (readonly [number, number])[];
    readonly hi: readonly (readonly [number, number])[];
  };
}

export interface SvgChartOptions {
  readonly title: string;
  readonly series: readonly SvgSeries[];
  readonly width?: number;
  readonly height?: number;
  readonly xLabel?: string;
  /** The y axis title, with its unit. */
  readonly yLabel?: string;
  /** `log`: decades on the y axis; values ≤ 0 cannot be drawn there and leave gaps. */
  readonly scale?: 'log' | 'linear';
  /** A dashed horizontal line (the Nash value under an exploitability curve), drawn on a linear axis. */
  readonly reference?: { readonly value: number; readonly label: string };
}

const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];
const margin = { left: 68, right: 12, top: 26, bottom: 30 };

/** A line chart as a standalone inline SVG (for the static report: no script, no external file). */
export function svgLineChart(options: SvgChartOptions): string {
  const { title, width = 560, height = 240, xLabel = 'step', yLabel } = options;
  const log = options.scale === 'log';
  // On a log axis a value ≤ 0 has no place: it is left out (a gap), and the title says so.
  const keep = (points: readonly (readonly [number, number])[]) => (log ? points.filter((p) => p[1] > 0) : points);
  const series = options.series.map((s) => ({
    ...s,
    points: keep(s.points),
    ...(s.band ? { band: { lo: keep(s.band.lo), hi: keep(s.band.hi) } } : {}),
  }));
  const dropped = options.series.some((s, i) => s.points.length !== series[i]!.points.length);
  const reference = log ? undefined : options.reference;
  const all = series.flatMap((s) => [...s.points, ...(s.band?.lo ?? []), ...(s.band?.hi ?? [])]);
  const xs = all.map((p) => p[0]);
  const ty = (y: number) => (log ? Math.log10(y) : y);
  const ys = [...all.map((p) => ty(p[1])), ...(reference ? [reference.value] : [])];
  const [x0, x1] = padRange(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = log ? decadeRange(Math.min(...ys), Math.max(...ys)) : padRange(Math.min(...ys), Math.max(...ys));
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => margin.top + (1 - (ty(y) - y0) / (y1 - y0)) * plotH;
  const path = (points: readonly (readonly [number, number])[]) =>
    points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');

  const heading = `${title}${log ? ' (log axis)' : ''}${dropped ? ' · values ≤ 0 not drawn' : ''}`;
  const parts: string[] = [
    `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" data-scale="${log ? 'log' : 'linear'}">`,
    `<text x="${margin.left}" y="16" font-size="13" font-weight="600">${escapeHtml(heading)}</text>`,
  ];
  const yTicks = log ? decadeTicks(y0, y1).map((d) => 10 ** d) : ticks(y0, y1);
  const yTickLabels = distinctLabels(yTicks);
  yTicks.forEach((t, i) => {
    const y = sy(t).toFixed(1);
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${margin.left - 4}" y="${y}" font-size="10" text-anchor="end" dominant-baseline="middle">${yTickLabels[i]}</text>`,
    );
  });
  // Steps are whole numbers: no tick at step 1.5.
  const wholeX = xs.every((x) => Number.isInteger(x));
  const xTicks = ticks(x0, x1).filter((x) => !wholeX || Number.isInteger(x));
  distinctLabels(xTicks).forEach((label, i) => {
    parts.push(
      `<text x="${sx(xTicks[i]!).toFixed(1)}" y="${height - margin.bottom + 14}" font-size="10" text-anchor="middle">${label}</text>`,
    );
  });
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9ca3af"/>`,
    `<text x="${width - margin.right}" y="${height - 4}" font-size="10" text-anchor="end">${escapeHtml(xLabel)}</text>`,
  );
  if (yLabel)
    parts.push(
      `<text transform="translate(11 ${margin.top + plotH / 2}) rotate(-90)" font-size="10" text-anchor="middle">${escapeHtml(yLabel)}</text>`,
    );
  if (reference) {
    const y = sy(reference.value).toFixed(1);
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}" stroke="#111" stroke-dasharray="4 3"/>`,
      `<text x="${margin.left + 4}" y="${Number(y) - 3}" font-size="10">${escapeHtml(reference.label)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const color = palette[i % palette.length];
    if (s.band && s.band.lo.length > 0)
      parts.push(
        `<polygon points="${path(s.band.hi)} ${path([...s.band.lo].reverse())}" fill="${color}" fill-opacity="0.15" stroke="none"/>`,
      );
    if (s.points.length === 1) {
      const [x, y] = s.points[0] ?? [0, 0];
      parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${color}"/>`);
    } else {
      parts.push(`<polyline points="${path(s.points)}" fill="none" stroke="${color}" stroke-width="1.8"/>`);
    }
    if (series.length > 1)
      parts.push(
        `<text x="${width - margin.right - 4}" y="${margin.top + 12 + 12 * i}" font-size="10" text-anchor="end" fill="${color}">${escapeHtml(s.label)}</text>`,
      );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A range never of zero width, so a constant series still draws as a line. */
function padRange(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi > lo) return [lo, hi];
  const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
  return [lo - pad, hi + pad];
}

/** About five round-numbered ticks between lo and hi. */
function ticks(lo: number, hi: number): number[] {
  const rough = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Whole decades covering [lo, hi] (in log10 units), at least one decade wide. */
function decadeRange(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 0];
  const a = Math.floor(lo);
  const b = Math.ceil(hi);
  return [a, b > a ? b : a + 1];
}

/** One tick per decade, thinned to at most about six. */
function decadeTicks(lo: number, hi: number): number[] {
  const every = Math.max(1, Math.ceil((hi - lo) / 6));
  const out: number[] = [];
  for (let d = lo; d <= hi; d += every) out.push(d);
  return out;
}

/**
 * Tick labels with as many significant digits as it takes for neighbours to differ (a learning-rate axis whose
 * ticks all read `0.001` says nothing); very large or small magnitudes in exponent form.
 */
export function distinctLabels(values: readonly number[]): string[] {
  for (let digits = 2; digits <= 12; digits++) {
    const labels = values.map((v) => formatTick(v, digits));
    if (new Set(labels).size === labels.length) return labels;
  }
  return values.map((v) => String(v));
}

function formatTick(t: number, digits: number): string {
  if (t === 0) return '0';
  if (Math.abs(t) >= 1e5 || Math.abs(t) < 1e-3) return t.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  return String(Number(t.toPrecision(digits)));
}
