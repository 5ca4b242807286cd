import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { simpleNegotiation } from '../games/simple-negotiation/index.ts';
import { snake4 } from '../games/snake/index.ts';
import type { Policy } from '../spec/policy.ts';
import { playEpisode } from './episode.ts';
import { invalidMoveRules } from './invalid-move.ts';
import { playMatch } from './match.ts';
import { createHumanPlayer } from './players/human-player.ts';
import { createRandomPlayer } from './players/random-player.ts';
import { createTablePlayer } from './players/table-player.ts';

const scripted = (answers: string[]): Policy => {
  let i = 0;
  return { name: 'scripted', act: async () => ({ text: answers[i++] ?? '' }) };
};

describe('playEpisode', () => {
  it('plays seeded games identically and records every turn', async () => {
    const run = () => playEpisode({ game: kuhnPoker, policies: [createRandomPlayer(), createRandomPlayer()], seed: 5 });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).toEqual(b);
    expect(a.outcome).toBe('terminal');
    expect(a.returns[0]! + a.returns[1]!).toBe(0);
    expect(a.turns.length).toBeGreaterThanOrEqual(2);
    expect(a.turns.every((t) => t.move && t.legal.includes(t.move))).toBe(true);
  });

  it('deals the same cards for the same seed whatever the policies do', async () => {
    const a = await playEpisode({
      game: kuhnPoker,
      policies: [scripted(['[bet]', '[call]']), scripted(['[call]'])],
      seed: 9,
    });
    const b = await playEpisode({ game: kuhnPoker, policies: [scripted(['[check]']), scripted(['[check]'])], seed: 9 });
    expect(JSON.parse(a.finalState).cards).toEqual(JSON.parse(b.finalState).cards);
  });

  it('asks the players of a simultaneous round together, and plays on past a forfeited turn', async () => {
    let waiting = 0;
    let mostAtOnce = 0;
    // Each answer takes a moment, so a runner asking one seat after another never has two waiting at once.
    const together = (text: string): Policy => ({
      name: text,
      act: async () => {
        waiting++;
        mostAtOnce = Math.max(mostAtOnce, waiting);
        await new Promise<void>((resolve) => setTimeout(resolve, 1));
        waiting--;
        return { text };
      },
    });
    const result = await playEpisode({
      game: snake4,
      policies: [together('no idea'), together('[up]'), together('[down]'), together('[left]')],
      seed: 3,
    });
    expect(mostAtOnce).toBe(4);
    expect(result.outcome).toBe('terminal');
    expect(result.forfeits?.[0]).toBe(0);
    expect(result.offender).toBeUndefined();
    expect(result.turns[0]).toMatchObject({ player: 0, answer: 'no idea' });
    expect(result.turns[0]!.move).toBeUndefined();
    expect(result.turns.slice(1, 4).map((t) => t.move)).toEqual(['[up]', '[down]', '[left]']);
  });

  it('counts a forfeited turn as an invalid move of that player in a match', async () => {
    const report = await playMatch({
      game: snake4,
      players: [scripted([]), createRandomPlayer()],
      games: 8,
      seed: 2,
    });
    expect(report.invalidA).toBe(8); // the first answer is empty, in every seat
    expect(report.results.every((r) => r.outcome === 'terminal' && r.offender === undefined)).toBe(true);
  });

  it("ends the game on an invalid answer with SPIRAL's rewards", async () => {
    const result = await playEpisode({
      game: kuhnPoker,
      policies: [scripted(['I fold!!']), createRandomPlayer()],
      seed: 1,
    });
    expect(result.outcome).toBe('invalid-move');
    expect(result.offender).toBe(0);
    expect(result.returns).toEqual([-1.5, 0.5]);
    expect(result.turns[0]?.invalidReason).toBeDefined();
  });

  it('lets the offender retry in TextArena mode, telling them why', async () => {
    const seen: string[] = [];
    const p0: Policy = {
      name: 'learner',
      act: async ({ observation }) => {
        seen.push(observation);
        return { text: seen.length === 1 ? 'raise!' : '[check]' };
      },
    };
    const result = await playEpisode({
      game: kuhnPoker,
      policies: [p0, scripted(['[check]'])],
      seed: 1,
      invalidMove: invalidMoveRules.textarena,
    });
    expect(result.outcome).toBe('terminal');
    expect(seen[1]).toContain('attempted an invalid move');
    expect(result.turns).toHaveLength(3);
  });

  it('scores a draw at the turn cap', async () => {
    const result = await playEpisode({
      game: kuhnPoker,
      policies: [scripted(['[check]']), scripted(['[bet]'])],
      seed: 2,
      turnCap: 1,
    });
    expect(result).toMatchObject({ outcome: 'turn-cap', returns: [0, 0] });
  });

  it('samples table players by information-state key', async () => {
    const alwaysBet = createTablePlayer({ name: 'bet', probabilities: () => [0, 1] });
    const result = await playEpisode({ game: kuhnPoker, policies: [alwaysBet, alwaysBet], seed: 3 });
    expect(result.turns.map((t) => t.move)).toEqual(['[bet]', '[call]']);
  });

  it('asks a human again until the answer is legal', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => {
      printed += String(d);
    });
    const human = createHumanPlayer({ input, output });
    input.write('raise\n2\n');
    const { text } = await human.act({
      game: kuhnPoker.rules.info,
      player: 0,
      observation: 'obs',
      legal: ['[check]', '[bet]'],
      infoKey: '0',
      rng: { next: () => 0, int: () => 0, state: () => [1, 2, 3, 4] },
    });
    expect(text).toBe('[bet]');
    expect(printed).toContain('Not a legal move');
    await human.close();
  });
});

