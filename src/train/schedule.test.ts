import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { shuffledGameSchedule } from './game-schedule.ts';
import { scheduledValue } from './schedule.ts';
import { gameRound, parseTrainConfig } from './train-config.ts';

describe('rate schedules', () => {
  const at = (step: number, shape: 'constant' | 'linear' | 'cosine', warmupSteps = 0) =>
    scheduledValue({ start: 1, step, steps: 100, shape, finalRatio: 0.1, warmupSteps });

  it('warms up linearly, then decays to the final ratio at the last step', () => {
    expect(at(5, 'linear', 10)).toBeCloseTo(0.5, 12);
    expect(at(10, 'cosine', 10)).toBeCloseTo(1, 12);
    expect(at(100, 'linear')).toBeCloseTo(0.1, 12);
    expect(at(100, 'cosine')).toBeCloseTo(0.1, 12);
    expect(at(50, 'linear')).toBeCloseTo(0.55, 12);
    expect(at(50, 'cosine')).toBeCloseTo(0.55, 12);
    expect(at(25, 'cosine')).toBeGreaterThan(at(25, 'linear'));
    expect(at(100, 'constant')).toBe(1);
    // Past the planned steps (a resumed run that was extended) the rate stays at its floor.
    expect(at(150, 'linear')).toBeCloseTo(0.1, 12);
  });
});

describe('multi-game schedule', () => {
  it('plays every game once per shuffled round, in varying order', () => {
    const games = ['kuhn-poker', 'tic-tac-toe', 'simple-negotiation'];
    const rng = createRng(7);
    const schedule = shuffledGameSchedule(games, 64, rng);
    expect(schedule).toHaveLength(64);
    for (let r = 0; r + 3 <= 64; r += 3) expect([...schedule.slice(r, r + 3)].sort()).toEqual([...games].sort());
    const firsts = new Set(Array.from({ length: 30 }, () => shuffledGameSchedule(games, 3, rng)[0]));
    expect(firsts.size).toBe(3);
    expect(shuffledGameSchedule(['kuhn-poker'], 5, rng)).toEqual(Array(5).fill('kuhn-poker'));
  });

  it('gives a game with a share of k k games of every round (`gameShares`), and names a share for a game not played', () => {
    const config = parseTrainConfig({
      games: ['kuhn-poker', 'tic-tac-toe', 'simple-negotiation'],
      gameShares: { 'kuhn-poker': 6 },
    });
    const round = gameRound(config);
    expect(round).toHaveLength(8);
    const schedule = shuffledGameSchedule(round, 80, createRng(3));
    for (let r = 0; r < 80; r += 8) {
      const counts = new Map<string, number>();
      for (const id of schedule.slice(r, r + 8)) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(Object.fromEntries(counts)).toEqual({ 'kuhn-poker': 6, 'tic-tac-toe': 1, 'simple-negotiation': 1 });
    }
    expect(gameRound(parseTrainConfig({ games: ['kuhn-poker', 'tic-tac-toe'] }))).toEqual([
      'kuhn-poker',
      'tic-tac-toe',
    ]);
    expect(() => parseTrainConfig({ games: ['kuhn-poker', 'tic-tac-toe'], gameShares: { 'leduc-poker': 2 } })).toThrow(
      /at gameShares/,
    );
    expect(() => parseTrainConfig({ gameShares: { 'kuhn-poker': 0 } })).toThrow(/gameShares/);
  });
});
