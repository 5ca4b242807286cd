import type { Game } from '../spec/game.ts';
import type { NashConvReport } from './exploitability.ts';
import type { TabularPolicy } from './tabular-policy.ts';

/**
 * An exact solver a game brings for itself where the generic walks cannot go: Pig's positions number in the
 * millions, and without a turn cap they cycle through busts, which no tree or memoised walk finishes. A game
 * declares one by carrying it on its rules (`withExactSolver`); `measurePolicy`, `equilibriumPolicy` and the
 * exploitability meter then use it, so shared code reads a capability and never asks for a game by name.
 */
export interface ExactSolver {
  /** How it solves, for printing, e.g. `value iteration`. */
  readonly method: string;
  /** Information sets where a player acts (reachable ones): the rows of a complete policy table. */
  readonly infosetCount: number;
  /**
   * Set when reading a player's whole policy into a table is not worth asking (full Pig: millions of prompts): why,
   * and what to measure instead. The exploitability meter refuses with it before any player is asked.
   */
  readonly tableRefusal?: string;
  /** An optimal policy with its exact exploitability (0 up to rounding). */
  equilibrium(): ExactEquilibrium;
  /** NashConv and exploitability of `policy` played in both seats, as `perfectInfoNashConv` defines them. */
  measure(policy: TabularPolicy, options?: { withBestResponses?: boolean }): NashConvReport;
}

export interface ExactEquilibrium {
  readonly policy: TabularPolicy;
  readonly method: string;
  readonly exploitability: number;
  /** Player 0's return under optimal play. */
  readonly value: number;
}

/** Rules that carry their own exact solver. */
export type WithExactSolver<S> = Game<S, number> & { readonly exactSolver: ExactSolver };

export function withExactSolver<S>(rules: Game<S, number>, exactSolver: ExactSolver): WithExactSolver<S> {
  return { ...rules, exactSolver };
}

/** The exact solver `game` declares, if any. */
export function exactSolverOf(game: Game<unknown, number>): ExactSolver | undefined {
  return (game as Partial<WithExactSolver<unknown>>).exactSolver;
}
