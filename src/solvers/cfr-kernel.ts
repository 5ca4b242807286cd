import { CHANCE } from '../spec/game.ts';
import type { GameTree } from './game-tree.ts';

/**
 * The arrays one CFR solver iterates over. Every kernel is built by `createCfrKernel`, so the functions below see
 * one object shape and stay monomorphic however many solvers (and variants) a process creates.
 */
export interface CfrKernel {
  /** Internal (chance and decision) nodes in increasing id order, with their actor, first child, child count and
   * first policy slot (−1 at chance nodes), read sequentially by the passes. */
  readonly nodes: Int32Array;
  readonly nodeActor: Int8Array;
  readonly nodeFirst: Int32Array;
  readonly nodeEnd: Int32Array;
  readonly nodeSlot: Int32Array;
  readonly chanceProbability: Float64Array;
  /** Terminal returns per player, indexed by node id (0 at internal nodes). */
  readonly terminalValues: readonly Float64Array[];
  /** Per slot: cumulative regret, cumulative (weighted) policy, current regret-matching policy. */
  readonly regret: Float64Array;
  readonly cumulative: Float64Array;
  readonly current: Float64Array;
  /** Scratch per node: value; own and everyone else's (chance included) reach for the per-history pass. */
  readonly ownReach: Float64Array;
  readonly otherReach: Float64Array;
  readonly value: Float64Array;
  /** Infoset slot ranges per player, as flat [start, end, start, end, …] pairs. */
  readonly playerSlotRanges: readonly Int32Array[];
  /**
   * Perfect recall only (else null): per infoset, the slot of its player's previous own move (−1 if none). Own
   * reach is then a property of the infoset, so the average policy is updated once per infoset, not per history.
   */
  readonly ownParentSlot: Int32Array | null;
  readonly slotInfoset: Int32Array;
  /** Scratch per infoset: the updating player's own reach. */
  readonly infosetOwnReach: Float64Array;
  /**
   * Per internal node (internal index): its parent's internal index (−1 at the root), the parent's actor, and the
   * incoming edge as a policy slot (decision parent) or a chance probability, so reach needs internal nodes only.
   */
  readonly nodeParent: Int32Array;
  readonly nodeParentActor: Int8Array;
  readonly nodeEdgeSlot: Int32Array;
  readonly nodeEdgeChance: Float64Array;
  /** Scratch per internal node: everyone else's reach. */
  readonly internalReach: Float64Array;
}

export function createCfrKernel(tree: GameTree): CfrKernel {
  const { internalNodes, nodeCount, players } = tree;
  const { slotStart, slotCount, ofPlayer } = tree.infosets;
  const m = internalNodes.length;
  const nodeActor = new Int8Array(m);
  const nodeFirst = new Int32Array(m);
  const nodeEnd = new Int32Array(m);
  const nodeSlot = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const n = internalNodes[i]!;
    nodeActor[i] = tree.actor[n]!;
    nodeFirst[i] = tree.firstChild[n]!;
    nodeEnd[i] = tree.firstChild[n]! + tree.childCount[n]!;
    nodeSlot[i] = nodeActor[i] === CHANCE ? -1 : slotStart[tree.infoset[n]!]!;
  }
  const terminalValues = Array.from({ length: players }, (_, p) => {
    const v = new Float64Array(nodeCount);
    for (let n = 0; n < nodeCount; n++) v[n] = tree.returns[n * players + p]!;
    return v;
  });
  const playerSlotRanges = ofPlayer.map((set) => {
    const ranges = new Int32Array(set.length * 2);
    set.forEach((i, k) => {
      ranges[2 * k] = slotStart[i]!;
      ranges[2 * k + 1] = slotStart[i + 1]!;
    });
    return ranges;
  });
  const slotInfoset = new Int32Array(slotCount);
  for (let i = 0; i < tree.infosets.count; i++) slotInfoset.fill(i, slotStart[i]!, slotStart[i + 1]!);
  const current = new Float64Array(slotCount);
  for (let i = 0; i < tree.infosets.count; i++)
    current.fill(1 / (slotStart[i + 1]! - slotStart[i]!), slotStart[i]!, slotStart[i + 1]!);
  return {
    nodes: internalNodes,
    nodeActor,
    nodeFirst,
    nodeEnd,
    nodeSlot,
    chanceProbability: tree.chanceProbability,
    terminalValues,
    regret: new Float64Array(slotCount),
    cumulative: new Float64Array(slotCount),
    current,
    ownReach: new Float64Array(nodeCount),
    otherReach: new Float64Array(nodeCount),
    value: new Float64Array(nodeCount),
    playerSlotRanges,
    ownParentSlot: ownParentSlots(tree),
    ...incomingEdges(tree),
    internalReach: new Float64Array(m),
    slotInfoset,
    infosetOwnReach: new Float64Array(tree.infosets.count),
  };
}

