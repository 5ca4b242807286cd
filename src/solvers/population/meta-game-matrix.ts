import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { type PolicyInput, toFlat } from '../best-response.ts';
import type { GameTree } from '../game-tree.ts';

/**
 * The meta-game of a population of behaviour policies in a two-player zero-sum game, computed exactly on the tree.
 * Each policy covers both seats; the population plays the symmetric game the project's self-play plays, where a
 * policy is dealt either seat with equal chance.
 */
export interface MetaGameMatrix {
  /**
   * `payoff[i][j]`: policy i's expected return against policy j averaged over both seat assignments,
   * ½·(seatPayoff[i][j] − seatPayoff[j][i]). Antisymmetric with an exactly zero diagonal: a symmetric zero-sum
   * matrix game whose value is 0.
   */
  readonly payoff: number[][];
  /** `seatPayoff[i][j]`: player 0's expected return with policy i in seat 0 and policy j in seat 1. */
  readonly seatPayoff: number[][];
}

/** The tree is not of a two-player zero-sum game, so a population on it has no symmetric meta-game. */
export class MetaGameError extends Error {
  override readonly name = 'MetaGameError';
}

/**
 * The exact K×K meta-game of `policies` (tables or flat per-slot arrays), one value pass over the tree per ordered
 * pair. With `previous`, the meta-game of the first `previous.payoff.length` policies (the same ones, in order), only
 * the new rows and columns are computed: 2K − 1 passes for a population grown by one.
 */
export function metaGameMatrix(options: {
  tree: GameTree;
  policies: readonly PolicyInput[];
  previous?: MetaGameMatrix;
}): MetaGameMatrix {
  const { tree, policies } = options;
  checkTwoPlayerZeroSum(tree);
  const flats = policies.map((p) => toFlat(tree, p));
  const known = options.previous?.seatPayoff.length ?? 0;
  if (known > flats.length)
    throw new RangeError(`metaGameMatrix: the previous meta-game has ${known} policies but only ${flats.length} given`);
  const seatPayoff = flats.map((_, i) =>
    flats.map((__, j) =>
      i < known && j < known ? options.previous!.seatPayoff[i]![j]! : seatValue(tree, flats[i]!, flats[j]!),
    ),
  );
  const payoff = seatPayoff.map((row, i) => row.map((v, j) => (i === j ? 0 : (v - seatPayoff[j]![i]!) / 2)));
  return { payoff, seatPayoff };
}

/**
 * Player 0's expected return when player 0 follows `seat0` and player 1 follows `seat1` (both per-slot arrays over
 * the whole tree; each is read only at its own player's information sets). One backward pass.
 */
export function seatValue(tree: GameTree, seat0: Float64Array, seat1: Float64Array): number {
  const { actor, firstChild, childCount, chanceProbability, infoset, internalNodes, returns, players, nodeCount } =
    tree;
  const { slotStart } = tree.infosets;
  const values = new Float64Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) if (actor[n] === TERMINAL) values[n] = returns[n * players]!;
  for (let m = internalNodes.length - 1; m >= 0; m--) {
    const n = internalNodes[m]!;
    const who = actor[n]!;
    const c0 = firstChild[n]!;
    const k = childCount[n]!;
    let v = 0;
    if (who === CHANCE) for (let j = 0; j < k; j++) v += chanceProbability[c0 + j]! * values[c0 + j]!;
    else {
      const flat = who === 0 ? seat0 : seat1;
      const s = slotStart[infoset[n]!]!;
      for (let j = 0; j < k; j++) v += flat[s + j]! * values[c0 + j]!;
    }
    values[n] = v;
  }
  return values[0]!;
}

/** Throws `MetaGameError` unless the tree has two players and every terminal's returns sum to 0. */
export function checkTwoPlayerZeroSum(tree: GameTree): void {
  if (tree.players !== 2)
    throw new MetaGameError(`${tree.gameId}: a population meta-game needs a two-player game, not ${tree.players}`);
  const { actor, returns, nodeCount } = tree;
  for (let n = 0; n < nodeCount; n++) {
    if (actor[n] !== TERMINAL) continue;
    const a = returns[2 * n]!;
    const b = returns[2 * n + 1]!;
    if (Math.abs(a + b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))
      throw new MetaGameError(
        `${tree.gameId}: returns ${a}, ${b} at a terminal do not sum to 0; the seat-averaged meta-game is defined for ` +
          'zero-sum games only',
      );
  }
}
