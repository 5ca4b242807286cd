import { describe, expect, it } from 'vitest';
import { partitionedAdvantages, trrKey } from './partitioned-advantages.ts';

describe('TRR++: rewards normalised within each (task type, role) partition', () => {
  it('normalises each of the 6 partitions on its own', () => {
    const types = ['deduction', 'abduction', 'induction'];
    const roles = ['propose', 'solve'];
    const items = types.flatMap((type, t) =>
      roles.flatMap((role, r) =>
        // Partition (t, r) holds rewards offset and scaled by its own amounts: normalising must undo both.
        [0, 1, 2, 3].map((x) => ({ key: trrKey(type, role), reward: 10 * t + 100 * r + (t + r + 1) * x })),
      ),
    );
    const a = partitionedAdvantages(items, 0);
    const whitened = [-3, -1, 1, 3].map((x) => x / Math.sqrt(5));
    for (let p = 0; p < 6; p++) a.slice(4 * p, 4 * p + 4).forEach((v, i) => expect(v).toBeCloseTo(whitened[i]!, 12));
    expect(new Set(items.map((i) => i.key)).size).toBe(6);
  });

  it('gives 0 to a partition of one sample or of equal rewards, and keeps the input order when keys interleave', () => {
    const a = partitionedAdvantages([
      { key: 'deduction/solve', reward: 1 },
      { key: 'induction/propose', reward: 5 },
      { key: 'deduction/solve', reward: 0 },
      { key: 'abduction/solve', reward: -1 },
      { key: 'abduction/solve', reward: -1 },
    ]);
    expect(a[0]).toBeCloseTo(1, 5);
    expect(a[1]).toBe(0);
    expect(a[2]).toBeCloseTo(-1, 5);
    expect(a[3]).toBe(0);
    expect(a[4]).toBe(0);
  });
});
