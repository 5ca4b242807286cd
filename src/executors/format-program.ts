import type { Expr, Program } from './program-ast.ts';

// Python's binding strength, weakest first: conditional, or, and, not, comparisons, + -, * // %, unary, atoms.
const Level = { Cond: 0, Or: 1, And: 2, Not: 3, Compare: 4, Sum: 5, Product: 6, Unary: 7, Atom: 8 } as const;
type Level = (typeof Level)[keyof typeof Level];

function level(e: Expr): Level {
  switch (e.k) {
    case 'if':
      return Level.Cond;
    case 'or':
      return Level.Or;
    case 'and':
      return Level.And;
    case 'not':
      return Level.Not;
    case 'compare':
      return Level.Compare;
    case 'arith':
      return e.op === '+' || e.op === '-' ? Level.Sum : Level.Product;
    case 'neg':
    case 'pos':
      return Level.Unary;
    case 'int':
    case 'bool':
    case 'x':
    case 'call':
      return Level.Atom;
    default:
      return e satisfies never;
  }
}

/**
 * Source text for an expression with the fewest parentheses that keep its tree: parsing the text gives the same
 * tree back. Arithmetic is written tight (`x*3+1`), comparisons and keywords spaced (`x if x > 0 else -x`).
 */
export function formatExpr(e: Expr): string {
  // Wrap a child that binds weaker than `min` (or as weak, for the right side of a left-associative operator).
  const at = (child: Expr, min: number) => (level(child) < min ? `(${formatExpr(child)})` : formatExpr(child));
  switch (e.k) {
    case 'int':
      return String(e.value);
    case 'bool':
      return e.value ? 'True' : 'False';
    case 'x':
      return 'x';
    case 'neg':
    case 'pos':
      return `${e.k === 'neg' ? '-' : '+'}${at(e.arg, Level.Unary)}`;
    case 'not':
      return `not ${at(e.arg, Level.Not)}`;
    case 'arith': {
      const l = level(e);
      return `${at(e.left, l)}${e.op}${at(e.right, l + 1)}`;
    }
    case 'and':
    case 'or': {
      const l = level(e);
      return `${at(e.left, l)} ${e.k} ${at(e.right, l + 1)}`;
    }
    case 'compare':
      // Operands are sums or tighter: a comparison operand would join the chain, so it needs parentheses.
      return [at(e.first, Level.Sum), ...e.rest.map((r) => `${r.op} ${at(r.right, Level.Sum)}`)].join(' ');
    case 'if':
      return `${at(e.then, Level.Or)} if ${at(e.cond, Level.Or)} else ${at(e.otherwise, Level.Cond)}`;
    case 'call':
      return `${e.fn}(${e.args.map((a) => at(a, Level.Cond)).join(', ')})`;
    default:
      return e satisfies never;
  }
}

/** `lambda x: …` for a parsed or generated program. */
export function formatProgram(program: Program | Expr): string {
  return `lambda x: ${formatExpr('body' in program ? program.body : program)}`;
}
