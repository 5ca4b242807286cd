import { valueBound } from './exec-result.ts';
import { parseProgram } from './parse-program.ts';
import { runProgram } from './run-program.ts';
import type { Rng } from '../spec/rng.ts';
import { createRng, shuffleInPlace } from '../util/rng.ts';
import { checkStep, firstWrongStep, type TraceStep } from './trace.ts';

/** The kinds of wrong step the scripted corrupter writes (the EXPR is kept; only the VALUE is wrong). */
export const scriptedErrors = ['off-by-small', 'negated', 'truncated-division', 'stale-value', 'flipped-bool'] as const;
export type ScriptedError = (typeof scriptedErrors)[number];

/**
 * A wrong value for `step`, by `error`, or undefined when that error does not apply: `off-by-small` ±1…3;
 * `negated` −v (v ≠ 0); `truncated-division` the C-style quotient or remainder of a `//` or `%` step whose operands
 * differ in sign; `stale-value` the value of an earlier step or of x; `flipped-bool` True ↔ False. The executor
 * confirms the claim is false.
 */
export function scriptedValue(options: {
  readonly step: TraceStep;
  readonly earlier: readonly TraceStep[];
  readonly input: number;
  readonly error: ScriptedError;
  readonly rng: Rng;
}): string | undefined {
  const { step, earlier, input, error, rng } = options;
  const isBool = step.value === 'True' || step.value === 'False';
  const v = Number(step.value);
  let wrong: string | undefined;
  switch (error) {
    case 'off-by-small':
      wrong = isBool ? undefined : String(v + (1 + rng.int(3)) * (rng.int(2) === 0 ? -1 : 1));
      break;
    case 'negated':
      wrong = isBool || v === 0 ? undefined : String(-v);
      break;
    case 'truncated-division':
      wrong = isBool ? undefined : truncatedValue(step.expr, input);
      break;
    case 'stale-value': {
      const values = [String(input), ...earlier.map((s) => s.value)].filter((w) => w !== step.value);
      wrong = values.length > 0 ? values[rng.int(values.length)] : undefined;
      break;
    }
    case 'flipped-bool':
      wrong = isBool ? (step.value === 'True' ? 'False' : 'True') : undefined;
      break;
    default:
      return error satisfies never;
  }
  if (wrong === undefined || Math.abs(Number(wrong)) > valueBound) return undefined;
  return checkStep({ expr: step.expr, value: wrong }, input) === 'false' ? wrong : undefined;
}

/** The value a C programmer would expect of an `a//b` or `a%b` step: the quotient rounded toward zero. */
function truncatedValue(expr: string, input: number): string | undefined {
  const parsed = parseProgram(`lambda x: ${expr}`);
  if (!parsed.ok) return undefined;
  const body = parsed.program.body;
  if (body.k !== 'arith' || (body.op !== '//' && body.op !== '%')) return undefined;
  const a = runProgram({ body: body.left, size: 1, depth: 1 }, input);
  const b = runProgram({ body: body.right, size: 1, depth: 1 }, input);
  if (!a.ok || !b.ok || b.value === 0) return undefined;
  const q = Math.trunc(a.value / b.value) + 0;
  return String(body.op === '//' ? q : a.value - b.value * q + 0);
}

/** A right trace with one step made wrong, and where. */
export interface ScriptedCorruption {
  readonly steps: readonly TraceStep[];
  readonly firstWrong: number;
  readonly error: ScriptedError;
}

/**
 * The scripted corrupter on a right trace: an error type uniform among those that apply to some step, then a step
 * uniform among those it applies to, whose VALUE it replaces (the EXPR is kept). Undefined when no error applies.
 * The first wrong step is the checker's, never assumed.
 */
export function scriptedCorruption(
  steps: readonly TraceStep[],
  input: number,
  rng: Rng,
): ScriptedCorruption | undefined {
  for (const error of shuffleInPlace([...scriptedErrors], rng)) {
    const wrong = steps.map((step, i) =>
      scriptedValue({ step, earlier: steps.slice(0, i), input, error, rng: createRng(rng.int(2 ** 31)) }),
    );
    const applicable = wrong.flatMap((w, i) => (w === undefined ? [] : [i]));
    if (applicable.length === 0) continue;
    const k = applicable[rng.int(applicable.length)]!;
    const corrupted = steps.map((s, i) => (i === k ? { expr: s.expr, value: wrong[k]! } : s));
    const firstWrong = firstWrongStep(corrupted, input);
    if (firstWrong === null) continue;
    return { steps: corrupted, firstWrong, error };
  }
  return undefined;
}
