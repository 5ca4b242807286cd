import { defaultLimits, type ExecFailure, type ExecLimits, failure } from './exec-result.ts';
import { formatExpr } from './format-program.ts';
import { parseProgram } from './parse-program.ts';
import type { Expr } from './program-ast.ts';
import { runProgram } from './run-program.ts';

/**
 * One step of an evaluation trace: the CLAIM "EXPR evaluates to VALUE at x = input", written `EXPR = VALUE`.
 * `expr` is source text (canonical, `formatExpr`'s, in a reference trace); `value` is an integer or `True`/`False`,
 * as Python prints it.
 */
export interface TraceStep {
  readonly expr: string;
  readonly value: string;
}

export type TraceRead = { readonly ok: true; readonly steps: readonly TraceStep[] } | ExecFailure;
export type StepRead = { readonly ok: true; readonly step: TraceStep } | ExecFailure;

/** Longest trace read (lines) and longest step line (characters): a model's reply never costs more than this. */
export const maxTraceSteps = 32;
export const maxStepLength = 200;

/**
 * The reference trace of `lambda x: EXPR` on `input` (docs/self-play-critic.md): EXPR's compound subexpressions in
 * the order Python finishes evaluating them — post-order, operands left to right, the condition of `A if C else B`
 * before its taken branch, only what Python evaluates (the branch not taken, the right side of a short-circuited
 * `and`/`or` and the rest of a chain after a false link are skipped). Literals, negated literals and bare `x` are no
 * steps; the last step is the whole body. Each value is the executor's (`runProgram` of that subexpression).
 */
export function referenceTrace(
  program: string,
  input: number,
  limits: ExecLimits = defaultLimits,
): { ok: true; steps: TraceStep[] } | ExecFailure {
  const parsed = parseProgram(program, limits);
  if (!parsed.ok) return parsed;
  const whole = runProgram(parsed.program, input, limits);
  if (!whole.ok) return whole;
  const steps: TraceStep[] = [];
  const record = (e: Expr): ExecFailure | undefined => {
    const run = runProgram({ body: e, size: 1, depth: 1 }, input, limits);
    if (!run.ok) return run;
    if (!isConstantLeaf(e)) steps.push({ expr: formatExpr(e), value: run.repr });
    return undefined;
  };
  const truthy = (e: Expr) => {
    const run = runProgram({ body: e, size: 1, depth: 1 }, input, limits);
    return run.ok && run.value !== 0;
  };
  const walk = (e: Expr): ExecFailure | undefined => {
    for (const child of evaluatedChildren(e, truthy)) {
      const failed = walk(child);
      if (failed) return failed;
    }
    return record(e);
  };
  const failed = walk(parsed.program.body);
  if (failed) return failed;
  if (steps.length === 0) return failure('syntax', 'the program computes nothing (its body is a literal or x)');
  return { ok: true, steps };
}

/** Literals, `x` and a sign on a literal (`-3`) are written, not computed: they are no steps. */
function isConstantLeaf(e: Expr): boolean {
  if (e.k === 'int' || e.k === 'bool' || e.k === 'x') return true;
  return (e.k === 'neg' || e.k === 'pos') && (e.arg.k === 'int' || e.arg.k === 'bool');
}

/** The children Python evaluates, in its order; `truthy` says how a condition or left operand came out. */
function evaluatedChildren(e: Expr, truthy: (e: Expr) => boolean): Expr[] {
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
      return [e.left, e.right];
    case 'and':
      return truthy(e.left) ? [e.left, e.right] : [e.left];
    case 'or':
      return truthy(e.left) ? [e.left] : [e.left, e.right];
    case 'compare': {
      // Operands up to the first false link; each link reads the two operands around it.
      const operands = [e.first, ...e.rest.map((r) => r.right)];
      for (let i = 0; i < e.rest.length; i++) {
        const link = { k: 'compare', first: operands[i]!, rest: [e.rest[i]!] } as const;
        if (!truthy(link)) return operands.slice(0, i + 2);
      }
      return operands;
    }
    case 'if':
      return [e.cond, truthy(e.cond) ? e.then : e.otherwise];
    case 'call':
      return [...e.args];
    default:
      return e satisfies never;
  }
}

/** A trace as its text: one `EXPR = VALUE` line per step. */
export function traceText(steps: readonly TraceStep[]): string {
  return steps.map(stepText).join('\n');
}

export function stepText(step: TraceStep): string {
  return `${step.expr} = ${step.value}`;
}

