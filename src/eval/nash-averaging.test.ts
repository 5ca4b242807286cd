import { describe, expect, it } from 'vitest';
import { nashAveraging } from './nash-averaging.ts';
import { payoffRating } from './payoff-rating.ts';

// Rock, paper, scissors and a dud that loses half a point to each of them.
const field = ['rock', 'paper', 'scissors', 'dud'];
const payoff = [
  [0, -1, 1, 0.5],
  [1, 0, -1, 0.5],
  [-1, 1, 0, 0.5],
  [-0.5, -0.5, -0.5, 0],
];
// The same field with a second rock.
const withCopy = [
  [0, -1, 1, 0.5, 0],
  [1, 0, -1, 0.5, 1],
  [-1, 1, 0, 0.5, -1],
  [-0.5, -0.5, -0.5, 0, -0.5],
  [0, -1, 1, 0.5, 0],
];

const rankOf = (result: ReturnType<typeof nashAveraging>) =>
  Object.fromEntries(result.entries.map((e) => [e.player, { rank: e.rank, payoff: Number(e.payoff.toFixed(9)) }]));

describe('nashAveraging', () => {
  it('ranks rock–paper–scissors plus a copy of rock exactly as without the copy', () => {
    const plain = nashAveraging({ players: field, payoff });
    const copied = nashAveraging({ players: [...field, 'rock2'], payoff: withCopy });
    const { rock2, ...rest } = rankOf(copied);
    expect(rest).toEqual(rankOf(plain));
    expect(rock2).toEqual(rankOf(plain)['rock']);
    // Rock, paper and scissors tie at 0; the dud is beaten by the mixture by 0.5.
    expect(rankOf(plain)).toEqual({
      rock: { rank: 1, payoff: 0 },
      paper: { rank: 1, payoff: 0 },
      scissors: { rank: 1, payoff: 0 },
      dud: { rank: 2, payoff: -0.5 },
    });
    const weight = (name: string) => copied.entries.find((e) => e.player === name)?.weight ?? NaN;
    expect(weight('rock') + weight('rock2')).toBeCloseTo(1 / 3, 9);
    expect(weight('rock')).toBeCloseTo(weight('rock2'), 9);
    // The mean against the field is not invariant: the copy of rock lifts paper above scissors.
    const rank = (players: string[], m: number[][]) =>
      Object.fromEntries(payoffRating({ players, payoff: m }).map((e) => [e.player, e.rank]));
    expect(rank(field, payoff)).toMatchObject({ paper: 1, scissors: 1 });
    expect(rank([...field, 'rock2'], withCopy)).toMatchObject({ paper: 1, scissors: 3 });
  });

  it('rates a transitive field by what the best player wins from each, with half-widths', () => {
    const result = nashAveraging({
      players: ['weak', 'strong', 'middle'],
      payoff: [
        [0, -0.4, -0.1],
        [0.4, 0, 0.2],
        [0.1, -0.2, 0],
      ],
      halfWidth: [
        [0, 0.05, 0.05],
        [0.05, 0, 0.03],
        [0.05, 0.03, 0],
      ],
    });
    expect(result.entries.map((e) => [e.player, e.rank, e.weight])).toEqual([
      ['strong', 1, 1],
      ['middle', 2, 0],
      ['weak', 3, 0],
    ]);
    expect(result.entries[1]?.payoff).toBeCloseTo(-0.2, 12);
    expect(result.entries[1]?.halfWidth).toBeCloseTo(0.03, 12);
    expect(() => nashAveraging({ players: ['a'], payoff: [[0, 1]] })).toThrow(/square/);
    expect(() => nashAveraging({ players: ['a', 'b'], payoff: [[0]] })).toThrow(/2 players but a 1-row matrix/);
  });
});
