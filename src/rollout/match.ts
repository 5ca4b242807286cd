import type { AnyTextGame } from '../games/registry.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { Policy } from '../spec/policy.ts';
import { createSemaphore } from '../llm/semaphore.ts';
import { deriveSeed } from '../util/rng.ts';
import { countOutcomes, meanWithCi } from '../util/stats.ts';
import { type EpisodeResult, invalidSeats, playEpisode } from './episode.ts';
import type { InvalidMoveRule } from './invalid-move.ts';

export interface MatchOptions {
  readonly game: AnyTextGame;
  /** The player measured (A) and its opponent (B), who takes every other seat of a game for more than two. */
  readonly players: readonly [Policy, Policy];
  /** Games to play; A takes seat `g mod players` in game g (seat 0 in even games and seat 1 in odd ones for two). */
  readonly games: number;
  readonly seed: number;
  readonly format?: ObservationFormat;
  readonly invalidMove?: InvalidMoveRule;
  /**
   * Games in flight at once (default 256), so a batched policy such as the built-in LM answers many games per
   * forward pass and an endpoint fills its concurrency limit. A match with a `sequential` player (a person) plays
   * one game after another. Results are in game order either way.
   */
  readonly concurrency?: number;
  /** Stops the match's games at their next turn. */
  readonly signal?: AbortSignal;
}

/** Games a match keeps in flight unless told otherwise: the trainer's default batch of games per step. */
const defaultMatchConcurrency = 256;

export interface MatchReport {
  readonly games: number;
  /** A's mean return with a 95% CI. Wins, draws and losses compare it with the best other seat's return. */
  readonly meanReturn: { mean: number; halfWidth: number; n: number };
  readonly wins: number;
  readonly draws: number;
  readonly losses: number;
  /** Games in which A / B made an invalid move (ending the game, or forfeiting a turn where the game plays on). */
  readonly invalidA: number;
  readonly invalidB: number;
  readonly meanTurns: number;
  /** A's mean of each of the game's own figures (e.g. negotiation `agreement`, `value_gain`), with 95% CIs. */
  readonly stats: Readonly<Record<string, { mean: number; halfWidth: number; n: number }>>;
  readonly results: readonly EpisodeResult[];
}

/**
 * A seat-rotated match: A takes each seat in turn, B every other seat, and each round of rotations shares one seed,
 * so A meets the same deals from every seat, which removes most of the luck of the deal from the comparison.
 */
export async function playMatch(options: MatchOptions): Promise<MatchReport> {
  const { game, players, games, seed } = options;
  const seats = game.rules.info.players;
  const concurrency = players.some((p) => p.sequential) ? 1 : (options.concurrency ?? defaultMatchConcurrency);
  const slots = createSemaphore(concurrency);
  const playGame = (g: number): Promise<EpisodeResult> =>
    playEpisode({
      game,
      policies: Array.from({ length: seats }, (_, p) => (p === g % seats ? players[0] : players[1])),
      seed: deriveSeed(seed, Math.floor(g / seats)),
      ...(options.format ? { format: options.format } : {}),
      ...(options.invalidMove ? { invalidMove: options.invalidMove } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const results = await Promise.all(Array.from({ length: games }, (_, g) => slots.run(() => playGame(g))));
  const returnsA: number[] = [];
  const marginsA: number[] = [];
  const statsA = new Map<string, number[]>();
  let invalidA = 0;
  let invalidB = 0;
  for (const [g, result] of results.entries()) {
    const seatA = g % seats;
    returnsA.push(result.returns[seatA] ?? 0);
    marginsA.push((result.returns[seatA] ?? 0) - Math.max(...result.returns.filter((_, p) => p !== seatA)));
    for (const [name, value] of Object.entries(result.stats?.[seatA] ?? {})) {
      statsA.set(name, [...(statsA.get(name) ?? []), value]);
    }
    const offenders = invalidSeats(result);
    if (offenders.includes(seatA)) invalidA++;
    if (offenders.some((p) => p !== seatA)) invalidB++;
  }
  return {
    games,
    meanReturn: meanWithCi(returnsA),
    ...countOutcomes(marginsA),
    invalidA,
    invalidB,
    meanTurns: results.reduce((s, r) => s + r.turns.length, 0) / Math.max(1, games),
    stats: Object.fromEntries([...statsA].map(([name, values]) => [name, meanWithCi(values)])),
    results,
  };
}
