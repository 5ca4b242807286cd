import { describe, expect, it } from 'vitest';
import { grpoBaseline, noBaseline, rlooBaseline } from './group-baselines.ts';
import { createRaeEstimator } from './rae.ts';

const batch = [
  { gameId: 'kuhn-poker', returns: [1, -1] },
  { gameId: 'kuhn-poker', returns: [-2, 2] },
  { gameId: 'tic-tac-toe', returns: [1, -1] },
];

describe('advantage estimators', () => {
  it('RAE subtracts the per-(game, role) EMA read before the update, as SPIRAL’s code does', () => {
    const rae = createRaeEstimator();
    const [a, b, c] = rae.assign(batch);
    expect(a).toEqual([1, -1]); // baselines start at 0
    expect(b![0]).toBeCloseTo(-2 - 0.05, 12); // b = 0.05·1 after the first kuhn game
    expect(b![1]).toBeCloseTo(2 + 0.05, 12);
    expect(c).toEqual([1, -1]); // tic-tac-toe has its own baselines
    expect(rae.state()['kuhn-poker#0']).toBeCloseTo(0.95 * 0.05 + 0.05 * -2, 12);
  });

  it("RAE 'post' subtracts the updated baseline and resumes from saved state", () => {
    const post = createRaeEstimator({ baseline: 'post' });
    expect(post.assign([batch[0]!])[0]![0]).toBeCloseTo(1 - 0.05, 12);
    const resumed = createRaeEstimator({}, post.state() as Record<string, number>);
    expect(resumed.assign([batch[0]!])[0]![0]).toBeCloseTo(1 - 0.05, 12);
    expect(() => createRaeEstimator({ decay: 2 })).toThrow();
  });

  it('RAE baselines converge to the mean return of each role', () => {
    const rae = createRaeEstimator();
    for (let i = 0; i < 2000; i++) rae.assign([{ gameId: 'g', returns: [i % 2 === 0 ? 1 : 0, 0.5] }]);
    expect(rae.state()['g#0']).toBeCloseTo(0.5, 1);
    expect(rae.state()['g#1']).toBeCloseTo(0.5, 6);
  });

  it('group baselines centre returns within each (game, role) group', () => {
    expect(noBaseline().assign(batch)).toEqual([
      [1, -1],
      [-2, 2],
      [1, -1],
    ]);
    const rloo = rlooBaseline().assign(batch);
    expect(rloo[0]).toEqual([3, -3]);
    expect(rloo[2]).toEqual([0, 0]); // alone in its group
    const grpo = grpoBaseline().assign(batch);
    expect(grpo[0]![0]).toBeCloseTo(1, 5);
    expect(grpo[1]![0]).toBeCloseTo(-1, 5);
    expect(grpoBaseline({ scale: false }).assign(batch)[0]).toEqual([1.5, -1.5]);
  });
});
