import type { AnyTextGame } from '../games/registry.ts';
import { type EpisodeResult, playEpisode } from '../rollout/episode.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import { type Pairing, seatPolicies, trainedSeats } from '../rollout/seat-binding.ts';

/** The return one move earned when played from an observation (the mover's view). */
export interface MoveReturn {
  readonly gameId: string;
  readonly player: number;
  readonly observation: string;
  readonly move: string;
  readonly reward: number;
}

/**
 * Plays out the moves a game did not take. For every trained turn with a choice, each other legal move (at most
 * `maxBranches`, the first ones in legal order) is played from the same deal and history by the same policies, once,
 * to the end: a sample of that move's return drawn as the real game drew the played one. A critic fed these knows
 * the value of every move at every visited observation, including moves the policy has almost given up, whose value
 * it would otherwise only learn on the rare turns that play them — too late, once the opponent has moved on. All
 * branches run concurrently, so their turns share batched forward passes with each other.
 */
export async function playBranches(options: {
  readonly episodes: readonly EpisodeResult[];
  readonly pairings: readonly Pairing[];
  readonly games: ReadonlyMap<string, AnyTextGame>;
  readonly format: ObservationFormat;
  readonly maxBranches: number;
  readonly signal?: AbortSignal;
}): Promise<MoveReturn[]> {
  const { episodes, pairings, games, format, maxBranches, signal } = options;
  const jobs: Promise<MoveReturn>[] = [];
  episodes.forEach((episode, e) => {
    const pairing = pairings[e]!;
    const policies = seatPolicies(pairing);
    const trained = trainedSeats(pairing);
    const played: string[] = [];
    for (const turn of episode.turns) {
      if (turn.move === undefined) break;
      if (trained.includes(turn.player) && turn.legal.length > 1) {
        const others = turn.legal.filter((m) => m !== turn.move).slice(0, maxBranches);
        for (const move of others) {
          jobs.push(
            playEpisode({
              game: games.get(episode.gameId)!,
              policies,
              seed: episode.seed,
              format,
              prefix: [...played, move],
              ...(signal ? { signal } : {}),
            }).then((branch) => ({
              gameId: episode.gameId,
              player: turn.player,
              observation: turn.observation,
              move,
              reward: branch.returns[turn.player] ?? 0,
            })),
          );
        }
      }
      played.push(turn.move);
    }
  });
  return Promise.all(jobs);
}
