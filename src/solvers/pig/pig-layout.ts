/**
 * Pig's positions laid out as flat arrays for the exact solver (Neller & Presser, "Optimal Play of the Dice Game
 * Pig", The UMAP Journal 25(1), 2004). A position is (layer, a, b, k): player 0's banked score `a`, player 1's `b`,
 * the mover's turn total `k`. With a turn cap the layer is the turn index (the mover is its parity); without one it
 * is the mover itself, and play cycles through busts between the two layers.
 */

/** The rules the solver needs; the game hands them over with its key format (`PigKeyCodec`). */
export interface PigSpec {
  /** Points that win; reaching them with score + turn total banks at once (Neller & Presser's model). */
  readonly target: number;
  /** Turns in the game (SPIRAL's `max_turns`); absent: no cap, play until someone reaches the target. */
  readonly turnCap?: number;
}

/** A position where a player chooses `[roll]` or `[hold]`. */
export interface PigPosition {
  /** Turns finished before this one (SPIRAL's `turn_count`). Without a cap only whose turn it is: 0 or 1. */
  readonly turn: number;
  /** Banked scores of players 0 and 1, both below the target. */
  readonly scores: readonly [number, number];
  /** Points at stake this turn: 0, or from 2 up to one short of what the mover still needs. */
  readonly turnTotal: number;
}

/** The game's information-state keys for positions, both ways, so solver rows line up with the game's keys. */
export interface PigKeyCodec {
  key(position: PigPosition): string;
  /** The position a key names, or undefined for any other text (chance and terminal keys included). */
  position(key: string): PigPosition | undefined;
}

/** Faces 2..6 add to the turn total, 1 busts; each has probability 1/6. */
export const dieFaces = 6;

export interface PigLayout {
  readonly target: number;
  readonly turnCap: number | undefined;
  /** Turn indices with a cap, else 2 (one per mover). */
  readonly layers: number;
  /** Array length: layers × target³ (k runs to target − 1; entries past the mover's need stay unused). */
  readonly size: number;
}

export function pigLayout(spec: PigSpec): PigLayout {
  const { target, turnCap } = spec;
  if (!Number.isInteger(target) || target < 2)
    throw new RangeError(`pig: target must be an integer ≥ 2, got ${target}`);
  if (turnCap !== undefined && (!Number.isInteger(turnCap) || turnCap < 1))
    throw new RangeError(`pig: turnCap must be a positive integer, got ${turnCap}`);
  const layers = turnCap ?? 2;
  return { target, turnCap, layers, size: layers * target ** 3 };
}

export function positionIndex(layout: PigLayout, layer: number, a: number, b: number, k: number): number {
  const t = layout.target;
  return ((layer * t + a) * t + b) * t + k;
}

/** Banked scores a player can hold: 0, or 2 and up (a die adds at least 2), below the target. */
export function isScore(layout: PigLayout, s: number): boolean {
  return Number.isInteger(s) && (s === 0 || (s >= 2 && s < layout.target));
}

/**
 * Whether play can reach the turn start (layer, a, b): with a cap, a player who has not finished a turn yet still has 0
 * (player 0 finishes its first turn at turn 0, player 1 at turn 1).
 */
export function isReachableStart(layout: PigLayout, layer: number, a: number, b: number): boolean {
  if (!isScore(layout, a) || !isScore(layout, b)) return false;
  if (layout.turnCap === undefined) return true;
  return (layer >= 1 || a === 0) && (layer >= 2 || b === 0);
}

/** The layer a position's turn lives in: the turn index with a cap, the mover without. */
export function layerOf(layout: PigLayout, position: PigPosition): number | undefined {
  const { turn } = position;
  if (!Number.isInteger(turn) || turn < 0) return undefined;
  if (layout.turnCap === undefined) return turn <= 1 ? turn : undefined;
  return turn < layout.turnCap ? turn : undefined;
}

/** Index of a reachable decision position, or undefined when play never gets there. */
export function reachableIndex(layout: PigLayout, position: PigPosition): number | undefined {
  const layer = layerOf(layout, position);
  if (layer === undefined) return undefined;
  const [a, b] = position.scores;
  const k = position.turnTotal;
  if (!isReachableStart(layout, layer, a, b)) return undefined;
  const need = layout.target - (layer % 2 === 0 ? a : b);
  if (!Number.isInteger(k) || !(k === 0 || (k >= 2 && k < need))) return undefined;
  return positionIndex(layout, layer, a, b, k);
}

/** Every reachable decision position with its index, layer by layer, scores and turn totals ascending. */
export function* reachablePositions(layout: PigLayout): Generator<[PigPosition, number], undefined, unknown> {
  const { target, layers } = layout;
  for (let layer = 0; layer < layers; layer++)
    for (let a = 0; a < target; a++)
      for (let b = 0; b < target; b++) {
        if (!isReachableStart(layout, layer, a, b)) continue;
        const need = target - (layer % 2 === 0 ? a : b);
        for (let k = 0; k < need; k = k === 0 ? 2 : k + 1)
          yield [{ turn: layer, scores: [a, b], turnTotal: k }, positionIndex(layout, layer, a, b, k)];
      }
  return undefined;
}

/** How many reachable decision positions there are: the rows of a complete policy table. */
export function reachableCount(layout: PigLayout): number {
  const { target, layers } = layout;
  let count = 0;
  for (let layer = 0; layer < layers; layer++)
    for (let a = 0; a < target; a++)
      for (let b = 0; b < target; b++) {
        if (!isReachableStart(layout, layer, a, b)) continue;
        const need = target - (layer % 2 === 0 ? a : b);
        count += need > 2 ? need - 1 : 1;
      }
  return count;
}
