import type { GameTree } from '../../solvers/index.ts';
import { type InfosetSite, PolicyTableError } from './infoset-walk.ts';

/**
 * The answers a policy gave at one information set: the legal move each one parsed to, or −1 when invalid. Sets
 * that share a prompt share one array when answers are shared (see `sharePrompts` in sampled-answers.ts).
 */
export interface SampledInfoset {
  readonly site: InfosetSite;
  readonly answers: readonly number[];
}

/**
 * One batch of answers and the information sets that read it: one set for a table player, every set sharing a
 * prompt for a text player. Batches are the independent units of the sampling; a row is estimated per batch.
 */
export interface AnswerGroup {
  /** Tree information-set indices that take this batch's row. */
  readonly infosets: readonly number[];
  /** Legal moves at each of them (the same for all: they share a prompt). */
  readonly moves: number;
  /** Legal-move index per answer, −1 for an invalid one; may grow (adaptive sampling appends). */
  readonly answers: readonly number[];
}

/** Groups the sampled information sets by shared answer array, mapped onto `tree`'s information-set indices. */
export function answerGroups(tree: GameTree, infosets: readonly SampledInfoset[]): AnswerGroup[] {
  const byBatch = new Map<readonly number[], { infosets: number[]; moves: number; answers: readonly number[] }>();
  for (const { site, answers } of infosets) {
    const index = tree.infosets.byKey.get(site.key);
    if (index === undefined) {
      throw new PolicyTableError(`information set ${JSON.stringify(site.key)} is not in the ${tree.gameId} tree`);
    }
    const group = byBatch.get(answers) ?? { infosets: [], moves: site.legal.length, answers };
    group.infosets.push(index);
    byBatch.set(answers, group);
  }
  return [...byBatch.values()];
}

/** Counts of each of `moves` moves over `answers[from, to)`, invalid answers (−1) left out, and the valid total. */
export function moveCounts(
  group: { readonly moves: number; readonly answers: readonly number[] },
  from = 0,
  to = group.answers.length,
): { counts: number[]; n: number } {
  const counts = new Array<number>(group.moves).fill(0);
  let n = 0;
  for (let j = from; j < to; j++) {
    const a = group.answers[j]!;
    if (a < 0) continue;
    counts[a]!++;
    n++;
  }
  return { counts, n };
}

/**
 * The empirical policy as per-slot numbers for `tree`: each group's row (valid answers only, as `countRows`) on
 * each of its sets; a group with no valid answer in the range, or a set no group covers, is uniform.
 */
export function groupsToFlat(
  tree: GameTree,
  groups: readonly AnswerGroup[],
  half: 'all' | 'first' | 'second' = 'all',
): Float64Array {
  const { slotStart, count } = tree.infosets;
  const flat = new Float64Array(tree.infosets.slotCount);
  for (let i = 0; i < count; i++) flat.fill(1 / (slotStart[i + 1]! - slotStart[i]!), slotStart[i]!, slotStart[i + 1]!);
  for (const group of groups) {
    const [from, to] = halfRange(group.answers.length, half);
    const { counts, n } = moveCounts(group, from, to);
    if (n === 0) continue;
    for (const i of group.infosets) counts.forEach((c, a) => (flat[slotStart[i]! + a] = c / n));
  }
  return flat;
}

/**
 * Answers `[from, to)` of a half. Answers are independent draws in call order, so the first ⌈n/2⌉ and the rest are
 * two independent samples; no random split is needed.
 */
export function halfRange(length: number, half: 'all' | 'first' | 'second'): [number, number] {
  const mid = Math.ceil(length / 2);
  if (half === 'first') return [0, mid];
  if (half === 'second') return [mid, length];
  return [0, length];
}
