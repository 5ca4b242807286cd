import { CHANCE, TERMINAL } from '../spec/game.ts';
import type { GameTree } from './game-tree.ts';
import { flattenPolicy, policyFromFlat, type TabularPolicy } from './tabular-policy.ts';

/** A policy for solver calls: a table, or per-slot probabilities already flattened for this tree. */
export type PolicyInput = TabularPolicy | Float64Array;

export function toFlat(tree: GameTree, policy: PolicyInput): Float64Array {
  if (!(policy instanceof Float64Array)) return flattenPolicy(tree, policy);
  if (policy.length !== tree.infosets.slotCount)
    throw new RangeError(`flat policy has ${policy.length} slots but the tree has ${tree.infosets.slotCount}`);
  return policy;
}

export interface BestResponse {
  readonly player: number;
  /** Expected return of `player` best-responding while everyone else follows the policy. */
  readonly value: number;
  /** The pure best response: one-hot rows at every information set of `player` (ties go to the lowest action). */
  readonly policy: TabularPolicy;
}

/**
 * Exact best response of `player` to `policy`, as OpenSpiel's `TabularBestResponse` (research/games.md §3):
 * each information set takes the action maximising Σ over its histories of counterfactual reach (chance × other
 * players' policy, the responder's own moves count 1) × value; ties go to the lowest action. Needs perfect recall.
 */
export function bestResponse(options: { tree: GameTree; policy: PolicyInput; player: number }): BestResponse {
  const { tree, player } = options;
  const flat = toFlat(tree, options.policy);
  const walk = createBestResponseWalk(tree, flat, player);
  const value = walk.value(0);
  const { ofPlayer, slotStart } = tree.infosets;
  const chosen = new Float64Array(tree.infosets.slotCount);
  for (const i of ofPlayer[player] ?? []) chosen[slotStart[i]! + walk.bestAction(i)] = 1;
  return { player, value, policy: policyFromFlat(tree, chosen, [player]) };
}

/** The value alone: resolves only the information sets the best responder actually reaches. */
export function bestResponseValue(tree: GameTree, policy: PolicyInput, player: number): number {
  return createBestResponseWalk(tree, toFlat(tree, policy), player).value(0);
}

/**
 * Memoised recursion over the flat tree. An information set's action is fixed the first time one of its histories
 * is reached; perfect recall guarantees the values it needs lie strictly below, so the recursion ends.
 */
function createBestResponseWalk(tree: GameTree, flat: Float64Array, player: number) {
  const { actor, firstChild, childCount, chanceProbability, infoset, returns, players, nodeCount } = tree;
  const { slotStart, nodeStart, nodes, count } = tree.infosets;
  const reach = counterfactualReach(tree, flat, player);
  const memo = new Float64Array(nodeCount);
  const done = new Uint8Array(nodeCount);
  const best = new Int32Array(count).fill(-1);

  function value(n: number): number {
    if (done[n]) return memo[n]!;
    const who = actor[n]!;
    const c0 = firstChild[n]!;
    const k = childCount[n]!;
    let v = 0;
    if (who === TERMINAL) v = returns[n * players + player]!;
    else if (who === CHANCE) for (let j = 0; j < k; j++) v += chanceProbability[c0 + j]! * value(c0 + j);
    else if (who === player) v = value(c0 + bestAction(infoset[n]!));
    else {
      const s = slotStart[infoset[n]!]!;
      // Zero-probability moves are skipped, as OpenSpiel's cut threshold does: their subtrees never matter.
      for (let j = 0; j < k; j++) {
        const p = flat[s + j]!;
        if (p > 0) v += p * value(c0 + j);
      }
    }
    memo[n] = v;
    done[n] = 1;
    return v;
  }

  function bestAction(i: number): number {
    if (best[i]! >= 0) return best[i]!;
    const k = slotStart[i + 1]! - slotStart[i]!;
    const q = new Float64Array(k);
    for (let m = nodeStart[i]!; m < nodeStart[i + 1]!; m++) {
      const h = nodes[m]!;
      const w = reach[h]!;
      if (w === 0) continue;
      const c0 = firstChild[h]!;
      for (let j = 0; j < k; j++) q[j]! += w * value(c0 + j);
    }
    let a = 0;
    for (let j = 1; j < k; j++) if (q[j]! > q[a]!) a = j;
    best[i] = a;
    return a;
  }

  return { value, bestAction };
}

/** Reach of every node with `player`'s own moves counted as 1: chance × the other players' policy. */
export function counterfactualReach(tree: GameTree, flat: Float64Array, player: number): Float64Array {
  const { actor, firstChild, childCount, chanceProbability, infoset, internalNodes, nodeCount } = tree;
  const { slotStart } = tree.infosets;
  const reach = new Float64Array(nodeCount);
  reach[0] = 1;
  for (let m = 0; m < internalNodes.length; m++) {
    const n = internalNodes[m]!;
    const r = reach[n]!;
    const who = actor[n]!;
    const c0 = firstChild[n]!;
    const k = childCount[n]!;
    if (who === CHANCE) for (let j = 0; j < k; j++) reach[c0 + j] = r * chanceProbability[c0 + j]!;
    else if (who === player) for (let j = 0; j < k; j++) reach[c0 + j] = r;
    else {
      const s = slotStart[infoset[n]!]!;
      for (let j = 0; j < k; j++) reach[c0 + j] = r * flat[s + j]!;
    }
  }
  return reach;
}
