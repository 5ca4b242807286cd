import { normalQuantile } from '../../util/stats.ts';

export interface BoundedMeanInterval {
  /** The sample mean (NaN with no samples). */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** max(mean − low, high − mean): a symmetric half-width that contains the interval, for `nashAveraging`. */
  readonly halfWidth: number;
  readonly n: number;
  readonly level: number;
}

/**
 * A confidence interval for the mean of independent samples known to lie in `range` = [a, b]: the Agresti–Coull
 * interval carried from 0/1 outcomes to bounded ones. z²/2 pseudo-samples are added at each end of the range, and
 * the normal interval is taken around the padded mean with the padded spread:
 *
 *   ñ = n + z²,  x̃ = (Σx + z²(a + b)/2) / ñ,  s̃² = (Σ(x − x̃)² + z²/2 · ((a − x̃)² + (b − x̃)²)) / ñ,
 *   [x̃ − z s̃/√ñ, x̃ + z s̃/√ñ] ∩ [a, b].
 *
 * For outcomes in {a, b} (win/loss) it is exactly Agresti–Coull. Unlike the plain normal interval (`meanWithCi`)
 * it never has zero width (ten wins in ten games do not prove a 100% win rate), never leaves the range, and keeps
 * close to its level at small n and near the ends of the range, where the plain interval undercovers badly; for
 * outcomes with less spread than the extremes it is slightly conservative. Coverage is checked by simulation in
 * `bounded-mean-interval.test.ts`.
 */
export function boundedMeanInterval(
  samples: readonly number[],
  options: { range: readonly [number, number]; level?: number },
): BoundedMeanInterval {
  const [a, b] = options.range;
  const level = options.level ?? 0.95;
  if (!(Number.isFinite(a) && Number.isFinite(b) && a < b))
    throw new RangeError(`boundedMeanInterval: range must be finite with min < max, got [${a}, ${b}]`);
  if (!(level > 0 && level < 1)) throw new RangeError(`boundedMeanInterval: level must be in (0, 1), got ${level}`);
  const n = samples.length;
  let sum = 0;
  for (const x of samples) {
    if (!(x >= a && x <= b))
      throw new RangeError(`boundedMeanInterval: sample ${x} lies outside the declared range [${a}, ${b}]`);
    sum += x;
  }
  const z = normalQuantile(1 - (1 - level) / 2);
  const pad = (z * z) / 2;
  const padded = n + z * z;
  const centre = (sum + pad * (a + b)) / padded;
  let squares = pad * ((a - centre) ** 2 + (b - centre) ** 2);
  for (const x of samples) squares += (x - centre) ** 2;
  const half = z * Math.sqrt(squares / padded / padded);
  const mean = n > 0 ? sum / n : Number.NaN;
  // The sample mean lies inside in practice; the min/max only keep that true to the last bit.
  const low = Math.max(a, Math.min(centre - half, n > 0 ? mean : a));
  const high = Math.min(b, Math.max(centre + half, n > 0 ? mean : b));
  return { mean, low, high, halfWidth: n > 0 ? Math.max(mean - low, high - mean) : (b - a) / 2, n, level };
}
