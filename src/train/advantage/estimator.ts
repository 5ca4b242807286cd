/** One finished game as an advantage estimator sees it: which game, and each role's return. */
export interface ScoredEpisode {
  readonly gameId: string;
  readonly returns: readonly number[];
  /** The role each seat played, where the game deals hidden roles (`TextGame.roleOf`); absent, a seat is its role. */
  readonly roles?: readonly string[];
  /** Who moved at each turn and what they saw, for estimators with per-observation baselines. */
  readonly turns?: readonly { readonly player: number; readonly observation: string; readonly move?: string }[];
}

/**
 * Turns a batch of finished games into one advantage per (episode, role); every turn a role took in that
 * episode carries its role's advantage (SPIRAL broadcasts one scalar over all of a player's turns, γ = 1).
 */
export interface AdvantageEstimator {
  readonly name: string;
  /** Advantages indexed `[episode][role]`, in batch order. May update internal baselines. */
  assign(batch: readonly ScoredEpisode[]): number[][];
  /**
   * Advantages indexed `[episode][turn]`, for estimators whose baseline depends on the turn's observation; the
   * trainer uses this instead of `assign` when present.
   */
  assignTurns?(batch: readonly ScoredEpisode[]): number[][];
  /** Serialisable state (baselines) for checkpoints; `{}` for stateless estimators. */
  state(): Record<string, unknown>;
}

/** Groups episode-role returns by `(game, role)`, the unit SPIRAL keeps a baseline for. */
export function groupByGameRole(
  batch: readonly ScoredEpisode[],
): Map<string, { episode: number; role: number; value: number }[]> {
  const groups = new Map<string, { episode: number; role: number; value: number }[]>();
  batch.forEach((episode, e) => {
    episode.returns.forEach((value, role) => {
      const key = seatRoleKey(episode, role);
      const group = groups.get(key) ?? [];
      group.push({ episode: e, role, value });
      groups.set(key, group);
    });
  });
  return groups;
}

export function gameRoleKey(gameId: string, role: number | string): string {
  return `${gameId}#${role}`;
}

/** The baseline key of `seat` in `episode`: its game and the role it played there (Vision-Zero: spy or civilian). */
export function seatRoleKey(episode: ScoredEpisode, seat: number): string {
  return gameRoleKey(episode.gameId, episode.roles?.[seat] ?? seat);
}
