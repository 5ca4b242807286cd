import { describe, expect, it } from 'vitest';
import { denseRanks, payoffRating } from './payoff-rating.ts';

describe('payoffRating', () => {
  it("is each player's mean margin against the rest of the field, with a CI from the entries", () => {
    const rating = payoffRating({
      players: ['a', 'b', 'c'],
      payoff: [
        [0, 0.2, 0.4],
        [-0.2, 0, 0.1],
        [-0.4, -0.1, 0],
      ],
      halfWidth: [
        [0, 0.03, 0.04],
        [0.03, 0, 0.05],
        [0.04, 0.05, 0],
      ],
    });
    expect(rating.map((e) => [e.player, e.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(rating[0]?.mean).toBeCloseTo(0.3, 12);
    expect(rating[0]?.halfWidth).toBeCloseTo(0.025, 12); // √(0.03² + 0.04²) / 2
    expect(rating[2]?.mean).toBeCloseTo(-0.25, 12);
    expect(() => payoffRating({ players: ['a'], payoff: [[0]] })).toThrow(/at least 2/);
  });

  it('depends on the field, unlike Nash averaging: a copy of rock lifts paper above scissors', () => {
    const rps = [
      [0, -1, 1],
      [1, 0, -1],
      [-1, 1, 0],
    ];
    expect(payoffRating({ players: ['rock', 'paper', 'scissors'], payoff: rps }).map((e) => e.rank)).toEqual([1, 1, 1]);
    const withCopy = payoffRating({
      players: ['rock', 'paper', 'scissors', 'rock2'],
      payoff: [
        [0, -1, 1, 0],
        [1, 0, -1, 1],
        [-1, 1, 0, -1],
        [0, -1, 1, 0],
      ],
    });
    expect(withCopy[0]).toMatchObject({ player: 'paper', rank: 1 });
    expect(withCopy[withCopy.length - 1]).toMatchObject({ player: 'scissors', rank: 3 });
  });

  it('gives dense ranks with ties inside rounding', () => {
    expect(denseRanks([0.3, 0.1 + 0.2, -1, 0.5])).toEqual([2, 2, 3, 1]);
  });
});
