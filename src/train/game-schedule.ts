import type { Rng } from '../spec/rng.ts';
import { shuffleInPlace } from '../util/rng.ts';

/**
 * Which game each of a step's `count` games is: SPIRAL's multi-game actor shuffles its game list and plays one game
 * of each in that order, again and again (research/spiral.md §1.4), so a step holds every game about equally often
 * and the order within each round is random. A game listed k times in `gameRound` gets k games of each round.
 */
export function shuffledGameSchedule(gameRound: readonly string[], count: number, rng: Rng): string[] {
  const schedule: string[] = [];
  while (schedule.length < count) {
    const round = shuffleInPlace([...gameRound], rng);
    schedule.push(...round.slice(0, count - schedule.length));
  }
  return schedule;
}
