import type { PreferencePair, RatedSequence, TrainingSample } from '../../spec/learner.ts';
import type { SamplePreferences } from './compare-samples.ts';
import type { Curation } from './iteration-config.ts';
import type { ResponseSample } from './response-samples.ts';

/** A sample with what the oracle made of it: its reward before shaping and the value the batch trains on. */
export interface ScoredSample extends ResponseSample {
  /** Win rate (`win-rates`), win fraction (`win-fraction`, `best-vs-worst`), or 1 for a data response. */
  readonly reward: number;
  /** The reward after the magnet's shaping (equal to `reward` without a magnet). */
  readonly shaped: number;
}

/** What one iteration trains on, without the reference's log-probs (filled in per iteration: `withReference`). */
export type CuratedBatch =
  | {
      readonly kind: 'pairs';
      readonly pairs: readonly Omit<PreferencePair, 'chosenRefLogprob' | 'rejectedRefLogprob'>[];
    }
  | { readonly kind: 'sequences'; readonly sequences: readonly Omit<RatedSequence, 'refLogprob'>[] }
  | { readonly kind: 'samples'; readonly samples: readonly TrainingSample[] };

/**
 * Each own sample's oracle reward among its prompt's samples: the mean of P(y ≻ y_k) over all K (itself included,
 * ½: SPPO's P̂) for `win-rates`, over the other K − 1 (SPO's win fraction) otherwise. With a magnet, the reward is
 * shaped by −α·(log π_t(y)/μ(y)), centred on the prompt's samples so the mean reward stays what the oracle gave (SPPO's
 * log Z ≈ η/2 assumes a mean win rate of ½).
 *
 * `prefer` is P(samples[i] ≻ samples[j]) by sample index (`compareSamples`, what the loop passes), or per prompt a
 * function of two listed indices (a file's `preferenceOracle`, −1 for "other"), read through each sample's `listed`.
 */
export function scoreSamples(options: {
  samples: readonly ResponseSample[];
  prefer: SamplePreferences | readonly ((i: number, j: number) => number)[];
  curate: Curation;
  magnet?: { readonly alpha: number; readonly logRatio: readonly number[] };
}): ScoredSample[] {
  const { samples } = options;
  const byListed = options.prefer;
  const prefer: SamplePreferences =
    typeof byListed === 'function'
      ? byListed
      : (i, j) => byListed[samples[i]!.prompt]!(samples[i]!.listed, samples[j]!.listed);
  const groups = groupByPrompt(samples.map((s, index) => ({ s, index })));
  const rewards = samples.map((s, index) => {
    const group = groups.get(s.prompt)!;
    const others = options.curate === 'win-rates' ? group : group.filter((g) => g.s !== s);
    return others.reduce((sum, g) => sum + prefer(index, g.index), 0) / others.length;
  });
  const shaping = samples.map(() => 0);
  const magnet = options.magnet;
  if (magnet && magnet.alpha > 0)
    for (const group of groups.values()) {
      const mean = group.reduce((sum, g) => sum + magnet.logRatio[g.index]!, 0) / group.length;
      for (const g of group) shaping[g.index] = -magnet.alpha * (magnet.logRatio[g.index]! - mean);
    }
  return samples.map((s, i) => ({ ...s, reward: rewards[i]!, shaped: rewards[i]! + shaping[i]! }));
}

/**
 * The iteration's batch (iteration-config.ts, `curations`): `own` are the iterate's scored samples, `data` the data
 * responses drawn this iteration (the data curations). Identical pairs are dropped: they carry no gradient.
 */
export function curateBatch(
  curate: Curation,
  own: readonly ScoredSample[],
  data: readonly ResponseSample[],
): CuratedBatch {
  switch (curate) {
    case 'win-rates':
      return {
        kind: 'sequences',
        // The magnet's shaping can carry a rare sample past [0, 1]; SPPO's target is a probability.
        sequences: own.map((s) => ({
          promptTokens: s.promptTokens,
          completionTokens: s.completionTokens,
          winRate: Math.min(1, Math.max(0, s.shaped)),
        })),
      };
    case 'win-fraction': {
      const means = groupMeans(own);
      return {
        kind: 'samples',
        samples: own.map((s) => ({
          promptTokens: s.promptTokens,
          completionTokens: s.completionTokens,
          samplingLogprobs: s.tokenLogprobs,
          advantage: s.shaped - means.get(s.prompt)!,
        })),
      };
    }
    case 'best-vs-worst':
      return { kind: 'pairs', pairs: [...groupByPrompt(own).values()].flatMap(bestVsWorst) };
    case 'data-vs-own':
      return {
        kind: 'pairs',
        pairs: data.map((d, i) => pair(d, own[i]!)).filter((p) => !sameTokens(p.chosenTokens, p.rejectedTokens)),
      };
    case 'data':
      return {
        kind: 'samples',
        samples: data.map((d) => ({
          promptTokens: d.promptTokens,
          completionTokens: d.completionTokens,
          samplingLogprobs: d.tokenLogprobs,
          advantage: 1,
        })),
      };
  }
}

/** The best and the worst sample of one prompt by shaped reward (first seen wins ties), if they differ. */
function bestVsWorst(group: readonly ScoredSample[]): ReturnType<typeof pair>[] {
  let best = group[0]!;
  let worst = group[0]!;
  for (const s of group) {
    if (s.shaped > best.shaped) best = s;
    if (s.shaped < worst.shaped) worst = s;
  }
  return best.shaped > worst.shaped && !sameTokens(best.completionTokens, worst.completionTokens)
    ? [pair(best, worst)]
    : [];
}

function pair(chosen: ResponseSample, rejected: ResponseSample) {
  return {
    promptTokens: chosen.promptTokens,
    chosenTokens: chosen.completionTokens,
    rejectedTokens: rejected.completionTokens,
  };
}

function sameTokens(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function groupByPrompt<T extends { readonly prompt: number } | { readonly s: { readonly prompt: number } }>(
  items: readonly T[],
): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const prompt = 's' in item ? item.s.prompt : item.prompt;
    groups.set(prompt, [...(groups.get(prompt) ?? []), item]);
  }
  return groups;
}

function groupMeans(samples: readonly ScoredSample[]): Map<number, number> {
  const means = new Map<number, number>();
  for (const [prompt, group] of groupByPrompt(samples))
    means.set(prompt, group.reduce((sum, s) => sum + s.shaped, 0) / group.length);
  return means;
}
