import type { GameReport, StrategyTableRowSpec } from '../../spec/game-text.ts';

/** A row over Kuhn's two moves, `[pass, bet]`: the row reports the aggressive one (bet, or call facing a bet). */
const row = (key: string, situation: string, low: number, high = low): StrategyTableRowSpec => ({
  key,
  situation,
  legalCount: 2,
  moveIndex: 1,
  equilibrium: [low, high],
});

/**
 * Kuhn's reports: uniform play's exploitability (11/24, research/games.md §1.2) and the 12 information sets beside
 * the Nash family α ∈ [0, 1/3] (solvers/kuhn-nash.ts; kuhn-poker.test.ts checks these ranges against it).
 */
export const kuhnReport: GameReport = {
  uniformExploitability: { value: 11 / 24, label: 'uniform Kuhn' },
  strategyTable: {
    title: 'Kuhn strategy vs the Nash family (α ∈ [0, 1/3])',
    move: 'bet / call',
    equilibrium: 'Nash family',
    rows: [
      row('0', 'P0 J, opening: bet (bluff)', 0, 1 / 3),
      row('1', 'P0 Q, opening: bet', 0),
      row('2', 'P0 K, opening: bet', 0, 1),
      row('0pb', 'P0 J, facing a bet: call', 0),
      row('1pb', 'P0 Q, facing a bet: call', 1 / 3, 2 / 3),
      row('2pb', 'P0 K, facing a bet: call', 1),
      row('0p', 'P1 J, after a check: bet (bluff)', 1 / 3),
      row('1p', 'P1 Q, after a check: bet', 0),
      row('2p', 'P1 K, after a check: bet', 1),
      row('0b', 'P1 J, facing a bet: call', 0),
      row('1b', 'P1 Q, facing a bet: call', 1 / 3),
      row('2b', 'P1 K, facing a bet: call', 1),
    ],
  },
};