function incomingEdges(tree: GameTree) {
  const { internalNodes, actor, parent, firstChild, chanceProbability, infoset, nodeCount } = tree;
  const { slotStart } = tree.infosets;
  const m = internalNodes.length;
  const internalIndex = new Int32Array(nodeCount).fill(-1);
  internalNodes.forEach((n, i) => {
    internalIndex[n] = i;
  });
  const nodeParent = new Int32Array(m).fill(-1);
  const nodeParentActor = new Int8Array(m);
  const nodeEdgeSlot = new Int32Array(m).fill(-1);
  const nodeEdgeChance = new Float64Array(m).fill(1);
  for (let i = 1; i < m; i++) {
    const n = internalNodes[i]!;
    const up = parent[n]!;
    nodeParent[i] = internalIndex[up]!;
    nodeParentActor[i] = actor[up]!;
    if (actor[up] === CHANCE) nodeEdgeChance[i] = chanceProbability[n]!;
    else nodeEdgeSlot[i] = slotStart[infoset[up]!]! + (n - firstChild[up]!);
  }
  return { nodeParent, nodeParentActor, nodeEdgeSlot, nodeEdgeChance };
}

/** Each infoset's previous own-move slot, or null when two of its histories disagree (imperfect recall). */
function ownParentSlots(tree: GameTree): Int32Array | null {
  const { players, internalNodes, actor, firstChild, childCount, infoset } = tree;
  const { slotStart, count } = tree.infosets;
  // last[n * players + q]: the slot of player q's latest move on the path to node n.
  const last = new Int32Array(tree.nodeCount * players).fill(-1);
  const result = new Int32Array(count).fill(-2);
  for (let m = 0; m < internalNodes.length; m++) {
    const n = internalNodes[m]!;
    const who = actor[n]!;
    if (who >= 0) {
      const i = infoset[n]!;
      const mine = last[n * players + who]!;
      if (result[i] === -2) result[i] = mine;
      else if (result[i] !== mine) return null;
    }
    for (let j = 0; j < childCount[n]!; j++) {
      const c = firstChild[n]! + j;
      last.copyWithin(c * players, n * players, n * players + players);
      if (who >= 0) last[c * players + who] = slotStart[infoset[n]!]! + j;
    }
  }
  // The fast pass computes own reach in index order, so a parent set must come first (buildTree's order does this).
  for (let i = 0; i < count; i++) {
    const ps = result[i]!;
    if (ps >= 0 && !(ps < slotStart[i]!)) return null;
  }
  return result;
}

/**
 * One alternating-update pass for player `p` with the current policy: reach probabilities root-first, then values
 * children-first, adding `otherReach · (v(a) − v)` to regrets and `weight · ownReach · σ(a)` to the cumulative
 * policy at `p`'s nodes. Allocation-free.
 */
export function cfrPass(k: CfrKernel, p: number, weight: number): void {
  const { nodes, nodeActor, nodeFirst, nodeEnd, nodeSlot, chanceProbability, current, ownReach, otherReach } = k;
  const { value, regret, cumulative } = k;
  const m = nodes.length;
  ownReach[0] = 1;
  otherReach[0] = 1;
  for (let i = 0; i < m; i++) {
    const n = nodes[i]!;
    const who = nodeActor[i]!;
    const c0 = nodeFirst[i]!;
    const end = nodeEnd[i]!;
    const ro = otherReach[n]!;
    const rs = ownReach[n]!;
    if (who === CHANCE) {
      for (let c = c0; c < end; c++) {
        otherReach[c] = ro * chanceProbability[c]!;
        ownReach[c] = rs;
      }
    } else if (who === p) {
      const s = nodeSlot[i]! - c0;
      for (let c = c0; c < end; c++) {
        ownReach[c] = rs * current[s + c]!;
        otherReach[c] = ro;
      }
    } else {
      const s = nodeSlot[i]! - c0;
      for (let c = c0; c < end; c++) {
        otherReach[c] = ro * current[s + c]!;
        ownReach[c] = rs;
      }
    }
  }
  value.set(k.terminalValues[p]!);
  for (let i = m - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const ro = otherReach[n]!;
    // Where nobody else reaches the node its value is weighted by 0 in every regret above it: only the
    // average-policy update below needs doing.
    const who = nodeActor[i]!;
    const c0 = nodeFirst[i]!;
    const end = nodeEnd[i]!;
    if (who === CHANCE) {
      let v = 0;
      if (ro !== 0) for (let c = c0; c < end; c++) v += chanceProbability[c]! * value[c]!;
      value[n] = v;
      continue;
    }
    const s = nodeSlot[i]! - c0;
    let v = 0;
    if (ro !== 0) for (let c = c0; c < end; c++) v += current[s + c]! * value[c]!;
    value[n] = v;
    if (who !== p) continue;
    if (ro !== 0) for (let c = c0; c < end; c++) regret[s + c]! += ro * (value[c]! - v);
    const rs = ownReach[n]! * weight;
    if (rs !== 0) for (let c = c0; c < end; c++) cumulative[s + c]! += rs * current[s + c]!;
  }
}

