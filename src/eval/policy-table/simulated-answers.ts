import type { AnyTextGame } from '../../games/registry.ts';
import type { GameTree } from '../../solvers/index.ts';
import type { Rng } from '../../spec/rng.ts';
import { sampleIndex } from '../../util/rng.ts';
import type { AnswerGroup } from './answer-groups.ts';
import { walkInfosets } from './infoset-walk.ts';

/** Which information sets share one batch of answers, as `createAnswerSampler` groups them. */
export interface GroupLayout {
  readonly infosets: readonly number[];
  readonly moves: number;
}

/**
 * The batches a sampled measurement of `game` asks for: one per information set, or one per distinct prompt when
 * `sharePrompts` (a text player). Indices are `tree`'s.
 */
export function groupLayout(options: { game: AnyTextGame; tree: GameTree; sharePrompts: boolean }): GroupLayout[] {
  const { game, tree, sharePrompts } = options;
  const byId = new Map<number, { infosets: number[]; moves: number }>();
  walkInfosets({ game, format: 'full' }).forEach((site, i) => {
    const id = sharePrompts ? site.prompt : i;
    const group = byId.get(id) ?? { infosets: [], moves: site.legal.length };
    group.infosets.push(tree.infosets.byKey.get(site.key)!);
    byId.set(id, group);
  });
  return [...byId.values()];
}

/**
 * Draws `samples` answers per batch from a known policy (per-slot numbers for `tree`), as a player holding that
 * table would answer: what the coverage bench and tests measure instead of calling a model. A batch shared by
 * several sets draws from its first set's row (a text player's rows agree across sets with one prompt).
 */
export function simulateGroups(options: {
  tree: GameTree;
  layout: readonly GroupLayout[];
  flat: Float64Array;
  samples: number;
  rng: Rng;
}): AnswerGroup[] {
  const { tree, layout, flat, samples, rng } = options;
  return layout.map(({ infosets, moves }) => {
    const start = tree.infosets.slotStart[infosets[0]!]!;
    const row = Array.from(flat.subarray(start, start + moves));
    return { infosets, moves, answers: Array.from({ length: samples }, () => sampleIndex(rng, row)) };
  });
}
