import type { ExportSample } from './export-sample.ts';

export interface PreferencePair {
  readonly game: string;
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
  /** Mean value of `chosen` minus that of `rejected` (> 0). */
  readonly margin: number;
}

export interface PairingResult {
  readonly pairs: readonly PreferencePair[];
  /** Distinct (game, prompt) groups seen. */
  readonly groups: number;
  /** Groups with a single distinct completion: nothing to compare. */
  readonly singleCompletion: number;
  /** Groups whose best and worst completions differ by no more than allowed. */
  readonly belowMargin: number;
}

interface CompletionStats {
  sum: number;
  count: number;
}

/**
 * Preference pairs from turns, one per (game, prompt) group at most: each distinct completion of the prompt is
 * scored by the mean of `value` over its turns (a single return in a chance game is mostly luck, the mean less
 * so); chosen = the best mean, rejected = the worst, kept when the gap is > 0 and ≥ `minMargin`. Ties in the
 * ordering go to the completion seen more often, then to the lexically smaller one, so the output depends only on
 * the data. Groups come out in the order their prompt first appears. Memory grows with the distinct
 * (prompt, completion) pairs, not with the number of turns.
 */
export function preferencePairs(options: {
  samples: Iterable<ExportSample>;
  value: (sample: ExportSample) => number;
  minMargin: number;
}): PairingResult {
  const { value, minMargin } = options;
  const groups = new Map<string, { game: string; prompt: string; completions: Map<string, CompletionStats> }>();
  for (const s of options.samples) {
    const key = JSON.stringify([s.game, s.prompt]);
    let group = groups.get(key);
    if (!group) {
      group = { game: s.game, prompt: s.prompt, completions: new Map() };
      groups.set(key, group);
    }
    const stats = group.completions.get(s.completion) ?? { sum: 0, count: 0 };
    stats.sum += value(s);
    stats.count += 1;
    group.completions.set(s.completion, stats);
  }
  const pairs: PreferencePair[] = [];
  let singleCompletion = 0;
  let belowMargin = 0;
  for (const group of groups.values()) {
    if (group.completions.size < 2) {
      singleCompletion++;
      continue;
    }
    const ranked = [...group.completions.entries()]
      .map(([completion, { sum, count }]) => ({ completion, mean: sum / count, count }))
      .sort(
        (a, b) =>
          b.mean - a.mean ||
          b.count - a.count ||
          (a.completion < b.completion ? -1 : a.completion > b.completion ? 1 : 0),
      );
    const best = ranked[0]!;
    const worst = ranked[ranked.length - 1]!;
    const margin = best.mean - worst.mean;
    if (!(margin > 0) || margin < minMargin) {
      belowMargin++;
      continue;
    }
    pairs.push({ game: group.game, prompt: group.prompt, chosen: best.completion, rejected: worst.completion, margin });
  }
  return { pairs, groups: groups.size, singleCompletion, belowMargin };
}