/**
 * Reads one step line `EXPR = VALUE`: the last `=` that is not part of `==`, `<=`, `>=` or `!=` splits it; VALUE is
 * an integer (optional minus, at most 10 digits) or `True`/`False`. Only the shape is read here; whether EXPR is in
 * the language is `checkStep`'s question. Never throws.
 */
export function readStep(line: string): StepRead {
  if (typeof line !== 'string') return failure('syntax', 'a step is a string');
  const text = line.trim();
  if (text.length > maxStepLength) return failure('limit', `a step has at most ${maxStepLength} characters`);
  if (text.includes('\n')) return failure('syntax', 'a step is one line');
  const at = splitAt(text);
  if (at < 0) return failure('syntax', 'a step is written EXPR = VALUE, e.g. x*3 = 12');
  const expr = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (expr === '') return failure('syntax', 'the step has no expression before =', { at: 0 });
  if (!/^(-?\d{1,10}|True|False)$/.test(value)) {
    return failure('syntax', 'the value after = is an integer or True/False', { at: at + 1 });
  }
  return { ok: true, step: { expr, value } };
}

/** Index of the last lone `=` (not in `==`, `<=`, `>=`, `!=`), or −1. */
function splitAt(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] !== '=') continue;
    const partOfOperator = (i > 0 && '<>=!'.includes(text[i - 1]!)) || text[i + 1] === '=';
    if (!partOfOperator) return i;
  }
  return -1;
}

/**
 * Reads a trace: the text trimmed, then one step per line (`readStep`); an empty line, a line that is not a step, or
 * more than `maxTraceSteps` lines is a format failure naming the line. Never throws.
 */
export function readTrace(text: string): TraceRead {
  if (typeof text !== 'string') return failure('syntax', 'a trace is a string');
  const body = text.trim();
  if (body === '') return failure('syntax', 'the trace is empty; write one EXPR = VALUE line per step');
  const lines = body.split('\n');
  if (lines.length > maxTraceSteps) return failure('limit', `a trace has at most ${maxTraceSteps} steps`);
  const steps: TraceStep[] = [];
  for (const [i, line] of lines.entries()) {
    const read = readStep(line);
    if (!read.ok) return { ...read, reason: `line ${i + 1}: ${read.reason}` };
    steps.push(read.step);
  }
  return { ok: true, steps };
}

/** A claim judged: it holds, it does not (a wrong value, or EXPR fails at the input), or EXPR is not in the language. */
export type StepCheck = 'true' | 'false' | 'unparseable';

/**
 * Checks the claim "EXPR evaluates to VALUE at x = input" with the executor (limits apply). Values compare as
 * Python's `==` compares them: `True` is 1. An EXPR that fails at the input (division by zero, out of range) makes
 * the claim false. Never throws.
 */
export function checkStep(step: TraceStep, input: number, limits: ExecLimits = defaultLimits): StepCheck {
  const parsed = parseProgram(`lambda x: ${step.expr}`, limits);
  if (!parsed.ok) return 'unparseable';
  const run = runProgram(parsed.program, input, limits);
  if (!run.ok) return 'false';
  return run.value === claimedValue(step.value) ? 'true' : 'false';
}

function claimedValue(value: string): number | undefined {
  if (value === 'True') return 1;
  if (value === 'False') return 0;
  return /^-?\d{1,10}$/.test(value) ? Number(value) + 0 : undefined;
}

/** The 1-based number of the first step whose claim is not true at the input, or null when every claim holds. */
export function firstWrongStep(
  steps: readonly TraceStep[],
  input: number,
  limits: ExecLimits = defaultLimits,
): number | null {
  const at = steps.findIndex((s) => checkStep(s, input, limits) !== 'true');
  return at < 0 ? null : at + 1;
}

/** EXPR in canonical form (`formatExpr` of its tree), or undefined when it is not in the language. */
export function canonicalExpr(expr: string, limits: ExecLimits = defaultLimits): string | undefined {
  const parsed = parseProgram(`lambda x: ${expr}`, limits);
  return parsed.ok ? formatExpr(parsed.program.body) : undefined;
}

/**
 * A trace is right iff it has the reference's steps — the same canonical expressions, as many — and every claim is
 * true (so its last value is the program's output).
 */
export function isRightTrace(
  reference: readonly TraceStep[],
  steps: readonly TraceStep[],
  input: number,
  limits: ExecLimits = defaultLimits,
): boolean {
  if (steps.length !== reference.length) return false;
  return steps.every(
    (s, i) => canonicalExpr(s.expr, limits) === reference[i]!.expr && checkStep(s, input, limits) === 'true',
  );
}
