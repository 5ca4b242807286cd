import type { Rng } from '../spec/rng.ts';

/**
 * Which game each of a step's `count` games is: SPIRAL's multi-game actor shuffles its game list and plays one game
 * of each in that order, again and again (research/spiral.md §1.4), so a step holds every game about equally often
 * and the order within each round is random. A game listed k times in `gameRound` gets k games of each round.
 */
export function shuffledGameSchedule(gameRound: readonly string[], count: number, rng: Rng): string[] {
  const schedule: string[] = [];
  while (schedule.length < count) {
    const round = [...gameRound];
    for (let i = round.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
    schedule.push(...round.slice(0, count - schedule.length));
  }
  return schedule;
}
