import { type TabularPolicy, tabularPolicy } from './tabular-policy.ts';

/**
 * The Kuhn Poker equilibrium family (OpenSpiel `kuhn_poker.cc: GetOptimalPolicy(alpha)`, `python/games/data.py:
 * kuhn_nash_equilibrium`; research/games.md §1.2). Rows are `[pass, bet]` by OpenSpiel key; α ∈ [0, 1/3] is how
 * often player 0 bluffs with the Jack. Every α gives player 0 exactly −1/18 and exploitability 0.
 */
export function kuhnNashPolicy(alpha: number): TabularPolicy {
  if (!(alpha >= 0 && alpha <= 1 / 3)) throw new RangeError(`kuhnNashPolicy: alpha must be in [0, 1/3], got ${alpha}`);
  return tabularPolicy('kuhn-poker', {
    // Player 0, opening: bluff J with α, never bet Q, bet K with 3α.
    '0': [1 - alpha, alpha],
    '1': [1, 0],
    '2': [Math.max(0, 1 - 3 * alpha), 3 * alpha],
    // Player 0 after check–bet: fold J, call Q with 1/3 + α, call K.
    '0pb': [1, 0],
    '1pb': [2 / 3 - alpha, 1 / 3 + alpha],
    '2pb': [0, 1],
    // Player 1 (same for every α): bluff J after a check 1/3, call Q 1/3, always bet/call K.
    '0p': [2 / 3, 1 / 3],
    '0b': [1, 0],
    '1p': [1, 0],
    '1b': [2 / 3, 1 / 3],
    '2p': [0, 1],
    '2b': [0, 1],
  });
}