/**
 * `cfrPass` for perfect-recall trees (`ownParentSlot` set): the same regrets, and the same average policy up to a
 * constant factor per information set (its history count), which normalisation removes. Skips per-node own reach.
 */
export function cfrPassPerfectRecall(k: CfrKernel, p: number, weight: number): void {
  const { nodes, nodeActor, nodeFirst, nodeEnd, nodeSlot, chanceProbability, current } = k;
  const { value, regret, cumulative } = k;
  const m = nodes.length;
  // Root first: each internal node's reach is its parent's times the incoming edge (1 for p's own moves).
  const { nodeParent, nodeParentActor, nodeEdgeSlot, nodeEdgeChance, internalReach } = k;
  internalReach[0] = 1;
  for (let i = 1; i < m; i++) {
    const who = nodeParentActor[i]!;
    const r = internalReach[nodeParent[i]!]!;
    internalReach[i] = who === CHANCE ? r * nodeEdgeChance[i]! : who === p ? r : r * current[nodeEdgeSlot[i]!]!;
  }
  value.set(k.terminalValues[p]!);
  for (let i = m - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const ro = internalReach[i]!;
    if (ro === 0) {
      // Weighted by 0 in every regret above it (see cfrPass).
      value[n] = 0;
      continue;
    }
    const who = nodeActor[i]!;
    const c0 = nodeFirst[i]!;
    const end = nodeEnd[i]!;
    let v = 0;
    if (who === CHANCE) {
      for (let c = c0; c < end; c++) v += chanceProbability[c]! * value[c]!;
    } else {
      const s = nodeSlot[i]! - c0;
      for (let c = c0; c < end; c++) v += current[s + c]! * value[c]!;
      if (who === p) for (let c = c0; c < end; c++) regret[s + c]! += ro * (value[c]! - v);
    }
    value[n] = v;
  }
  // Own reach per infoset, parents first (a parent infoset is always discovered, so indexed, before its children).
  const ranges = k.playerSlotRanges[p]!;
  const parentSlot = k.ownParentSlot!;
  const { slotInfoset, infosetOwnReach } = k;
  for (let r = 0; r < ranges.length; r += 2) {
    const start = ranges[r]!;
    const i = slotInfoset[start]!;
    const ps = parentSlot[i]!;
    const reach = ps < 0 ? 1 : infosetOwnReach[slotInfoset[ps]!]! * current[ps]!;
    infosetOwnReach[i] = reach;
    const w = reach * weight;
    if (w !== 0) for (let s = start; s < ranges[r + 1]!; s++) cumulative[s]! += w * current[s]!;
  }
}

/** Multiplies `p`'s positive regrets by `up` and negative ones by `down` (CFR+: 1 and 0; DCFR: its discounts). */
export function scaleRegrets(k: CfrKernel, p: number, up: number, down: number): void {
  const ranges = k.playerSlotRanges[p]!;
  const { regret } = k;
  for (let r = 0; r < ranges.length; r += 2) {
    for (let s = ranges[r]!; s < ranges[r + 1]!; s++) {
      const x = regret[s]!;
      regret[s] = x >= 0 ? x * up : x * down;
    }
  }
}

/** Regret matching at `p`'s information sets: positive regrets normalised, uniform when none is positive. */
export function matchRegrets(k: CfrKernel, p: number): void {
  const ranges = k.playerSlotRanges[p]!;
  const { regret, current } = k;
  for (let r = 0; r < ranges.length; r += 2) {
    const start = ranges[r]!;
    const end = ranges[r + 1]!;
    let total = 0;
    for (let s = start; s < end; s++) if (regret[s]! > 0) total += regret[s]!;
    if (total > 0) for (let s = start; s < end; s++) current[s] = regret[s]! > 0 ? regret[s]! / total : 0;
    else current.fill(1 / (end - start), start, end);
  }
}
