import {
  defaultLimits,
  type ExecFailure,
  type ExecLimits,
  failure,
  type RuntimeErrorCode,
  valueBound,
} from './exec-result.ts';
import { parseProgram } from './parse-program.ts';
import type { ArithOp, CompareOp, Expr, Program } from './program-ast.ts';

/**
 * A value as Python holds it: an int, or a bool (which is an int subclass: True == 1, True + 1 == 2). The flag only
 * decides how the value prints and what arithmetic hands back; every comparison and operation reads `n`.
 */
export interface Value {
  readonly n: number;
  readonly bool: boolean;
}

/** A finished run: the output as an integer (True counts as 1, False as 0) and as Python would print it. */
export interface RunSuccess {
  readonly ok: true;
  /** The result as an integer: a bool result counts as 1 or 0, as Python's `==` compares it with ints. */
  readonly value: number;
  /** The result was a bool (`True`/`False`). */
  readonly bool: boolean;
  /** How Python prints the result: `13`, `-4`, `True`. */
  readonly repr: string;
  /** Syntax-tree nodes evaluated. */
  readonly steps: number;
}

export type RunResult = RunSuccess | ExecFailure;

class RunStop {
  constructor(readonly result: ExecFailure) {}
}

const int = (n: number): Value => ({ n: n + 0, bool: false }); // + 0 turns −0 into 0
const TRUE: Value = { n: 1, bool: true };
const FALSE: Value = { n: 0, bool: true };
const truth = (b: boolean): Value => (b ? TRUE : FALSE);

export function reprValue(v: Value): string {
  return v.bool ? (v.n !== 0 ? 'True' : 'False') : String(v.n);
}

/**
 * Runs a parsed program on one integer input. Python's semantics: floor division and modulo round toward −∞ (the
 * remainder takes the divisor's sign), `and`/`or` short-circuit and return an operand, comparisons chain, min/max
 * return the first of equal arguments. A zero divisor, or any value (input, intermediate or result) above 10^9 in
 * magnitude, is a `runtime` failure; more than `maxSteps` node evaluations is a `limit` failure. Never throws.
 */
export function runProgram(program: Program, input: number, limits: ExecLimits = defaultLimits): RunResult {
  if (!Number.isSafeInteger(input)) {
    return failure('runtime', `the input must be an integer, got ${String(input)}`, { error: 'out-of-range' });
  }
  if (Math.abs(input) > valueBound) {
    return failure('runtime', `the input ${input} is outside ±10^9`, { error: 'out-of-range' });
  }
  let steps = 0;
  const x = int(input);
  const fail = (error: RuntimeErrorCode, reason: string): never => {
    throw new RunStop(failure('runtime', reason, { error }));
  };
  const checked = (n: number, what: string): Value => {
    if (Math.abs(n) > valueBound) fail('out-of-range', `${what} gives ${n}, outside ±10^9`);
    return int(n);
  };
  const arith = (op: ArithOp, a: number, b: number): Value => {
    switch (op) {
      case '+':
        return checked(a + b, `${a} + ${b}`);
      case '-':
        return checked(a - b, `${a} - ${b}`);
      case '*':
        // Operands are within ±10^9, so a float product above 10^9 in magnitude is exactly that test.
        return checked(a * b, `${a} * ${b}`);
      case '//':
        if (b === 0) fail('zero-division', `${a} // 0: integer division by zero`);
        return checked(floorDiv(a, b), `${a} // ${b}`);
      case '%':
        if (b === 0) fail('zero-division', `${a} % 0: integer modulo by zero`);
        return checked(a - b * floorDiv(a, b), `${a} % ${b}`);
      default:
        return op satisfies never;
    }
  };
  const ev = (e: Expr): Value => {
    if (++steps > limits.maxSteps) {
      throw new RunStop(failure('limit', `the run took more than ${limits.maxSteps} evaluation steps`));
    }
    switch (e.k) {
      case 'int':
        return int(e.value);
      case 'bool':
        return truth(e.value);
      case 'x':
        return x;
      case 'neg':
        return int(-ev(e.arg).n);
      case 'pos':
        return int(ev(e.arg).n);
      case 'not':
        return truth(ev(e.arg).n === 0);
      case 'arith': {
        const a = ev(e.left).n;
        return arith(e.op, a, ev(e.right).n);
      }
      case 'and': {
        const a = ev(e.left);
        return a.n === 0 ? a : ev(e.right);
      }
      case 'or': {
        const a = ev(e.left);
        return a.n !== 0 ? a : ev(e.right);
      }
      case 'compare': {
        let left = ev(e.first).n;
        for (const { op, right } of e.rest) {
          const r = ev(right).n;
          if (!compare(op, left, r)) return FALSE;
          left = r;
        }
        return TRUE;
      }
      case 'if':
        return ev(e.cond).n !== 0 ? ev(e.then) : ev(e.otherwise);
      case 'call': {
        const args = e.args.map(ev);
        const a = args[0]!;
        if (e.fn === 'abs') return int(Math.abs(a.n));
        const b = args[1]!;
        // Python keeps the first of equal arguments: min(True, 1) is True, max(1, True) is 1.
        if (e.fn === 'min') return b.n < a.n ? b : a;
        return b.n > a.n ? b : a;
      }
      default:
        return e satisfies never;
    }
  };
  try {
    const v = ev(program.body);
    return { ok: true, value: v.n, bool: v.bool, repr: reprValue(v), steps };
  } catch (error) {
    if (error instanceof RunStop) return error.result;
    return failure('internal', `executor fault while running: ${String(error)}; please report it`);
  }
}

/** Parses and runs in one call: `execute('lambda x: x*3+1', 4)` → 13. */
export function execute(source: string, input: number, limits: ExecLimits = defaultLimits): RunResult {
  const parsed = parseProgram(source, limits);
  return parsed.ok ? runProgram(parsed.program, input, limits) : parsed;
}

/** ⌊a / b⌋ for integers within ±10^9, b ≠ 0, exact (the remainder check repairs any rounding of the quotient). */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r !== 0 && r < 0 !== b < 0) q -= 1;
  else if (b > 0 ? r >= b : r <= b) q += 1;
  return q + 0;
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    default:
      return op satisfies never;
  }
}
