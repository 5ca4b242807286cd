import { describe, expect, it } from 'vitest';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import type { Policy } from '../spec/policy.ts';
import { runGameConformance } from '../testing/game-conformance.ts';
import { uniqueBid, uniqueBidWinner } from './__fixtures__/unique-bid.ts';
import { freeForAllRecord } from './free-for-all-record.ts';
import { freeForAllSections } from './arena-leaderboard.ts';
import { EntrantCountError, runFreeForAll, seatTables, tableEpisodes } from './free-for-all.ts';
import { rateRankedGames } from './match-ratings.ts';
import { createRatingTable } from './ratings.ts';
import { returnRanks } from './return-ranks.ts';

describe('unique-bid-3 fixture', () => {
  runGameConformance(uniqueBid, { playouts: 30, fuzzRuns: 300 });

  it('pays the highest bid nobody matched', () => {
    expect(uniqueBidWinner([2, 1, 0])).toBe(0);
    expect(uniqueBidWinner([2, 2, 0])).toBe(2);
    expect(uniqueBidWinner([1, 1, 1])).toBe(-1);
  });
});

/** Always bids `bid`. */
const bidder = (bid: number): Policy => ({ name: `bid ${bid}`, act: async () => ({ text: `[${bid}]` }) });

describe('returnRanks', () => {
  it('places by return, tied seats sharing the mean of their places', () => {
    expect(returnRanks([1, 0, 0])).toEqual([1, 2.5, 2.5]);
    expect(returnRanks([0, 0, 0])).toEqual([2, 2, 2]);
    expect(returnRanks([3, 1, 3, 0])).toEqual([1.5, 3, 1.5, 4]);
    expect(returnRanks([0.1 + 0.2, 0.3, -1])).toEqual([1.5, 1.5, 3]);
  });
});

