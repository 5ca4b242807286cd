import type { WeighedPass } from './weighed-pass.ts';

/** A prompt and one completion of it: what a sequence-level loss scores as a whole. */
export interface Completion {
  readonly promptTokens: readonly number[];
  readonly completionTokens: readonly number[];
}

/** The identity of a sequence, prompt boundary included: equal keys are scored once per pass. */
export const sequenceKey = (prompt: readonly number[], completion: readonly number[]): string =>
  `${prompt.join(',')}|${completion.join(',')}`;

/** One forward/backward pass: its distinct sequences, and each unit with the index of each of its sequences there. */
export interface PlannedPass<U> {
  readonly sequences: Completion[];
  readonly units: { readonly unit: U; readonly slots: readonly number[] }[];
}

/**
 * Units (a pair's two responses, one rated response) packed in order into passes of at most `capacity` distinct
 * sequences — more where one unit alone needs more. A unit never spans two passes, so a loss that couples its
 * sequences reads all their current log-probs in the pass that backpropagates it. A sequence repeated within a pass is
 * scored once; one repeated across passes is scored in each, which stays exact since each unit's weights go into its
 * own pass.
 */
export function planPasses<U>(
  units: readonly U[],
  sequencesOf: (unit: U) => readonly Completion[],
  capacity: number,
): PlannedPass<U>[] {
  const passes: PlannedPass<U>[] = [];
  let pass: PlannedPass<U> = { sequences: [], units: [] };
  let slotOf = new Map<string, number>();
  for (const unit of units) {
    const own = sequencesOf(unit);
    const keys = own.map((s) => sequenceKey(s.promptTokens, s.completionTokens));
    const fresh = new Set(keys.filter((k) => !slotOf.has(k))).size;
    if (pass.units.length > 0 && pass.sequences.length + fresh > capacity) {
      passes.push(pass);
      pass = { sequences: [], units: [] };
      slotOf = new Map();
    }
    const slots = own.map((s, i) => {
      let slot = slotOf.get(keys[i]!);
      if (slot === undefined) {
        slot = pass.sequences.push(s) - 1;
        slotOf.set(keys[i]!, slot);
      }
      return slot;
    });
    pass.units.push({ unit, slots });
  }
  if (pass.units.length > 0) passes.push(pass);
  return passes;
}

/**
 * One pass over `sequences`: `weigh` gets each sequence's current log π(completion | prompt) (the sum over its
 * completion tokens) and returns each sequence's weight w on −log π(completion), which the backward pass spreads over
 * its completion tokens, accumulating the learner's gradient.
 */
export async function runSequencePass(
  pass: WeighedPass,
  sequences: readonly Completion[],
  weigh: (logprobs: readonly number[]) => readonly number[],
): Promise<void> {
  // Prediction index of the first completion token per sequence.
  const first = sequences.map((s) => s.promptTokens.length - 1);
  await pass(
    sequences.map((s) => ({ tokens: [...s.promptTokens, ...s.completionTokens] })),
    (current) => {
      const logprobs = sequences.map((s, b) => {
        let sum = 0;
        for (let j = 0; j < s.completionTokens.length; j++) sum += current[b]![first[b]! + j]!;
        return sum;
      });
      const perSequence = weigh(logprobs);
      return sequences.map((s, b) => {
        const weights = new Float64Array(current[b]!.length);
        weights.fill(perSequence[b]!, first[b]!, first[b]! + s.completionTokens.length);
        return weights;
      });
    },
  );
}
