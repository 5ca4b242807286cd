import { CHANCE } from '../../spec/game.ts';
import { type PolicyInput, toFlat } from '../best-response.ts';
import type { GameTree } from '../game-tree.ts';
import { policyFromFlat, type TabularPolicy } from '../tabular-policy.ts';

/**
 * The behaviour policy that plays exactly like the mixed strategy "draw policy k with probability `weights[k]` once,
 * before the game, then follow it" (Kuhn's theorem; needs perfect recall, as every solver here does). At each
 * information set I of player p:
 *
 *   π(a | I) = Σ_k σ_k · reach_k^p(I) · π_k(a | I) / Σ_k σ_k · reach_k^p(I),
 *
 * where reach_k^p(I) is the product of p's own action probabilities under π_k on the path to I (the same for every
 * history in I under perfect recall): the posterior over the drawn k given that p's own play reached I. Where no
 * member with weight reaches I, the row is the σ-mixture Σ_k σ_k π_k(a | I) (any row is realisation-equivalent
 * there; this one keeps the table defined and continuous in σ). Both seats' rows are built, each with its own
 * player's reach, so the result is the mixture played in either seat.
 *
 * Realisation-equivalent means: against any fixed opponent, its expected return equals Σ_k σ_k times π_k's, and so
 * its best responses and exploitability are those of the mixture.
 */
export function mixtureFlat(options: {
  tree: GameTree;
  policies: readonly PolicyInput[];
  /** σ: one non-negative weight per policy, not all 0; normalised here. */
  weights: readonly number[];
}): Float64Array {
  const { tree, policies } = options;
  const sigma = normaliseWeights(options.weights, policies.length);
  if (tree.players !== 2) throw new RangeError(`mixtureFlat: ${tree.gameId} has ${tree.players} players; two only`);
  const { actor, firstChild, childCount, infoset, internalNodes, nodeCount } = tree;
  const { slotStart, slotCount, count, nodes, nodeStart, player } = tree.infosets;
  const numerator = new Float64Array(slotCount);
  const fallback = new Float64Array(slotCount);
  // reach[n]: the own-action reach of the player who acts at n (its probability of its own moves into n).
  const reach0 = new Float64Array(nodeCount);
  const reach1 = new Float64Array(nodeCount);
  const reachOf = [reach0, reach1];
  policies.forEach((policy, k) => {
    const w = sigma[k]!;
    if (w === 0) return;
    const flat = toFlat(tree, policy);
    for (let s = 0; s < slotCount; s++) fallback[s]! += w * flat[s]!;
    reach0[0] = 1;
    reach1[0] = 1;
    for (let m = 0; m < internalNodes.length; m++) {
      const n = internalNodes[m]!;
      const who = actor[n]!;
      const c0 = firstChild[n]!;
      const k2 = childCount[n]!;
      const r0 = reach0[n]!;
      const r1 = reach1[n]!;
      const s = who === CHANCE ? -1 : slotStart[infoset[n]!]!;
      for (let j = 0; j < k2; j++) {
        reach0[c0 + j] = who === 0 ? r0 * flat[s + j]! : r0;
        reach1[c0 + j] = who === 1 ? r1 * flat[s + j]! : r1;
      }
    }
    for (let i = 0; i < count; i++) {
      const r = reachOf[player[i]!]![nodes[nodeStart[i]!]!]!;
      if (r === 0) continue;
      for (let s = slotStart[i]!; s < slotStart[i + 1]!; s++) numerator[s]! += w * r * flat[s]!;
    }
  });
  const out = new Float64Array(slotCount);
  for (let i = 0; i < count; i++) {
    const start = slotStart[i]!;
    const end = slotStart[i + 1]!;
    // Σ_a numerator(a) = Σ_k σ_k reach_k(I), since each π_k row sums to 1.
    let total = 0;
    for (let s = start; s < end; s++) total += numerator[s]!;
    const source = total > 0 ? numerator : fallback;
    const norm = total > 0 ? total : 1;
    for (let s = start; s < end; s++) out[s] = source[s]! / norm;
  }
  return out;
}

/** `mixtureFlat` as a table with a row for every information set of both players. */
export function mixturePolicy(options: {
  tree: GameTree;
  policies: readonly PolicyInput[];
  weights: readonly number[];
}): TabularPolicy {
  return policyFromFlat(options.tree, mixtureFlat(options));
}

/** σ normalised to sum 1; throws `RangeError` on a wrong length, a negative or non-finite weight, or all zeros. */
export function normaliseWeights(weights: readonly number[], count: number): number[] {
  if (weights.length !== count)
    throw new RangeError(`mixture: ${weights.length} weights for ${count} policies; give one weight per policy`);
  if (count === 0) throw new RangeError('mixture: the population is empty');
  let total = 0;
  for (const w of weights) {
    if (!(Number.isFinite(w) && w >= 0))
      throw new RangeError(`mixture: weight ${w}; weights must be finite and non-negative`);
    total += w;
  }
  if (!(total > 0)) throw new RangeError('mixture: all weights are 0; give at least one policy positive weight');
  return weights.map((w) => w / total);
}
