import { describe, expect, it } from 'vitest';
import { getGame } from '../games/registry.ts';
import { resolveModelConfig } from '../lm/config.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createModel } from '../lm/model.ts';
import { createRng } from '../util/rng.ts';
import { lmActionScores, lmPolicyTable } from './lm-policy-table.ts';
import { scoredPolicyTable } from './policy-table/scored-policy-table.ts';

// An untrained model with large weights, so its rows are far from uniform and a misaligned row would show.
const model = createModel({
  kernels: createKernels({ heap: createHeap(), backend: 'simd' }),
  config: resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 512, initStd: 0.3 }),
  rng: createRng(7),
});

describe('the built-in LM policy table', () => {
  it('is the same through the generic scored builder as through lmPolicyTable', async () => {
    const game = getGame('kuhn-poker');
    const direct = lmPolicyTable({ game, model, format: 'compact' });
    const source = lmActionScores(model);
    const generic = await scoredPolicyTable({ game, format: 'compact', source });
    expect([...generic.table.rows.keys()]).toEqual([...direct.rows.keys()]);
    for (const [key, row] of direct.rows) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      generic.table.rows.get(key)!.forEach((p, i) => expect(p).toBeCloseTo(row[i]! / row.reduce((a, b) => a + b), 12));
    }
    expect(Math.max(...[...direct.rows.values()].map((r) => Math.abs(r[0]! - 0.5)))).toBeGreaterThan(0.01);
    expect(source.calls).toBe(12);
    expect(generic.legalMass.min).toBeCloseTo(1, 6);
  });

  it('measures the policy played at another temperature: p^(1/T) renormalised where moves part at one token', () => {
    const game = getGame('kuhn-poker');
    const plain = lmPolicyTable({ game, model, format: 'compact' });
    const cooled = lmPolicyTable({ game, model, format: 'compact', sampling: { temperature: 0.5, topP: 1 } });
    const greedy = lmPolicyTable({ game, model, format: 'compact', sampling: { temperature: 0, topP: 1 } });
    for (const [key, row] of plain.rows) {
      const squared = row.map((p) => p * p);
      const total = squared.reduce((a, b) => a + b, 0);
      cooled.rows.get(key)!.forEach((p, i) => expect(p).toBeCloseTo(squared[i]! / total, 6));
      expect(greedy.rows.get(key)).toEqual(row.map((p) => (p === Math.max(...row) ? 1 : 0)));
    }
  });
});
