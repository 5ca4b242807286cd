import { z } from 'zod';
import { type AdvantageEstimator, type ScoredEpisode, seatRoleKey } from './estimator.ts';

/**
 * SPIRAL's role-conditioned advantage estimation (research/spiral.md §2.1–2.2): one EMA baseline per
 * (game, role) — the seat, or the hidden role a game deals (Vision-Zero keeps one per spy and civilian) — b ← α·b + (1−α)·R, initialised at 0, α = 0.95; A = R − b. SPIRAL's code subtracts the baseline
 * read before the update (`pre`); the paper's Algorithm 1 updates first (`post`). Episodes are folded in one at
 * a time, in batch order, as SPIRAL's actor does per finished game.
 */
export const raeOptionsSchema = z.strictObject({
  decay: z.number().min(0).max(1).default(0.95),
  baseline: z.enum(['pre', 'post']).default('pre'),
});
export type RaeOptions = z.input<typeof raeOptionsSchema>;

export function createRaeEstimator(options: RaeOptions = {}, saved: Record<string, number> = {}): AdvantageEstimator {
  const { decay, baseline } = raeOptionsSchema.parse(options);
  const baselines = new Map<string, number>(Object.entries(saved));
  const assignOne = (episode: ScoredEpisode): number[] =>
    episode.returns.map((reward, role) => {
      const key = seatRoleKey(episode, role);
      const before = baselines.get(key) ?? 0;
      const after = decay * before + (1 - decay) * reward;
      baselines.set(key, after);
      return reward - (baseline === 'pre' ? before : after);
    });
  return {
    name: 'rae',
    assign: (batch) => batch.map(assignOne),
    state: () => Object.fromEntries(baselines),
  };
}
