import type { GameInfo } from '../../spec/game.ts';

/** Each seat's mean return over the episodes that have that seat (seat 0: all of them). */
export function meanSeatReturns(episodes: readonly { readonly returns: readonly number[] }[]): number[] {
  const seats = Math.max(0, ...episodes.map((e) => e.returns.length));
  return Array.from({ length: seats }, (_, seat) => {
    const having = episodes.filter((e) => e.returns.length > seat);
    return having.reduce((s, e) => s + (e.returns[seat] ?? 0), 0) / having.length;
  });
}

/**
 * The metrics of the seats' mean returns: `return/p0`, and `return/pK` for every other seat unless all the games are
 * two-player zero-sum (seat 1's mean is then minus seat 0's, so it says nothing new).
 */
export function seatReturnMetrics(means: readonly number[], games: readonly GameInfo[]): Record<string, number> {
  const redundant = games.every((g) => g.players === 2 && g.zeroSum);
  const shown = redundant ? means.slice(0, 1) : means;
  return Object.fromEntries(shown.map((mean, seat) => [`return/p${seat}`, mean]));
}
