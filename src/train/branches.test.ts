import { describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { playEpisode } from '../rollout/episode.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import { playBranches } from './branches.ts';
import type { Policy } from '../spec/policy.ts';
import type { Learner } from '../spec/learner.ts';
import { type Pairing, trainedSeats } from '../rollout/seat-binding.ts';

describe('branch rollouts', () => {
  it('replays a game from its seed and a prefix of answers, then lets the policies go on', async () => {
    const policies: [Policy, Policy] = [createRandomPlayer(), createRandomPlayer()];
    const game = await playEpisode({ game: kuhnPoker, policies, seed: 11 });
    const replay = await playEpisode({ game: kuhnPoker, policies, seed: 11, prefix: game.turns.map((t) => t.move!) });
    expect(replay.returns).toEqual(game.returns);
    expect(replay.finalState).toEqual(game.finalState);
    // The prefixed turns carry no policy trace: nobody was asked.
    expect(replay.turns.every((t) => t.trace === undefined)).toBe(true);
  });

  it('plays every move not taken once, from the same deal, and reports its return to the mover', async () => {
    const policies: [Policy, Policy] = [createRandomPlayer(), createRandomPlayer()];
    const episodes = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((seed) => playEpisode({ game: kuhnPoker, policies, seed })),
    );
    // A stand-in learner marks the trained seats: both in even games, seat 1 in odd ones.
    const learner = {} as Learner;
    const pairings: Pairing[] = episodes.map((_, i) => ({
      seats: policies.map((policy, seat) => (i % 2 === 0 || seat === 1 ? { policy, learner } : { policy })),
    }));
    const returns = await playBranches({
      episodes,
      pairings,
      games: new Map([['kuhn-poker', kuhnPoker]]),
      format: 'full',
      maxBranches: 8,
    });
    // Kuhn offers two moves at every turn: one branch per trained turn.
    const trained = episodes.flatMap((e, i) => e.turns.filter((t) => trainedSeats(pairings[i]!).includes(t.player)));
    expect(returns).toHaveLength(trained.length);
    returns.forEach((r, i) => {
      expect(r.observation).toBe(trained[i]!.observation);
      expect(r.move).not.toBe(trained[i]!.move);
      expect(trained[i]!.legal).toContain(r.move);
      // Folding ends the hand: the folder loses what it put in, the ante of 1 when facing the first bet.
      if (r.move === '[fold]') expect(r.reward).toBe(-1);
    });
    expect(
      await playBranches({
        episodes,
        pairings,
        games: new Map([['kuhn-poker', kuhnPoker]]),
        format: 'full',
        maxBranches: 0,
      }),
    ).toEqual([]);
  });
});
