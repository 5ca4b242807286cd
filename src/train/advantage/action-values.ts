import { type AdvantageEstimator, gameRoleKey } from './estimator.ts';
import { createObservationBaseline, observationKey } from './observation-baseline.ts';
import { type RaeOptions, raeOptionsSchema } from './rae.ts';
import type { MoveReturn } from '../branches.ts';

/** Keys of the move values in the saved state; the rest belongs to the observation baseline. */
const MOVE_PREFIX = 'Q|';

/** An advantage estimator that also knows the value of every move it has seen played from an observation. */
export interface ActionValueCritic extends AdvantageEstimator {
  /**
   * Q(observation, move) for each of `legal` as seen from `role`: the EMA of the mover's return over the turns that
   * played it; a move never played from there yet gets the observation's value V, i.e. no advantage.
   */
  moveValues(gameId: string, role: number, observation: string, legal: readonly string[]): number[];
  /** Folds returns of moves played out elsewhere (branches of the step's games) into their Q. */
  observeMoves(returns: readonly MoveReturn[]): void;
}

/**
 * A tabular critic for the all-actions update (train/all-actions.ts): Q(observation, move) as a per-visit EMA of
 * returns (decay as RAE's), fed by the turns played and by branch rollouts of the moves not taken, next to the
 * observation baseline V(observation), which still gives each sampled turn its own advantage (the run store's
 * samples). With Q for every legal move, the update moves all of them at once instead of only the sampled one.
 * Only worth it where observations repeat (Kuhn, Leduc); elsewhere every Q falls back to V and nothing is pushed.
 */
export function createActionValueCritic(
  options: RaeOptions = {},
  saved: Record<string, number> = {},
): ActionValueCritic {
  const { decay } = raeOptionsSchema.parse(options);
  const q = new Map<string, number>();
  const rest: Record<string, number> = {};
  for (const [key, value] of Object.entries(saved)) {
    if (key.startsWith(MOVE_PREFIX)) q.set(key.slice(MOVE_PREFIX.length), value);
    else rest[key] = value;
  }
  const baseline = createObservationBaseline(options, rest);
  const moveKey = (gameId: string, role: number, observation: string, move: string) =>
    `${observationKey(gameId, role, observation)}\u0000${move}`;
  const valueOf = (gameId: string, role: number, observation: string): number =>
    baseline.value(observationKey(gameId, role, observation)) ?? baseline.value(gameRoleKey(gameId, role)) ?? 0;
  const fold = (gameId: string, role: number, observation: string, move: string, reward: number) => {
    const key = moveKey(gameId, role, observation, move);
    const before = q.get(key) ?? valueOf(gameId, role, observation);
    q.set(key, decay * before + (1 - decay) * reward);
  };
  return {
    name: 'action-value',
    assign: (batch) => baseline.assign(batch),
    assignTurns: (batch) => {
      for (const episode of batch) {
        for (const turn of episode.turns ?? []) {
          if (turn.move !== undefined)
            fold(episode.gameId, turn.player, turn.observation, turn.move, episode.returns[turn.player] ?? 0);
        }
      }
      return baseline.assignTurns!(batch);
    },
    observeMoves(returns) {
      for (const r of returns) fold(r.gameId, r.player, r.observation, r.move, r.reward);
    },
    moveValues(gameId, role, observation, legal) {
      const fallback = valueOf(gameId, role, observation);
      return legal.map((move) => q.get(moveKey(gameId, role, observation, move)) ?? fallback);
    },
    state: () => ({
      ...baseline.state(),
      ...Object.fromEntries([...q].map(([key, value]) => [MOVE_PREFIX + key, value])),
    }),
  };
}
