import type { Rng } from '../spec/rng.ts';
import { sampleIndex } from '../util/rng.ts';
import { measure } from './parse-program.ts';
import { type ArithOp, type CompareOp, compareOps, type Expr, type Program, usesX } from './program-ast.ts';

export interface ProgramShape {
  /** Deepest tree the body may have (1 = a lone `x` or literal); each program draws its depth bound uniformly. */
  readonly maxDepth: number;
  /** Shallowest depth bound drawn (default 1). */
  readonly minDepth?: number;
  /** Literals are drawn from [0, maxLiteral]. */
  readonly maxLiteral: number;
  /** Divisors of `//` and `%` are literals in [2, maxDivisor] (in `wild` shape, sometimes any expression). */
  readonly maxDivisor: number;
  /**
   * Everything the language allows, weighted toward its corners: bools in arithmetic, `and`/`or` over ints,
   * expression divisors (so zero divisions), literals near 10^9 (so overflows). For testing the executor; task
   * generation uses the tame shape.
   */
  readonly wild?: boolean;
}

/** The tame shape tasks use: short programs over small numbers, no division by zero by construction. */
export const taskShape: ProgramShape = { minDepth: 2, maxDepth: 4, maxLiteral: 9, maxDivisor: 5 };

const wildLiterals = [1000000000, 999999999, 31622, 31623, 65536, 100000];

/**
 * A random program body that reads x, drawn from `rng` alone (so a seed fixes it). Integer-valued at the top in
 * the tame shape; in the wild shape any value (bools included) can appear anywhere the grammar allows.
 */
export function generateExpr(rng: Rng, shape: ProgramShape): Expr {
  for (;;) {
    const min = Math.min(shape.minDepth ?? 1, shape.maxDepth);
    const e = intExpr(rng, shape, min + rng.int(shape.maxDepth - min + 1));
    if (usesX(e)) return e;
  }
}

export function generateProgram(rng: Rng, shape: ProgramShape): Program {
  const body = generateExpr(rng, shape);
  return { body, ...measure(body) };
}

function literal(rng: Rng, shape: ProgramShape): Expr {
  if (shape.wild && rng.int(8) === 0) return { k: 'int', value: wildLiterals[rng.int(wildLiterals.length)]! };
  return { k: 'int', value: rng.int(shape.maxLiteral + 1) };
}

function leaf(rng: Rng, shape: ProgramShape): Expr {
  if (shape.wild && rng.int(12) === 0) return { k: 'bool', value: rng.int(2) === 1 };
  return rng.int(5) < 3 ? { k: 'x' } : literal(rng, shape);
}

const intKinds = ['leaf', 'sum', 'divide', 'neg', 'abs', 'minmax', 'if', 'bool-int', 'and-or'] as const;
const tameWeights = [10, 34, 10, 4, 6, 10, 10, 0, 0];
const wildWeights = [8, 26, 12, 6, 6, 10, 10, 8, 8];

function intExpr(rng: Rng, shape: ProgramShape, depth: number): Expr {
  if (depth <= 1) return leaf(rng, shape);
  const sub = () => intExpr(rng, shape, depth - 1);
  const kind = intKinds[sampleIndex(rng, shape.wild ? wildWeights : tameWeights)]!;
  switch (kind) {
    case 'leaf':
      return leaf(rng, shape);
    case 'sum': {
      const op: ArithOp = (['+', '-', '*'] as const)[rng.int(3)]!;
      return { k: 'arith', op, left: sub(), right: sub() };
    }
    case 'divide': {
      const op: ArithOp = rng.int(2) === 0 ? '//' : '%';
      const right: Expr =
        shape.wild && rng.int(3) === 0 ? sub() : { k: 'int', value: 2 + rng.int(Math.max(1, shape.maxDivisor - 1)) };
      return { k: 'arith', op, left: sub(), right };
    }
    case 'neg':
      return { k: shape.wild && rng.int(4) === 0 ? 'pos' : 'neg', arg: sub() };
    case 'abs':
      return { k: 'call', fn: 'abs', args: [sub()] };
    case 'minmax':
      return { k: 'call', fn: rng.int(2) === 0 ? 'min' : 'max', args: [sub(), sub()] };
    case 'if':
      return { k: 'if', then: sub(), cond: condExpr(rng, shape, depth - 1), otherwise: sub() };
    case 'bool-int':
      return condExpr(rng, shape, depth - 1);
    case 'and-or':
      return { k: rng.int(2) === 0 ? 'and' : 'or', left: sub(), right: sub() };
    default:
      return kind satisfies never;
  }
}

function condExpr(rng: Rng, shape: ProgramShape, depth: number): Expr {
  const sub = () => intExpr(rng, shape, Math.max(1, depth - 1));
  const pick = rng.int(10);
  const op = (): CompareOp => compareOps[rng.int(compareOps.length)]!;
  if (depth > 1 && pick === 0) return { k: 'not', arg: condExpr(rng, shape, depth - 1) };
  if (depth > 1 && pick === 1) {
    const k = rng.int(2) === 0 ? 'and' : 'or';
    return { k, left: condExpr(rng, shape, depth - 1), right: condExpr(rng, shape, depth - 1) };
  }
  if (pick === 2) {
    // A range test, Python style: lo < x < hi.
    const lo = rng.int(shape.maxLiteral + 1);
    return {
      k: 'compare',
      first: rng.int(2) === 0 ? { k: 'int', value: lo } : { k: 'neg', arg: { k: 'int', value: lo } },
      rest: [
        { op: '<', right: sub() },
        { op: rng.int(2) === 0 ? '<' : '<=', right: literal(rng, shape) },
      ],
    };
  }
  if (shape.wild && pick === 3) return sub();
  // Mostly `EXPR op literal`, the usual shape of a condition.
  const right = rng.int(3) === 0 ? sub() : literal(rng, shape);
  return { k: 'compare', first: sub(), rest: [{ op: op(), right }] };
}