describe('playMatch', () => {
  it('swaps seats over the same deals, so a player against itself scores exactly zero', async () => {
    const random = createRandomPlayer();
    const report = await playMatch({ game: kuhnPoker, players: [random, random], games: 200, seed: 1 });
    expect(report.games).toBe(200);
    expect(report.wins + report.draws + report.losses).toBe(200);
    const alwaysBet = createTablePlayer({ name: 'bet', probabilities: () => [0, 1] });
    const mirrored = await playMatch({ game: kuhnPoker, players: [alwaysBet, alwaysBet], games: 100, seed: 2 });
    expect(mirrored.meanReturn.mean).toBe(0); // same cards from both seats cancel out
  });

  it('keeps up to `concurrency` games in flight, one at a time with a sequential player, same results in order', async () => {
    /** A random player that counts the requests it holds at once and answers each on a later turn of the loop. */
    const counting = (sequential: boolean) => {
      const random = createRandomPlayer();
      const seen = { inFlight: 0, most: 0 };
      const policy: Policy = {
        name: 'counting',
        sequential,
        act: async (request) => {
          seen.most = Math.max(seen.most, ++seen.inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          seen.inFlight--;
          return random.act(request);
        },
      };
      return { policy, seen };
    };
    const run = async (options: { sequential?: boolean; concurrency?: number }) => {
      const { policy, seen } = counting(options.sequential ?? false);
      const report = await playMatch({
        game: kuhnPoker,
        players: [policy, createRandomPlayer()],
        games: 40,
        seed: 7,
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      });
      return { returns: report.results.map((r) => r.returns.join(',')), most: seen.most };
    };
    const all = await run({});
    const four = await run({ concurrency: 4 });
    const one = await run({ sequential: true, concurrency: 8 });
    expect(all.most).toBeGreaterThan(20); // 40 games start at once: every one asks for its first move
    expect(four.most).toBeLessThanOrEqual(4);
    expect(four.most).toBeGreaterThan(1);
    expect(one.most).toBe(1);
    // Each game's randomness is its own, so the order games run in changes nothing.
    expect(four.returns).toEqual(all.returns);
    expect(one.returns).toEqual(all.returns);
    const random = createRandomPlayer();
    const bad = playMatch({ game: kuhnPoker, players: [random, random], games: 2, seed: 1, concurrency: 0 });
    await expect(bad).rejects.toThrow(/concurrency/);
  });
});

describe('game figures in matches', () => {
  it('averages negotiation agreement and value gain for the measured side', async () => {
    const report = await playMatch({
      game: simpleNegotiation,
      players: [createRandomPlayer(), createRandomPlayer()],
      games: 40,
      seed: 3,
    });
    for (const r of report.results) {
      const [a, b] = r.stats!;
      expect(a!.joint_surplus).toBeCloseTo(a!.value_gain! + b!.value_gain!, 9);
      expect(a!.agreement).toBe(a!.trades! > 0 ? 1 : 0);
    }
    const agreed = report.results.filter((r) => r.stats![0]!.agreement === 1).length;
    expect(report.stats.agreement!.mean).toBeCloseTo(agreed / 40, 12);
    expect(report.stats.value_gain!.n).toBe(40);
    // Kuhn has no figures of its own.
    const kuhn = await playMatch({
      game: kuhnPoker,
      players: [createRandomPlayer(), createRandomPlayer()],
      games: 4,
      seed: 1,
    });
    expect(kuhn.stats).toEqual({});
  });
});

describe('observation layouts per policy', () => {
  it('gives a policy that declares a layout that layout, and the others the match default', async () => {
    const seen: string[][] = [[], []];
    const recorder = (seat: number, format?: 'compact'): Policy => ({
      name: `r${seat}`,
      ...(format ? { format } : {}),
      act: async (request) => {
        seen[seat]!.push(request.observation);
        return { text: request.legal[0]! };
      },
    });
    await playEpisode({ game: kuhnPoker, policies: [recorder(0, 'compact'), recorder(1)], seed: 2, format: 'full' });
    expect(seen[0]![0]).toMatch(/^kuhn P0 card/);
    expect(seen[1]![0]!.length).toBeGreaterThan(seen[0]![0]!.length * 3);
  });
});
