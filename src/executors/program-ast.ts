/** The syntax tree of a program `lambda x: EXPR`. Operator chains are nested binary nodes, left-associative. */

export type ArithOp = '+' | '-' | '*' | '//' | '%';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BuiltinName = 'abs' | 'min' | 'max';

export const arithOps: readonly ArithOp[] = ['+', '-', '*', '//', '%'];
export const compareOps: readonly CompareOp[] = ['<', '<=', '>', '>=', '==', '!='];
/** Each builtin and how many arguments it takes here. */
export const builtinArity: Readonly<Record<BuiltinName, number>> = { abs: 1, min: 2, max: 2 };

export type Expr =
  | { readonly k: 'int'; readonly value: number }
  | { readonly k: 'bool'; readonly value: boolean }
  | { readonly k: 'x' }
  | { readonly k: 'neg' | 'pos' | 'not'; readonly arg: Expr }
  | { readonly k: 'arith'; readonly op: ArithOp; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  /** `first op0 r0 op1 r1 …`: Python's chained comparison, each operand evaluated once. */
  | { readonly k: 'compare'; readonly first: Expr; readonly rest: readonly { op: CompareOp; right: Expr }[] }
  /** `then if cond else otherwise` */
  | { readonly k: 'if'; readonly then: Expr; readonly cond: Expr; readonly otherwise: Expr }
  | { readonly k: 'call'; readonly fn: BuiltinName; readonly args: readonly Expr[] };

/** A parsed program: the body of `lambda x: …`, with its size and depth. */
export interface Program {
  readonly body: Expr;
  /** Nodes in the tree (what one run evaluates at most). */
  readonly size: number;
  readonly depth: number;
}

/** Children of a node, left to right. */
export function children(e: Expr): readonly Expr[] {
  switch (e.k) {
    case 'int':
    case 'bool':
    case 'x':
      return [];
    case 'neg':
    case 'pos':
    case 'not':
      return [e.arg];
    case 'arith':
    case 'and':
    case 'or':
      return [e.left, e.right];
    case 'compare':
      return [e.first, ...e.rest.map((r) => r.right)];
    case 'if':
      return [e.then, e.cond, e.otherwise];
    case 'call':
      return e.args;
    default:
      return e satisfies never;
  }
}

/** Does the expression read x anywhere? */
export function usesX(e: Expr): boolean {
  return e.k === 'x' || children(e).some(usesX);
}