describe('seatTables', () => {
  it('takes every subset when they fit, else a seeded sample with seat counts within one', () => {
    const all = seatTables({ entrants: ['a', 'b', 'c', 'd'], players: 3, maxTables: 20, seed: 1 });
    expect(all.selection).toBe('every subset');
    expect(all.tables.map((t) => [...t].sort().join(''))).toEqual(['abc', 'abd', 'acd', 'bcd']);
    const entrants = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const sampled = seatTables({ entrants, players: 3, maxTables: 10, seed: 2 });
    expect(sampled.selection).toBe('sampled');
    expect(sampled.tables).toHaveLength(10);
    for (const t of sampled.tables) expect(new Set(t).size).toBe(3);
    const counts = entrants.map((name) => sampled.tables.filter((t) => t.includes(name)).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(seatTables({ entrants, players: 3, maxTables: 10, seed: 2 })).toEqual(sampled);
    // Too few tables to seat everyone: as many as it takes.
    expect(seatTables({ entrants, players: 3, maxTables: 1, seed: 2 }).tables).toHaveLength(3);
  });
});

describe('multi-player OpenSkill', () => {
  it('moves the first up and the last down, ties alike, and keeps the two-player API', () => {
    const table = createRatingTable();
    for (let i = 0; i < 10; i++)
      table.recordRanked([
        { name: 'first', rank: 1 },
        { name: 'middle', rank: 2 },
        { name: 'last', rank: 3 },
      ]);
    const mu = Object.fromEntries(table.standings().map(([name, r]) => [name, r.mu]));
    expect(mu.first).toBeGreaterThan(mu.middle!);
    expect(mu.middle).toBeGreaterThan(mu.last!);
    expect(mu.first).toBeGreaterThan(25);
    expect(mu.last).toBeLessThan(25);
    const tied = createRatingTable();
    tied.recordRanked([
      { name: 'a', rank: 1.5 },
      { name: 'b', rank: 1.5 },
      { name: 'c', rank: 3 },
    ]);
    const tiedMu = Object.fromEntries(tied.standings().map(([name, r]) => [name, r.mu]));
    expect(tiedMu.a).toBeCloseTo(tiedMu.b!, 9);
    expect(tiedMu.c).toBeLessThan(tiedMu.a!);
    expect(() => tied.recordRanked([{ name: 'a', rank: 1 }])).toThrow(/at least two players/);
    tied.record('a', 'c', 1); // the two-player API still works beside it
    expect(tied.standings()[0]?.[1].games).toBe(2);
    const averaged = rateRankedGames({
      games: [
        [
          { name: 'x', rank: 1 },
          { name: 'y', rank: 2 },
          { name: 'z', rank: 3 },
        ],
      ],
      seed: 1,
      orders: 4,
    });
    expect(averaged.map(([name]) => name)).toEqual(['x', 'y', 'z']);
  });
});

describe('runFreeForAll', () => {
  const scripted: Record<string, number> = { two: 2, one: 1, zero: 0, zero2: 0 };
  const policyFor = async (name: string) => bidder(scripted[name] ?? 0);

  it('rotates seats evenly, ranks by return with ties shared, and rates the player that always wins first', async () => {
    const tables: number[] = [];
    const result = await runFreeForAll({
      entrants: ['zero', 'one', 'two', 'zero2'],
      game: uniqueBid,
      policyFor,
      dealsPerTable: 2,
      seed: 5,
      ratingOrders: 4,
      onTable: (t) => tables.push(t.index),
    });
    expect(result.selection).toBe('every subset');
    expect(result.tables).toHaveLength(4);
    expect([...tables].sort()).toEqual([0, 1, 2, 3]);
    // Every entrant sits in every seat equally: 3 tables × 2 deals, once per seat each.
    for (const name of Object.keys(scripted))
      for (let seat = 0; seat < 3; seat++) {
        const n = result.tables.flatMap((t) => t.seatings).filter((s) => s[seat] === name).length;
        expect(n).toBe(6);
      }
    // `two` is never matched, so it always wins; `one` wins only the table without `two`.
    expect(result.entries.map((e) => e.player).slice(0, 2)).toEqual(['two', 'one']);
    const by = Object.fromEntries(result.entries.map((e) => [e.player, e]));
    expect(by.two).toMatchObject({ games: 18, invalid: 0 });
    expect(by.two!.meanRank.mean).toBe(1);
    expect(by.two!.meanReturn.mean).toBe(1);
    expect(by.two!.stats.bid?.mean).toBe(2);
    // The zeros lose together every game: they share their places.
    expect(by.zero!.meanRank.mean).toBe(by.zero2!.meanRank.mean);
    expect(by.zero!.meanRank.mean).toBeGreaterThan(by.one!.meanRank.mean);
    const [low, high] = by.two!.interval;
    expect(low).toBeCloseTo(by.two!.rating.mu - 1.96 * by.two!.rating.sigma, 9);
    expect(high).toBeGreaterThan(low);
    expect(by.two!.rating.games).toBe(18);

    const rows = tableEpisodes(result.tables[0]!, 7);
    expect(rows).toHaveLength(6);
    const seats = (rows[1]!.transcript as { seats: string[] }).seats;
    expect(seats).toEqual(result.tables[0]!.seatings[1]);
    expect(seats).toHaveLength(3);

    const record = freeForAllRecord(result);
    expect(record).toMatchObject({ game: 'unique-bid-3', players: 3, tables: 4, games: 24 });
    const [section] = freeForAllSections([record]);
    expect(section?.head).toContain('bid (mean)');
    expect(section?.rows[0]?.[1]).toBe('two');
  });

  it('is the same for the same seed, with random players and concurrency', async () => {
    const run = (concurrency: number) =>
      runFreeForAll({
        entrants: ['a', 'b', 'c', 'd', 'e'],
        game: uniqueBid,
        policyFor: async () => createRandomPlayer(),
        dealsPerTable: 1,
        maxTables: 4,
        seed: 9,
        ratingOrders: 2,
        concurrency,
      });
    const first = await run(64);
    expect(first.selection).toBe('sampled');
    const again = await run(1);
    expect(again.entries).toEqual(first.entries);
    expect(again.tables.map((t) => t.results.map((r) => r.returns))).toEqual(
      first.tables.map((t) => t.results.map((r) => r.returns)),
    );
  });

  it('says how many entrants the game seats when there are too few', async () => {
    const short = runFreeForAll({ entrants: ['a', 'b'], game: uniqueBid, policyFor, dealsPerTable: 1, seed: 1 });
    await expect(short).rejects.toThrow(EntrantCountError);
    await expect(
      runFreeForAll({ entrants: ['a', 'b'], game: uniqueBid, policyFor, dealsPerTable: 1, seed: 1 }),
    ).rejects.toThrow(
      /unique-bid-3 seats 3 players a game but the arena has 2 entrants: add 1 more \(one spec may be entered twice under two names/,
    );
    await expect(
      runFreeForAll({ entrants: ['a', 'a', 'b'], game: uniqueBid, policyFor, dealsPerTable: 1, seed: 1 }),
    ).rejects.toThrow(/unique names/);
  });
});
