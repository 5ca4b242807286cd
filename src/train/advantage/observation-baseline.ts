import { type AdvantageEstimator, gameRoleKey, type ScoredEpisode, seatRoleKey } from './estimator.ts';
import { type RaeOptions, raeOptionsSchema } from './rae.ts';

/** The key of V(observation) for `role` in `gameId`, next to its role's `game#role` key. */
export function observationKey(gameId: string, role: number, observation: string): string {
  return `${gameRoleKey(gameId, role)}#${observation}`;
}

/**
 * RAE with the EMA baseline keyed by (game, role, observation text) instead of (game, role): a tabular critic
 * V(observation) for games whose observations repeat (Kuhn has 12, Leduc 936, TicTacToe 5,478). The baseline depends
 * only on what the mover saw, so the policy gradient stays unbiased, but the part of the return that the deal
 * decides no longer counts as noise: in Kuhn a J earns less than a K whatever it plays, and under the role baseline
 * that difference swamps the gap between betting and checking. An unseen observation starts from its role's RAE
 * baseline (kept alongside), so in games whose observations never repeat this is plain RAE.
 */
export function createObservationBaseline(
  options: RaeOptions = {},
  saved: Record<string, number> = {},
): AdvantageEstimator & { value(key: string): number | undefined } {
  const { decay, baseline } = raeOptionsSchema.parse(options);
  const values = new Map<string, number>(Object.entries(saved));
  /** Folds `reward` into the EMA at `key` (starting from `start` when new); returns reward − baseline. */
  const fold = (key: string, start: number, reward: number): number => {
    const before = values.get(key) ?? start;
    const after = decay * before + (1 - decay) * reward;
    values.set(key, after);
    return reward - (baseline === 'pre' ? before : after);
  };
  const roleAdvantages = (episode: ScoredEpisode): number[] =>
    episode.returns.map((reward, role) => fold(seatRoleKey(episode, role), 0, reward));
  return {
    name: 'observation',
    assign: (batch) => batch.map(roleAdvantages),
    assignTurns: (batch) =>
      batch.map((episode) => {
        const turns = episode.turns ?? [];
        // Read the role baselines before this episode's update, as the start for unseen observations.
        const start = episode.returns.map((_, role) => values.get(seatRoleKey(episode, role)) ?? 0);
        roleAdvantages(episode);
        return turns.map(({ player, observation }) =>
          fold(observationKey(episode.gameId, player, observation), start[player] ?? 0, episode.returns[player] ?? 0),
        );
      }),
    state: () => Object.fromEntries(values),
    /** The baseline at a `game#role` or `game#role#observation` key, if it has one. */
    value: (key) => values.get(key),
  };
}
