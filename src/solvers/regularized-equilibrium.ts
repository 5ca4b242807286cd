import { counterfactualReach } from './best-response.ts';
import { nodeValues } from './exploitability.ts';
import type { GameTree } from './game-tree.ts';

export interface RegularizedEquilibriumOptions {
  readonly tree: GameTree;
  /** The magnet μ, one probability per slot (e.g. uniform, or a model's initial policy); every entry > 0. */
  readonly magnet: Float64Array;
  /** Weight η of each mover's KL(π‖μ) penalty, charged at every decision it makes. */
  readonly eta: number;
  /** Mirror-descent iterations (default 3,000) and step size (default 0.2). */
  readonly iterations?: number;
  readonly stepSize?: number;
  /** Where to start (default the magnet). */
  readonly start?: Float64Array;
}

/**
 * The equilibrium of the η-regularised game that magnetic self-play (train/magnet.ts) is pulled toward: each mover
 * is charged η·KL(π‖μ) at every decision. Its fixed point π(a|I) ∝ μ(a|I)·exp(Q(I,a)/η) is a quantal-response
 * equilibrium, found here by full-width magnetic mirror descent (Sokota et al. 2023) on the tree: per iteration,
 * regularised values bottom-up, Q per information set weighted by the other seats' and chance's reach, then the
 * closed-form step π⁺ ∝ (π·μ^{sη}·exp(sQ))^{1/(1+sη)}. Its exploitability is the error a trainer that converges
 * under this η cannot get below (docs/results.md).
 */
export function regularizedEquilibrium(options: RegularizedEquilibriumOptions): Float64Array {
  const { tree, magnet, eta } = options;
  const iterations = options.iterations ?? 3000;
  const step = options.stepSize ?? 0.2;
  const { slotStart, count, player } = tree.infosets;
  let policy = (options.start ?? magnet).slice();
  for (let it = 0; it < iterations; it++) {
    const values = regularizedValues(tree, policy, magnet, eta);
    const reaches = Array.from({ length: tree.players }, (_, p) => counterfactualReach(tree, policy, p));
    const next = new Float64Array(policy.length);
    for (let i = 0; i < count; i++) {
      const p = player[i]!;
      const start = slotStart[i]!;
      const k = slotStart[i + 1]! - start;
      const q = actionValues(tree, i, values, reaches[p]!, p);
      const logits = q.map((v, j) => {
        const s = start + j;
        return (Math.log(policy[s]!) + step * v + step * eta * Math.log(magnet[s]!)) / (1 + step * eta);
      });
      const max = Math.max(...logits);
      const weights = logits.map((l) => Math.exp(l - max));
      const total = weights.reduce((a, b) => a + b, 0);
      // Kept off exact 0 so the logarithms stay finite; 1e-12 is far below any exploitability we report.
      for (let j = 0; j < k; j++) next[start + j] = Math.max(weights[j]! / total, 1e-12);
    }
    policy = next;
  }
  return policy;
}

/** Per node and player, the expected return minus that player's future KL charges (`players` numbers per node). */
function regularizedValues(tree: GameTree, policy: Float64Array, magnet: Float64Array, eta: number): Float64Array {
  return nodeValues(tree, policy, (slot, count) => {
    let kl = 0;
    for (let s = slot; s < slot + count; s++) kl += policy[s]! * Math.log(policy[s]! / magnet[s]!);
    return eta * kl;
  });
}

/** Q(I, a) for the mover of information set `i`: child values averaged over its histories by the others' reach. */
export function actionValues(
  tree: GameTree,
  i: number,
  values: Float64Array,
  reach: Float64Array,
  p: number,
): number[] {
  const { nodeStart, nodes, slotStart } = tree.infosets;
  const k = slotStart[i + 1]! - slotStart[i]!;
  const q = new Array<number>(k).fill(0);
  let weight = 0;
  for (let h = nodeStart[i]!; h < nodeStart[i + 1]!; h++) {
    const n = nodes[h]!;
    const r = reach[n]!;
    weight += r;
    const c0 = tree.firstChild[n]!;
    for (let j = 0; j < k; j++) q[j]! += r * values[(c0 + j) * tree.players + p]!;
  }
  return q.map((v) => (weight > 0 ? v / weight : 0));
}
