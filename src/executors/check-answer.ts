import { extractBoxed } from '../games/answer.ts';
import { defaultLimits, type ExecLimits, valueBound } from './exec-result.ts';
import { parseProgram } from './parse-program.ts';
import { runProgram } from './run-program.ts';
import type { Example, Task } from './task.ts';

/**
 * A solver's answer judged. `format` marks an answer that could not be read at all (no integer, not a program of
 * the language) apart from one that was read and is wrong — AZR's reward ladder tells the two apart (−1 vs −0.5).
 */
export type Verdict =
  | { readonly correct: true; readonly answer: string }
  | { readonly correct: false; readonly format: boolean; readonly reason: string; readonly answer: string };

/**
 * The answer inside a reply: the content of the last `\boxed{…}` when there is one, else the whole reply; then
 * trimmed, with a Markdown code fence or backticks around it removed.
 */
export function extractAnswer(text: string): string {
  let s = (extractBoxed(text) ?? text).trim();
  const fence = /^```[A-Za-z]*\s*([\s\S]*?)\s*```$/.exec(s);
  if (fence) s = fence[1]!.trim();
  const ticks = /^`([^`]*)`$/.exec(s);
  if (ticks) s = ticks[1]!.trim();
  return s;
}

/**
 * An integer answer: optional sign and decimal digits (leading zeros allowed), or `True`/`False` (1 and 0, as
 * Python's `==` compares them with ints). Undefined when the text is not one.
 */
export function parseIntegerAnswer(text: string): number | undefined {
  if (text === 'True') return 1;
  if (text === 'False') return 0;
  if (!/^[+-]?\d{1,30}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n + 0 : undefined;
}

/**
 * Judges a reply to a task with the executor. Deduction: the integer must equal the program's output on the
 * input. Abduction: the integer, as input, must make the program return the output. Induction: the program must
 * parse in the language and return the right output on every example, shown and hidden. Never throws.
 */
export function checkAnswer(task: Task, reply: string, limits: ExecLimits = defaultLimits): Verdict {
  const answer = extractAnswer(reply);
  const wrong = (reason: string): Verdict => ({ correct: false, format: false, reason, answer });
  const unreadable = (reason: string): Verdict => ({ correct: false, format: true, reason, answer });
  if (answer === '') return unreadable('empty answer');
  switch (task.type) {
    case 'deduction':
    case 'abduction': {
      const n = parseIntegerAnswer(answer);
      if (n === undefined) {
        return unreadable(`the answer ${quote(answer)} is not an integer; end with one, e.g. \\boxed{13}`);
      }
      const parsed = parseProgram(task.program, limits);
      if (!parsed.ok) return wrong(`the task's program does not parse: ${parsed.reason}`);
      if (task.type === 'deduction') {
        const run = runProgram(parsed.program, task.input, limits);
        if (!run.ok) return wrong(`the task's program fails on its input: ${run.reason}`);
        return n === run.value ? { correct: true, answer } : wrong(`the output is ${run.repr}, not ${n}`);
      }
      if (Math.abs(n) > valueBound) return wrong(`the input ${n} is outside ±10^9`);
      const run = runProgram(parsed.program, n, limits);
      if (!run.ok) return wrong(`the program fails on input ${n} (${run.kind}): ${run.reason}`);
      return run.value === task.output
        ? { correct: true, answer }
        : wrong(`the program returns ${run.repr} on input ${n}, not ${task.output}`);
    }
    case 'induction': {
      const parsed = parseProgram(answer, limits);
      if (!parsed.ok)
        return unreadable(`the answer is not a program of the language (${parsed.kind}): ${parsed.reason}`);
      const check = (list: readonly Example[], what: string): Verdict | undefined => {
        for (const [input, output] of list) {
          const run = runProgram(parsed.program, input, limits);
          if (!run.ok) return wrong(`fails on ${what} input ${input} (${run.kind}): ${run.reason}`);
          if (run.value !== output) return wrong(`returns ${run.repr} on ${what} input ${input}, not ${output}`);
        }
        return undefined;
      };
      return check(task.examples, 'the example') ?? check(task.hidden, 'the hidden') ?? { correct: true, answer };
    }
    default:
      return task satisfies never;
  }
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 39)}…` : s);
}
