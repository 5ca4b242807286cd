import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../games/kuhn-poker/rules.ts';
import { ticTacToeRules } from '../games/tic-tac-toe/rules.ts';
import { minimaxPolicy, solveMinimax, UnsupportedGameError } from './minimax.ts';

describe('solveMinimax on tic-tac-toe', () => {
  const solution = solveMinimax(ticTacToeRules);

  it('visits OpenSpiel’s 5,478 states and finds the draw', () => {
    expect(solution.stateCount).toBe(5478);
    expect(solution.value).toBe(0);
    // 4,520 of them are non-terminal (OpenSpiel tabular_best_response_mdp_test.cc).
    expect(solution.optimalMoves.size).toBe(4520);
    expect(solution.game).toBe('tic-tac-toe');
  });

  it('values known positions and lists every optimal move', () => {
    // OpenSpiel value_iteration_test.py: a board with one mark each where the first player to move wins (+1);
    // here player 0 is 'o' and moves first, so the same shape is `.......xo` with 'o' to move.
    expect(solution.values.get('.......xo')).toBe(1);
    // 'o' to move with two in a row on top must complete it: cell 2 is the only winning move.
    const key = 'oo.xx....';
    expect(solution.values.get(key)).toBe(1);
    const legal = [2, 5, 6, 7, 8];
    expect(solution.optimalMoves.get(key)!.map((j) => legal[j])).toEqual([2]);
    // From the empty board every opening draws with perfect play.
    expect(solution.optimalMoves.get('.........')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(solution.moveValues.get('.........')).toEqual(Array(9).fill(0));
  });

  it('turns optimal moves into a uniform-over-optimal policy', () => {
    const policy = minimaxPolicy(solution);
    expect(policy.rows.size).toBe(4520);
    expect(policy.rows.get('oo.xx....')).toEqual([1, 0, 0, 0, 0]);
  });

  it('refuses games with hidden information', () => {
    expect(() => solveMinimax(kuhnRules)).toThrow(UnsupportedGameError);
    expect(() => solveMinimax(kuhnRules)).toThrow(/perfect-information/);
  });
});
