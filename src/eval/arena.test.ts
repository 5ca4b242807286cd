import { describe, expect, it } from 'vitest';
import { getGame } from '../games/registry.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import { createTablePlayer } from '../rollout/players/table-player.ts';
import { actionProbabilities, minimaxPolicy, solveMinimax } from '../solvers/index.ts';
import { pairScore, runArena } from './arena.ts';
import { createRatingTable, type SkillRating } from './ratings.ts';

describe('ratings', () => {
  it('moves the winner up, the loser down, and shrinks uncertainty', () => {
    const table = createRatingTable();
    for (let i = 0; i < 20; i++) table.record('strong', 'weak', 1);
    const standings = table.standings();
    expect(standings).toHaveLength(2);
    const [[first, top], [second, bottom]] = standings as [[string, SkillRating], [string, SkillRating]];
    expect(first).toBe('strong');
    expect(second).toBe('weak');
    expect(top.mu).toBeGreaterThan(25);
    expect(bottom.mu).toBeLessThan(25);
    expect(top.sigma).toBeLessThan(25 / 3);
    expect(top.games).toBe(20);
  });
});

describe('runArena', () => {
  it('ranks minimax above random at TicTacToe and is reproducible', async () => {
    const ttt = getGame('tic-tac-toe');
    const optimal = minimaxPolicy(solveMinimax(ttt.rules));
    const policyFor = async (name: string) =>
      name === 'minimax'
        ? createTablePlayer({ name, probabilities: (key, n) => actionProbabilities(optimal, key, n) })
        : createRandomPlayer();
    const run = () =>
      runArena({ entrants: ['random', 'minimax', 'random2'], games: [ttt], policyFor, gamesPerPair: 40, seed: 3 });
    const result = await run();
    expect(result.pairs).toHaveLength(3);
    expect(result.ratings[0]?.[0]).toBe('minimax');
    const vsRandom = result.pairs.find((p) => p.b === 'minimax' && p.a === 'random');
    expect(vsRandom?.report.wins).toBe(0); // minimax never loses
    expect(pairScore(vsRandom!.report).score).toBeLessThan(0.2);
    expect((await run()).ratings).toEqual(result.ratings);
    await expect(runArena({ entrants: ['a', 'a'], games: [ttt], policyFor, gamesPerPair: 2, seed: 1 })).rejects.toThrow(
      /unique/,
    );
  });
});
