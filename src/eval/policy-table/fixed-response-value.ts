import { bestResponse, counterfactualReach, type GameTree, flattenPolicy, nodeValues } from '../../solvers/index.ts';
import { CHANCE } from '../../spec/game.ts';

/**
 * Pure responses, one per seat, as per-slot one-hot numbers (only the slots of seat p's own information sets are
 * read for seat p). Fixed ahead of the data they are scored on, they make the gain a polynomial in the policy.
 */
export type SeatResponses = readonly Float64Array[];

/** Each seat's exact best response to `flat` (ties to the lowest action, as `bestResponse`). */
export function bestResponses(tree: GameTree, flat: Float64Array): SeatResponses {
  return Array.from({ length: tree.players }, (_, player) =>
    flattenPolicy(tree, bestResponse({ tree, policy: flat, player }).policy),
  );
}

export interface ResponseGain {
  /** (1/players) Σ_p [u_p(σ_p, policy of the others) − u_p(policy)]: exploitability when σ are best responses. */
  readonly value: number;
  /** ∂value/∂flat[s] for every slot: exact, since each information set appears at most once on a path. */
  readonly gradient: Float64Array;
}

/**
 * The gain of fixed responses σ against a policy, and its gradient. For fixed σ this is multilinear in the rows
 * (perfect recall: a path meets each information set at most once), so rows estimated independently and without
 * bias give an unbiased value; exploitability itself is its maximum over σ, which is why the plug-in is biased up.
 */
export function responseGain(tree: GameTree, flat: Float64Array, responses: SeatResponses): ResponseGain {
  const { players } = tree;
  const { player: owner, slotStart, count } = tree.infosets;
  const gradient = new Float64Array(tree.infosets.slotCount);
  let value = 0;
  for (let p = 0; p < players; p++) {
    const mixed = flat.slice();
    const response = responses[p]!;
    for (let i = 0; i < count; i++) {
      if (owner[i] !== p) continue;
      for (let s = slotStart[i]!; s < slotStart[i + 1]!; s++) mixed[s] = response[s]!;
    }
    value += accumulate({ tree, flat: mixed, weightOf: (q) => (q === p ? 1 : 0), skipSlotsOf: p, gradient });
  }
  // The on-policy term: Σ_p u_p(policy), identically 0 in zero-sum games, kept so constant- and general-sum work.
  value -= accumulate({ tree, flat, weightOf: () => 1, skipSlotsOf: -1, gradient, sign: -1 });
  for (let s = 0; s < gradient.length; s++) gradient[s]! /= players;
  return { value: value / players, gradient };
}

/**
 * Σ_q weight(q)·u_q under `flat`, adding sign·∂/∂flat[s] into `gradient` for every slot not owned by `skipSlotsOf`:
 * reach of the node (chance × every mover's probability above it) times the weighted value of the child.
 */
function accumulate(options: {
  tree: GameTree;
  flat: Float64Array;
  weightOf: (player: number) => number;
  skipSlotsOf: number;
  gradient: Float64Array;
  sign?: number;
}): number {
  const { tree, flat, weightOf, skipSlotsOf, gradient } = options;
  const sign = options.sign ?? 1;
  const { actor, firstChild, childCount, infoset, internalNodes, players } = tree;
  const { slotStart } = tree.infosets;
  const values = nodeValues(tree, flat);
  const weights = Array.from({ length: players }, (_, q) => weightOf(q));
  const weighted = (n: number): number => {
    let v = 0;
    for (let q = 0; q < players; q++) v += weights[q]! * values[n * players + q]!;
    return v;
  };
  // No seat has index `players`, so the counterfactual reach of that non-player is every mover's reach.
  const reach = counterfactualReach(tree, flat, players);
  for (let m = 0; m < internalNodes.length; m++) {
    const n = internalNodes[m]!;
    const who = actor[n]!;
    const r = reach[n]!;
    if (who === CHANCE || who === skipSlotsOf || r === 0) continue;
    const c0 = firstChild[n]!;
    const s = slotStart[infoset[n]!]!;
    for (let j = 0; j < childCount[n]!; j++) gradient[s + j]! += sign * r * weighted(c0 + j);
  }
  return weighted(0);
}
