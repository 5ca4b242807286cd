import type { LmModel } from '../../lm/index.ts';
import {
  measurePreferenceGap,
  measureSpinDivergence,
  type PreferenceSet,
  type SpinData,
} from '../../preference/index.ts';

/** What an iteration run measures: the duality gap on a preference set, or the divergence from SPIN data. */
export type IterationTarget =
  { readonly kind: 'preferences'; readonly set: PreferenceSet } | { readonly kind: 'data'; readonly data: SpinData };

/**
 * The exact figures of the model as the recipes play it (free text, temperature 1; docs/preferences.md): for a
 * preference set the mean duality gap and the mean mass outside the listed responses; for SPIN data the mean KL
 * (p_data ‖ π) and total variation.
 */
export function measureIterate(model: LmModel, target: IterationTarget): Record<string, number> {
  if (target.kind === 'preferences') {
    const report = measurePreferenceGap({ model, preferences: target.set, decoding: 'free' });
    const other = report.prompts.reduce((s, p) => s + p.distribution.other, 0) / report.prompts.length;
    return { 'preference/duality_gap': report.meanGap, 'preference/other_mass': other };
  }
  const report = measureSpinDivergence({ model, data: target.data, decoding: 'free' });
  return { 'spin/kl': report.meanKl, 'spin/total_variation': report.meanTotalVariation };
}

/** The headline metric of a target: what the run's curve and summary report. */
export function headlineMetric(target: IterationTarget): string {
  return target.kind === 'preferences' ? 'preference/duality_gap' : 'spin/kl';
}
