export interface BracketedFixedPoint {
  readonly x: number;
  /** Width of a bracket proven to hold the fixed point, with `x` at its middle: |x − exact| ≤ width / 2. */
  readonly width: number;
  /** Fixed points fill an interval past `x` (away from 0): there the map loops with probability 1. */
  readonly flat: boolean;
}

/**
 * The fixed point nearest 0 of a map H on [−1, 1] that never decreases and climbs by at most as much as its input
 * does (so g(x) = H(x) − x never increases): the limit of x ← H(x) started from 0. In Pig, H maps player 0's value at
 * the start of its turn to itself one round later; a round that can go on forever counts as a draw, which is what
 * starting from 0 means. Found by Illinois-modified regula falsi inside a bracket that always holds the point (g > 0
 * on one side, g ≤ 0 on the other), with a bisection whenever three steps fail to halve it and two probes that close
 * the bracket once a step lands on the root (g is piecewise linear in Pig), so the bracket width is a proof of the
 * error, not an estimate.
 */
export function monotoneFixedPoint(map: (x: number) => number, tolerance: number): BracketedFixedPoint {
  const g = (x: number) => map(x) - x;
  const g0 = g(0);
  if (g0 === 0) return { x: 0, width: 0, flat: g(tolerance) === 0 || g(-tolerance) === 0 };
  // Upward from 0 the iteration stops at the smallest fixed point above it, downward at the largest below it:
  // "left" of the boundary means g > 0 going up, g ≥ 0 going down.
  const up = g0 > 0;
  const isLeft = (gx: number) => (up ? gx > 0 : gx >= 0);
  let lo = up ? 0 : -1;
  let hi = up ? 1 : 0;
  let glo = up ? g0 : g(-1);
  let ghi = up ? g(1) : g0;
  let side = 0;
  let widthBefore = hi - lo;
  const keep = (c: number, gc: number): void => {
    if (isLeft(gc)) {
      lo = c;
      glo = gc;
      // Illinois: when the same end stays twice, halve its weight so the next guess moves past the root.
      if (side === 1) ghi /= 2;
      side = 1;
    } else {
      hi = c;
      ghi = gc;
      if (side === -1) glo /= 2;
      side = -1;
    }
  };
  for (let step = 1; hi - lo > tolerance && step <= 400; step++) {
    let c = ghi !== glo ? (lo * ghi - hi * glo) / (ghi - glo) : Number.NaN;
    if (step % 3 === 0) {
      if (hi - lo > widthBefore / 2) c = Number.NaN;
      widthBefore = hi - lo;
    }
    if (!(c > lo && c < hi)) c = (lo + hi) / 2;
    const gc = g(c);
    keep(c, gc);
    // On a linear piece the secant lands on the root itself: close the bracket around it with two probes.
    if (Math.abs(gc) <= 1e-15 && hi - lo > tolerance) {
      const below = Math.max(lo, c - tolerance / 2);
      const above = Math.min(hi, c + tolerance / 2);
      if (below > lo) keep(below, g(below));
      if (above < hi) keep(above, g(above));
    }
  }
  const x = (lo + hi) / 2;
  const beyond = up ? Math.min(1, x + 2 * tolerance) : Math.max(-1, x - 2 * tolerance);
  return { x, width: hi - lo, flat: g(beyond) === 0 };
}
