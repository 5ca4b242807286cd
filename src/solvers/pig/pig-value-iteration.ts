import { monotoneFixedPoint } from './monotone-fixed-point.ts';
import { dieFaces, isReachableStart, isScore, type PigLayout, positionIndex } from './pig-layout.ts';

/** How one seat plays in a pass: best for itself, or rolling with a given probability at each position index. */
export type SeatPlay =
  { readonly kind: 'optimal' } | { readonly kind: 'table'; readonly rollProbability: Float64Array };

/** `choices` bits at an optimal seat's positions. */
export const ROLL_OPTIMAL = 1;
export const HOLD_OPTIMAL = 2;

export interface PigPass {
  /** Player 0's expected return at each position (index from `positionIndex`; k = 0 is the turn start). */
  readonly values: Float64Array;
  /** At positions of optimal seats: `ROLL_OPTIMAL | HOLD_OPTIMAL` bits of the moves that keep the value. */
  readonly choices: Uint8Array;
  /** Player 0's expected return from the first position: player 0 to roll at 0–0. */
  readonly value: number;
  /** Proven bound on the error of every value; 0 with a turn cap, where backward induction is exact. */
  readonly errorBound: number;
  /** Score pairs where play can loop forever (both players bank nothing, turn after turn), scored as a draw. */
  readonly neverEnding: number;
}

/** Moves whose values differ by less than this are both optimal. */
const tieTolerance = 1e-12;

/**
 * Player 0's expected return at every position when each seat plays as given. With a turn cap, backward induction
 * over turns: exact. Without one, busts send play back and forth between the two players' turn starts at the same
 * scores, so each score pair (a, b), visited from high to low, is a fixed point x = F(G(x)), where G plays player 1's
 * turn given player 0's turn-start value and F player 0's; it is solved in a proven bracket (`monotoneFixedPoint`)
 * rather than by sweeping every position until it settles, as Neller & Presser's value iteration does.
 */
export function solvePigPass(options: {
  layout: PigLayout;
  seats: readonly [SeatPlay, SeatPlay];
  /** Bracket width per score pair without a cap (default 1e-14). */
  tolerance?: number;
}): PigPass {
  const { layout, seats } = options;
  const { target, turnCap, layers } = layout;
  const tolerance = options.tolerance ?? 1e-14;
  const values = new Float64Array(layout.size);
  const choices = new Uint8Array(layout.size);

  /** Player 0's value once the turn in `layer` ends with scores (a, b), both below the target. */
  const afterTurn = (layer: number, a: number, b: number): number => {
    if (turnCap === undefined) return values[positionIndex(layout, 1 - layer, a, b, 0)]!;
    if (layer + 1 >= turnCap) return Math.sign(a - b);
    return values[positionIndex(layout, layer + 1, a, b, 0)]!;
  };

  /** Plays the turn at (layer, a, b) from the largest turn total down; `empty` is the value of banking nothing. */
  const playTurn = (layer: number, a: number, b: number, empty: number): number => {
    const mover = layer % 2;
    const need = target - (mover === 0 ? a : b);
    const win = mover === 0 ? 1 : -1;
    const base = positionIndex(layout, layer, a, b, 0);
    const seat = seats[mover]!;
    for (let k = need - 1; k >= 0; k--) {
      let roll = empty;
      for (let face = 2; face <= dieFaces; face++) roll += k + face >= need ? win : values[base + k + face]!;
      roll /= dieFaces;
      const hold = k === 0 ? empty : mover === 0 ? afterTurn(layer, a + k, b) : afterTurn(layer, a, b + k);
      let v: number;
      if (seat.kind === 'table') {
        const p = seat.rollProbability[base + k]!;
        v = p * roll + (1 - p) * hold;
      } else {
        v = mover === 0 ? Math.max(roll, hold) : Math.min(roll, hold);
        choices[base + k] =
          (Math.abs(roll - v) <= tieTolerance ? ROLL_OPTIMAL : 0) |
          (Math.abs(hold - v) <= tieTolerance ? HOLD_OPTIMAL : 0);
      }
      values[base + k] = v;
    }
    return values[base]!;
  };

  let errorBound = 0;
  let neverEnding = 0;
  if (turnCap !== undefined) {
    for (let layer = layers - 1; layer >= 0; layer--)
      for (let a = 0; a < target; a++)
        for (let b = 0; b < target; b++)
          if (isReachableStart(layout, layer, a, b)) playTurn(layer, a, b, afterTurn(layer, a, b));
  } else {
    // A score pair's error is its own bracket plus the worst error of the pairs its holds lead to (all values are
    // averages or extremes of their successors, so errors do not grow on the way down).
    const pairError = new Float64Array(target * target);
    for (let a = target - 1; a >= 0; a--)
      for (let b = target - 1; b >= 0; b--) {
        if (!isScore(layout, a) || !isScore(layout, b)) continue;
        const point = monotoneFixedPoint((x) => playTurn(0, a, b, playTurn(1, a, b, x)), tolerance);
        playTurn(0, a, b, playTurn(1, a, b, point.x));
        let inherited = 0;
        for (let k = 2; a + k < target; k++) inherited = Math.max(inherited, pairError[(a + k) * target + b]!);
        for (let k = 2; b + k < target; k++) inherited = Math.max(inherited, pairError[a * target + b + k]!);
        pairError[a * target + b] = point.width + inherited;
        errorBound = Math.max(errorBound, point.width + inherited);
        if (point.flat) neverEnding++;
      }
  }
  return { values, choices, value: values[0]!, errorBound, neverEnding };
}
