import { type LmModel, scoreCompletions } from '../lm/index.ts';
import type { PreferencePair, RatedSequence } from '../spec/learner.ts';

type UnscoredPair = Omit<PreferencePair, 'chosenRefLogprob' | 'rejectedRefLogprob'>;
type UnscoredSequence = Omit<RatedSequence, 'refLogprob'>;

interface ReferenceOptions<T> {
  /** The frozen reference (e.g. the iterate that sampled the data): its weights are only read. */
  readonly reference: LmModel;
  readonly items: readonly T[];
  /** Sequences per forward pass; default `scoreCompletions`'. */
  readonly batchSize?: number;
}

/**
 * The pairs with the reference's sequence log-probs filled in, computed once per iteration before training: the
 * model's own log π_ref(y | x) (temperature 1, no constraint) from teacher-forced scoring in batches, each distinct
 * (prompt, response) scored once.
 */
export function referencePairs(options: ReferenceOptions<UnscoredPair>): PreferencePair[] {
  const scores = sequenceLogprobs(
    options,
    options.items.flatMap((p) => [
      { prompt: p.promptTokens, completion: p.chosenTokens },
      { prompt: p.promptTokens, completion: p.rejectedTokens },
    ]),
  );
  return options.items.map((p, i) => ({
    ...p,
    chosenRefLogprob: scores[2 * i]!,
    rejectedRefLogprob: scores[2 * i + 1]!,
  }));
}

/** The rated responses with the reference's sequence log-probs filled in, as `referencePairs`. */
export function referenceSequences(options: ReferenceOptions<UnscoredSequence>): RatedSequence[] {
  const scores = sequenceLogprobs(
    options,
    options.items.map((s) => ({ prompt: s.promptTokens, completion: s.completionTokens })),
  );
  return options.items.map((s, i) => ({ ...s, refLogprob: scores[i]! }));
}

function sequenceLogprobs(
  options: ReferenceOptions<unknown>,
  items: { prompt: readonly number[]; completion: readonly number[] }[],
): number[] {
  if (items.length === 0) return [];
  const batch = options.batchSize === undefined ? {} : { batchSize: options.batchSize };
  return scoreCompletions({ model: options.reference, items, ...batch }).map((s) => s.modelLogprob);
}
