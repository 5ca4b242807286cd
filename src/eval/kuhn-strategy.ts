import { actionProbabilities, kuhnNashPolicy, type TabularPolicy } from '../solvers/index.ts';

/** One row of the learned-vs-Nash comparison for Kuhn Poker (the dashboard renders `result('kuhn-strategy')`). */
export interface KuhnStrategyRow {
  /** OpenSpiel information-state key, e.g. `0pb`. */
  readonly key: string;
  readonly situation: string;
  /** Probability of the aggressive move there (bet or call). */
  readonly learned: number;
  /** The same probability across the Nash family α ∈ [0, 1/3] (research/games.md §1.2). */
  readonly nashLow: number;
  readonly nashHigh: number;
}

const situations: Record<string, string> = {
  '0': 'P0 J, opening: bet (bluff)',
  '1': 'P0 Q, opening: bet',
  '2': 'P0 K, opening: bet',
  '0pb': 'P0 J, facing a bet: call',
  '1pb': 'P0 Q, facing a bet: call',
  '2pb': 'P0 K, facing a bet: call',
  '0p': 'P1 J, after a check: bet (bluff)',
  '1p': 'P1 Q, after a check: bet',
  '2p': 'P1 K, after a check: bet',
  '0b': 'P1 J, facing a bet: call',
  '1b': 'P1 Q, facing a bet: call',
  '2b': 'P1 K, facing a bet: call',
};

/** The learned bet/call probability at each of Kuhn's 12 information sets, beside the Nash family's range. */
export function kuhnStrategyRows(policy: TabularPolicy): KuhnStrategyRow[] {
  const low = kuhnNashPolicy(0);
  const high = kuhnNashPolicy(1 / 3);
  return Object.entries(situations).map(([key, situation]) => {
    const a = actionProbabilities(low, key, 2)[1] ?? 0;
    const b = actionProbabilities(high, key, 2)[1] ?? 0;
    return {
      key,
      situation,
      learned: actionProbabilities(policy, key, 2)[1] ?? 0,
      nashLow: Math.min(a, b),
      nashHigh: Math.max(a, b),
    };
  });
}
