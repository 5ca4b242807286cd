import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { shuffledGameSchedule } from './game-schedule.ts';
import { scheduledValue } from './schedule.ts';

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
});
