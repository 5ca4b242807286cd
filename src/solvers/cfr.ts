import { cfrPass, cfrPassPerfectRecall, createCfrKernel, matchRegrets, scaleRegrets } from './cfr-kernel.ts';
import type { GameTree } from './game-tree.ts';
import { normaliseBySet, policyFromFlat, type TabularPolicy } from './tabular-policy.ts';

/**
 * The counterfactual-regret-minimisation family with OpenSpiel's semantics (`python/algorithms/cfr.py`,
 * `discounted_cfr.py`; research/games.md §4.1), alternating updates in player order:
 * - `cfr`: regret matching, average policy weighted 1 per iteration;
 * - `cfr+`: regret matching+ (regrets clamped at 0 after each player's pass), linear averaging (weight t);
 * - `dcfr`: discounted CFR(α, β, γ), default (1.5, 0, 2): after each player's pass its positive regrets are
 *   multiplied by t^α/(t^α+1) and negative ones by t^β/(t^β+1); average weight t^γ.
 */
export const cfrVariants = ['cfr', 'cfr+', 'dcfr'] as const;
export type CfrVariant = (typeof cfrVariants)[number];

export interface DcfrParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}
export const defaultDcfrParameters: DcfrParameters = { alpha: 1.5, beta: 0, gamma: 2 };

export interface CfrSolver {
  readonly tree: GameTree;
  readonly variant: CfrVariant;
  /** Iterations done so far (each one updates every player once). */
  readonly iterations: number;
  iterate(count?: number): void;
  /** The normalised cumulative policy: the one that converges to equilibrium. */
  averagePolicy(): TabularPolicy;
  /** The regret-matching policy the next iteration will play (need not converge). */
  currentPolicy(): TabularPolicy;
  /** `averagePolicy()` as per-slot numbers (a fresh copy), for fast exploitability checks. */
  averageFlat(): Float64Array;
  currentFlat(): Float64Array;
}

export interface CfrOptions {
  tree: GameTree;
  variant: CfrVariant;
  /** Only for `dcfr`. */
  dcfr?: DcfrParameters;
}

export function createCfrSolver(options: CfrOptions): CfrSolver {
  const { tree, variant } = options;
  const dcfr = options.dcfr ?? defaultDcfrParameters;
  if (!cfrVariants.includes(variant))
    throw new RangeError(`unknown CFR variant "${variant}"; use one of ${cfrVariants.join(', ')}`);
  const kernel = createCfrKernel(tree);
  const { players } = tree;
  const { slotCount } = tree.infosets;
  let iterations = 0;

  function weightAt(t: number): number {
    if (variant === 'cfr') return 1;
    if (variant === 'cfr+') return t;
    return t ** dcfr.gamma;
  }

  return {
    tree,
    variant,
    get iterations() {
      return iterations;
    },
    iterate(count = 1) {
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`iterate needs a non-negative integer count, got ${count}`);
      for (let k = 0; k < count; k++) {
        iterations++;
        const w = weightAt(iterations);
        for (let p = 0; p < players; p++) {
          if (kernel.ownParentSlot) cfrPassPerfectRecall(kernel, p, w);
          else cfrPass(kernel, p, w);
          if (variant === 'cfr+') scaleRegrets(kernel, p, 1, 0);
          else if (variant === 'dcfr') {
            const up = iterations ** dcfr.alpha;
            const down = iterations ** dcfr.beta;
            scaleRegrets(kernel, p, up / (up + 1), down / (down + 1));
          }
          matchRegrets(kernel, p);
        }
      }
    },
    averageFlat: () => normaliseBySet(tree, kernel.cumulative, new Float64Array(slotCount)),
    currentFlat: () => kernel.current.slice(),
    averagePolicy: () => policyFromFlat(tree, normaliseBySet(tree, kernel.cumulative, new Float64Array(slotCount))),
    currentPolicy: () => policyFromFlat(tree, kernel.current.slice()),
  };
}
