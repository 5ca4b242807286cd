import type { TrainingSample } from '../../spec/learner.ts';

/**
 * Subtracts from each sample's advantage the mean advantage of the other samples of the step with the same prompt
 * (leave-one-out, so the estimate stays unbiased); a prompt seen once keeps its advantage. Why: the loss trains the
 * chosen move's log-prob under the model's whole softmax, and once the legal moves hold almost none of its mass
 * (measured on Kuhn: ~e^−24 at the choice token) nothing there subtracts the mean advantage of an observation, so
 * any error in the baseline, and the magnet shaping's mean −η·KL(π‖μ), push the legal moves apart instead of
 * cancelling. Centred per prompt, the expected update on the legal moves is the constrained softmax's own gradient.
 */
export function centerByPrompt<T extends TrainingSample>(samples: readonly T[]): T[] {
  const groups = new Map<string, { sum: number; count: number }>();
  const keys = samples.map((s) => s.promptTokens.join(','));
  samples.forEach((s, i) => {
    const g = groups.get(keys[i]!) ?? { sum: 0, count: 0 };
    g.sum += s.advantage;
    g.count++;
    groups.set(keys[i]!, g);
  });
  return samples.map((s, i) => {
    const g = groups.get(keys[i]!)!;
    if (g.count < 2) return s;
    return { ...s, advantage: s.advantage - (g.sum - s.advantage) / (g.count - 1) };
  });
}
