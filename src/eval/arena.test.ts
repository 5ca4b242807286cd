import { describe, expect, it } from 'vitest';
import { arenaResultSchema, arenaView } from '../dashboard/arena-view.ts';
import { getGame } from '../games/registry.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import { createTablePlayer } from '../rollout/players/table-player.ts';
import { actionProbabilities, minimaxPolicy, solveMinimax } from '../solvers/index.ts';
import { type ArenaResult, pairScore, runArena } from './arena.ts';
import { leaderboardSections } from './arena-leaderboard.ts';
import { arenaRecord } from './arena-record.ts';
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

const names = (ratings: ArenaResult['ratings']) => ratings.map(([name]) => name);

describe('runArena', () => {
  it('ranks minimax above random at TicTacToe, one game per match, and is reproducible', async () => {
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
    expect(result.games[0]?.match).toEqual({ hands: 1, decidedBy: 'game result' }); // a ±1/0 game: per game
    expect(result.ratings[0]?.[1].games).toBe(80);
    const vsRandom = result.pairs.find((p) => p.b === 'minimax' && p.a === 'random');
    expect(vsRandom?.report.wins).toBe(0); // minimax never loses
    expect(pairScore(vsRandom!.report).score).toBeLessThan(0.2);
    expect(result.games[0]?.nashAveraging?.entries[0]).toMatchObject({ player: 'minimax', payoff: 0, rank: 1 });
    expect((await run()).ratings).toEqual(result.ratings);
    await expect(runArena({ entrants: ['a', 'a'], games: [ttt], policyFor, gamesPerPair: 2, seed: 1 })).rejects.toThrow(
      /unique/,
    );
  });

  // Scripted Kuhn players, each card played one way: open (first to act, or after a check) with a check or a bet,
  // and face a bet with a fold or a call. Rows are [pass, bet] by OpenSpiel key: `c` opening or after a check
  // (`0`, `1p`…), `cpb`/`cb` facing a bet.
  type Play = readonly ['check' | 'bet', 'fold' | 'call'];
  const scriptedPlayer = (name: string, byCard: readonly [Play, Play, Play]) =>
    createTablePlayer({
      name,
      probabilities: (key) => {
        const [open, facing] = byCard[Number(key[0])] as Play;
        return key.endsWith('b') ? (facing === 'call' ? [0, 1] : [1, 0]) : open === 'bet' ? [0, 1] : [1, 0];
      },
    });
  const players: Record<string, readonly [Play, Play, Play]> = {
    // Bets and calls with everything: most hands end in its favour (every fold is a hand won), at a price in chips.
    maniac: [
      ['bet', 'call'],
      ['bet', 'call'],
      ['bet', 'call'],
    ],
    // Gives up the Jack, bets the Queen but folds it to a bet, bets and calls the King.
    value: [
      ['check', 'fold'],
      ['bet', 'fold'],
      ['bet', 'call'],
    ],
    // The same, but checks the King to trap and calls with it.
    trapper: [
      ['check', 'fold'],
      ['bet', 'fold'],
      ['check', 'call'],
    ],
  };
  const kuhn = getGame('kuhn-poker');
  const scripted = async (name: string) => scriptedPlayer(name, players[name] ?? players.maniac!);

  it('rates Kuhn by chips, not hands: the player who wins more hands but loses chips ranks last', async () => {
    // Exact, seat-averaged (by the solvers' tree walk): maniac wins 7/12 of its hands against either of the others
    // yet loses 1/6 chip a hand to both; trapper beats value by 1/12 chip a hand.
    const result = await runArena({
      entrants: ['maniac', 'value', 'trapper'],
      games: [kuhn],
      policyFor: scripted,
      gamesPerPair: 400,
      seed: 4,
    });
    for (const opponent of ['value', 'trapper']) {
      const pair = result.pairs.find((p) => p.a === 'maniac' && p.b === opponent)!;
      expect(pair.report.wins).toBeGreaterThan(pair.report.losses); // the construction: more hands won ...
      expect(pair.report.meanReturn.mean).toBeLessThan(0); // ... and chips lost
    }
    // What rating every hand by its sign (the old leaderboard) says: maniac first.
    const perHand = createRatingTable();
    for (const p of result.pairs) p.report.results.forEach((r, k) => perHand.record(p.a, p.b, r.returns[k % 2] ?? 0));
    expect(perHand.standings()[0]?.[0]).toBe('maniac');
    // The headline payoff rating, Nash averaging and OpenSkill over two-hand matches all follow the chips.
    const [game] = result.games;
    expect(game?.payoffRating?.map((e) => e.player)).toEqual(['trapper', 'value', 'maniac']);
    expect(game?.payoffRating?.[0]?.mean).toBeCloseTo(0.125, 1);
    expect(game?.nashAveraging?.entries.map((e) => [e.player, e.weight])).toEqual([
      ['trapper', 1],
      ['value', 0],
      ['maniac', 0],
    ]);
    expect(names(result.ratings)).toEqual(['trapper', 'value', 'maniac']);
    expect(game?.match).toEqual({ hands: 2, decidedBy: 'summed returns' });
    expect(result.ratings[0]?.[1].games).toBe(400); // 2 opponents × 200 two-hand matches
    // The stored record reads back through the dashboard's schema with the same words the CLI prints.
    const record = arenaRecord(result);
    const view = arenaView(arenaResultSchema.parse(JSON.parse(JSON.stringify(record))));
    expect(view.leaderboard).toEqual(leaderboardSections(record));
    expect(view.leaderboard.map((s) => s.title)).toEqual([
      'Leaderboard — kuhn-poker: payoff rating: mean return per game against the rest of the field',
      'kuhn-poker: Nash averaging, ranked',
      'OpenSkill ratings over matches (Weng–Lin)',
    ]);
    expect(view.leaderboard[2]?.lead).toEqual([
      'kuhn-poker: a match is 2 seat-swapped hands (1 deal played from both seats), decided by summed returns',
    ]);
    expect(view.payoffRating[0]?.entries[0]?.player).toBe('trapper');
    expect(view.nashAveraging[0]?.entries[0]?.player).toBe('trapper');
  });

  it('rejects a match length that does not fit the games per pair', async () => {
    const base = { entrants: ['maniac', 'value'], games: [kuhn], policyFor: scripted, seed: 1 };
    await expect(runArena({ ...base, gamesPerPair: 5 })).rejects.toThrow(/multiple of the 2-hand match/);
    await expect(runArena({ ...base, gamesPerPair: 6, matchHands: 3 })).rejects.toThrow(/even integer/);
  });
});
