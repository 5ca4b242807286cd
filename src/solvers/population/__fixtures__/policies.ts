import type { Rng } from '../../../spec/rng.ts';
import type { GameTree } from '../../game-tree.ts';
import { type TabularPolicy, tabularPolicy } from '../../tabular-policy.ts';

/** The same row at every information set, e.g. always the first legal action. */
export function constantPolicy(tree: GameTree, row: (legalCount: number) => number[]): TabularPolicy {
  const rows: Record<string, number[]> = {};
  tree.infosets.keys.forEach((key, i) => {
    rows[key] = row(tree.infosets.slotStart[i + 1]! - tree.infosets.slotStart[i]!);
  });
  return tabularPolicy(tree.gameId, rows);
}

export const firstAction = (n: number): number[] => Array.from({ length: n }, (_, j) => (j === 0 ? 1 : 0));
export const lastAction = (n: number): number[] => Array.from({ length: n }, (_, j) => (j === n - 1 ? 1 : 0));

/**
 * A random policy with every row drawn from `rng`; with `zeros`, each entry is dropped to 0 with that chance (at
 * least one entry per row stays), so some information sets become unreachable under it.
 */
export function randomPolicy(tree: GameTree, rng: Rng, zeros = 0): TabularPolicy {
  return constantPolicy(tree, (n) => {
    const row: number[] = Array.from({ length: n }, () => (rng.next() < zeros ? 0 : rng.next() + 0.01));
    if (!row.some((p) => p > 0)) row[rng.int(n)] = 1;
    return row;
  });
}

/** Every pure policy of `player` (one-hot rows at each of its information sets), as per-slot arrays. */
export function purePolicies(tree: GameTree, player: number): Float64Array[] {
  const { ofPlayer, slotStart, slotCount } = tree.infosets;
  const sets = [...(ofPlayer[player] ?? [])];
  let all: Float64Array[] = [new Float64Array(slotCount)];
  for (const i of sets) {
    const n = slotStart[i + 1]! - slotStart[i]!;
    all = all.flatMap((base) =>
      Array.from({ length: n }, (_, a) => {
        const next = base.slice();
        next[slotStart[i]! + a] = 1;
        return next;
      }),
    );
  }
  return all;
}
