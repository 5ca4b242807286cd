import { describe, expect, it } from 'vitest';
import { leducRules } from '../games/leduc-poker/rules.ts';
import { cfrPass, cfrPassPerfectRecall, createCfrKernel, matchRegrets } from './cfr-kernel.ts';
import { buildTree } from './game-tree.ts';
import { normaliseBySet } from './tabular-policy.ts';

describe('CFR kernels', () => {
  const tree = buildTree(leducRules);

  it('finds the previous own move of every Leduc information set (perfect recall)', () => {
    const kernel = createCfrKernel(tree);
    expect(kernel.ownParentSlot).not.toBeNull();
    // The openings have no earlier own move; player 0's reply to a check–raise follows its own check.
    const { byKey, slotStart } = tree.infosets;
    expect(kernel.ownParentSlot![byKey.get('0:3:')!]).toBe(-1);
    expect(kernel.ownParentSlot![byKey.get('1:3:c')!]).toBe(-1);
    const check = slotStart[byKey.get('0:3:')!]!; // slot of "call/check" (the first legal action there)
    expect(kernel.ownParentSlot![byKey.get('0:3:cr')!]).toBe(check);
  });

  it('the perfect-recall pass gives the same regrets and average policy as the per-history pass', () => {
    const general = createCfrKernel(tree);
    const fast = createCfrKernel(tree);
    for (let t = 1; t <= 30; t++)
      for (let p = 0; p < 2; p++) {
        cfrPass(general, p, t);
        cfrPassPerfectRecall(fast, p, t);
        matchRegrets(general, p);
        matchRegrets(fast, p);
      }
    const maxGap = (a: Float64Array, b: Float64Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
    expect(maxGap(general.regret, fast.regret)).toBeLessThan(1e-9);
    const slots = tree.infosets.slotCount;
    const avgGeneral = normaliseBySet(tree, general.cumulative, new Float64Array(slots));
    const avgFast = normaliseBySet(tree, fast.cumulative, new Float64Array(slots));
    expect(maxGap(avgGeneral, avgFast)).toBeLessThan(1e-12);
    // The regrets moved: the comparison is not between two untouched arrays.
    expect(fast.regret.some((r) => Math.abs(r) > 1e-3)).toBe(true);
  });
});
