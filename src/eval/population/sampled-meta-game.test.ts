import { describe, expect, it } from 'vitest';
import { getGame } from '../../games/registry.ts';
import { createTablePlayer } from '../../rollout/players/table-player.ts';
import {
  actionProbabilities,
  buildTree,
  kuhnNashPolicy,
  type TabularPolicy,
  tabularPolicy,
  uniformPolicy,
} from '../../solvers/index.ts';
import { metaGameMatrix } from '../../solvers/population/index.ts';
import { nashAveraging } from '../nash-averaging.ts';
import { sampledMetaGame } from './sampled-meta-game.ts';

const kuhn = getGame('kuhn-poker');
const tree = buildTree(kuhn.rules);
const passFold = tabularPolicy('kuhn-poker', Object.fromEntries(tree.infosets.keys.map((key) => [key, [1, 0]])));
const tables: TabularPolicy[] = [uniformPolicy('kuhn-poker'), passFold, kuhnNashPolicy(1 / 3)];
const players = tables.map((policy, k) =>
  createTablePlayer({ name: `p${k}`, probabilities: (key, n) => actionProbabilities(policy, key, n) }),
);

describe('sampledMetaGame on Kuhn Poker (table players)', () => {
  it('covers the exact meta-game, is antisymmetric, and is reproducible from its seed', async () => {
    const exact = metaGameMatrix({ tree, policies: tables }).payoff;
    const cells: number[] = [];
    const sampled = await sampledMetaGame({
      game: kuhn,
      policies: players,
      gamesPerPair: 1200,
      seed: 4,
      onCell: ({ i, j }) => cells.push(i * 3 + j),
    });
    expect(cells).toEqual([1, 2, 5]);
    expect(sampled.pairs).toBe(600);
    expect(sampled.bound).toBe(2);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        expect(sampled.payoff[i]![j]! + sampled.payoff[j]![i]!).toBe(0);
        expect(sampled.low[i]![j]).toBeLessThanOrEqual(sampled.payoff[i]![j]!);
        expect(sampled.high[i]![j]).toBeGreaterThanOrEqual(sampled.payoff[i]![j]!);
        expect(sampled.low[i]![j]! + sampled.high[j]![i]!).toBe(0);
        if (i === j) continue;
        // The exact value lies in the interval (seeded, so this is one fixed draw, not a flaky one).
        expect(exact[i]![j]).toBeGreaterThanOrEqual(sampled.low[i]![j]!);
        expect(exact[i]![j]).toBeLessThanOrEqual(sampled.high[i]![j]!);
        expect(sampled.halfWidth[i]![j]).toBeGreaterThan(0);
        expect(sampled.halfWidth[i]![j]).toBeLessThan(0.2);
      }
    const again = await sampledMetaGame({ game: kuhn, policies: players, gamesPerPair: 1200, seed: 4 });
    expect(again.payoff).toEqual(sampled.payoff);
    // The shape the arena's ratings read.
    expect(nashAveraging({ players: ['u', 'f', 'n'], ...sampled }).entries[0]!.player).toBe('n');
  });

  it('a tiny sample still gets an interval of honest width', async () => {
    const sampled = await sampledMetaGame({ game: kuhn, policies: players.slice(0, 2), gamesPerPair: 2, seed: 1 });
    expect(sampled.high[0]![1]! - sampled.low[0]![1]!).toBeGreaterThan(2);
  });

  it('rejects an odd number of games, an empty population and a game that is not two-player zero-sum', async () => {
    await expect(sampledMetaGame({ game: kuhn, policies: players, gamesPerPair: 3, seed: 1 })).rejects.toThrow(/even/);
    await expect(sampledMetaGame({ game: kuhn, policies: [], gamesPerPair: 2, seed: 1 })).rejects.toThrow(/empty/);
    const generalSum = { ...kuhn, rules: { ...kuhn.rules, info: { ...kuhn.rules.info, zeroSum: false } } };
    await expect(sampledMetaGame({ game: generalSum, policies: players, gamesPerPair: 2, seed: 1 })).rejects.toThrow(
      /zero-sum/,
    );
  });
});
