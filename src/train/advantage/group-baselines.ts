import { type AdvantageEstimator, groupByGameRole, type ScoredEpisode } from './estimator.ts';

type GroupRule = (values: readonly number[], index: number) => number;

function groupEstimator(name: string, rule: GroupRule): AdvantageEstimator {
  return {
    name,
    assign(batch: readonly ScoredEpisode[]) {
      const out = batch.map((e) => e.returns.map(() => 0));
      for (const group of groupByGameRole(batch).values()) {
        const values = group.map((g) => g.value);
        group.forEach((g, i) => {
          const row = out[g.episode];
          if (row) row[g.role] = rule(values, i);
        });
      }
      return out;
    },
    state: () => ({}),
  };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Vanilla REINFORCE: the advantage is the return itself (SPIRAL's "no RAE" ablation). */
export const noBaseline = (): AdvantageEstimator => groupEstimator('none', (xs, i) => xs[i] ?? 0);

/**
 * GRPO group normalisation over the batch's (game, role) group: (R − mean) / (std + 1e-6)
 * (research/systems.md §1; Dr.GRPO drops the std — use `grpo` with `scale: false`).
 */
export const grpoBaseline = (options: { scale?: boolean } = {}): AdvantageEstimator =>
  groupEstimator(options.scale === false ? 'dr-grpo' : 'grpo', (xs, i) => {
    const m = mean(xs);
    const centred = (xs[i] ?? 0) - m;
    if (options.scale === false) return centred;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
    return centred / (std + 1e-6);
  });

/** RLOO: each return minus the mean of the others in its (game, role) group; 0 for a group of one. */
export const rlooBaseline = (): AdvantageEstimator =>
  groupEstimator('rloo', (xs, i) => {
    if (xs.length < 2) return 0;
    const total = xs.reduce((s, x) => s + x, 0);
    return (xs[i] ?? 0) - (total - (xs[i] ?? 0)) / (xs.length - 1);
  });
