import { extractAnswer } from './check-answer.ts';
import type { DeductionTask } from './task.ts';
import { stepText, type TraceStep } from './trace.ts';

/**
 * What the three SPC roles read and write (Self-Play Critic, research/systems.md §2.7; docs/self-play-critic.md),
 * short enough for the built-in LM's byte tokens. Each prompt, like `taskPrompt`, has no final newline (the LM's
 * prompt encoding adds one):
 *
 *     Trace: lambda x: x*3+1          Corrupt: lambda x: x*3+1        Critique: lambda x: x*3+1
 *     Input: 4                        Input: 4                        Input: 4
 *                                     1. x*3 = 12                     1. x*3 = 12
 *                                     2. x*3+1 = 13                   2. x*3+1 = 14
 *                                     Rewrite 2:                      First wrong?
 *
 * with replies `x*3 = 12\nx*3+1 = 13` (the solver's trace), `x*3+1 = 14` (the sneaky's one step line that replaces
 * step 2) and `2` (the critic: the number of the first wrong step, or `none`).
 */
export type TraceTask = Pick<DeductionTask, 'program' | 'input'>;

/** The solver's prompt: write the task's evaluation trace. */
export function tracePrompt(task: TraceTask): string {
  return `Trace: ${task.program}\nInput: ${task.input}`;
}

/** Steps numbered from 1, one per line: `1. x*3 = 12`. */
export function numberedSteps(steps: readonly TraceStep[], from = 1): string[] {
  return steps.map((s, i) => `${i + from}. ${stepText(s)}`);
}

/**
 * The sneaky's prompt: the task, the trace's steps before k and step k itself (1-based), then `Rewrite k:`. The reply
 * is one step line that replaces step k.
 */
export function corruptPrompt(task: TraceTask, steps: readonly TraceStep[], k: number): string {
  if (!(Number.isInteger(k) && k >= 1 && k <= steps.length)) {
    throw new RangeError(`step ${k} is not a step of a ${steps.length}-step trace`);
  }
  return [
    `Corrupt: ${task.program}`,
    `Input: ${task.input}`,
    ...numberedSteps(steps.slice(0, k)),
    `Rewrite ${k}:`,
  ].join('\n');
}

/** The critic's prompt: the task and the numbered steps, then `First wrong?`. */
export function critiquePrompt(task: TraceTask, steps: readonly TraceStep[]): string {
  return [`Critique: ${task.program}`, `Input: ${task.input}`, ...numberedSteps(steps), 'First wrong?'].join('\n');
}

/** The critic's reply: the number of the first wrong step, or `none` for a trace with no wrong step. */
export function critiqueText(firstWrong: number | null): string {
  return firstWrong === null ? 'none' : String(firstWrong);
}

export type CritiqueRead =
  { readonly ok: true; readonly firstWrong: number | null } | { readonly ok: false; readonly reason: string };

/**
 * Reads a critic's reply: `none` (any case) or a step number from 1 (at most 3 digits), after `extractAnswer` (the
 * last `\boxed{…}` if any, trimmed, code fences removed, as endpoints answer). Anything else is unreadable.
 */
export function readCritique(text: string): CritiqueRead {
  if (typeof text !== 'string') return { ok: false, reason: 'a critique is a string' };
  const answer = extractAnswer(text);
  if (/^none$/i.test(answer)) return { ok: true, firstWrong: null };
  if (/^[1-9]\d{0,2}$/.test(answer)) return { ok: true, firstWrong: Number(answer) };
  return { ok: false, reason: 'a critique is the number of the first wrong step, or none' };
}

/**
 * What an instruction-following model needs beside the critic's prompt (the system message `selfplay critique` gives
 * an endpoint whose spec names no template).
 */
export const critiqueInstructions = [
  'You check evaluation traces of small programs. A program is a Python lambda, lambda x: EXPR, over integers',
  '(+ - * // % with Python floor semantics, comparisons, and, or, not, A if C else B, abs, min, max). A trace lists',
  'the subexpressions Python evaluates at the given input, in order, one claim "EXPR = VALUE" per numbered step.',
  'Give the number of the first step whose claim is false, or none if every step is right, inside \\boxed{}.',
].join(' ');

/** The solver's instructions for an endpoint (as `critiqueInstructions` are the critic's). */
export const traceInstructions = [
  'You evaluate small programs step by step. A program is a Python lambda, lambda x: EXPR, over integers',
  '(+ - * // % with Python floor semantics, comparisons, and, or, not, A if C else B, abs, min, max).',
  'Given the program and the input, write one line "EXPR = VALUE" for each compound subexpression Python evaluates,',
  'innermost first, left to right, only the branch taken, the whole body last; VALUE is an integer, True or False.',
  'Write only those lines.',
].join(' ');

/** The sneaky's instructions for an endpoint. */
export const corruptInstructions = [
  'You write subtle mistakes into step-by-step evaluations of small programs (Python lambdas over integers).',
  'You see the program, the input and the steps up to "Rewrite k:"; write one line "EXPR = VALUE" to replace step k',
  'whose claim is false but looks plausible. Write only that line.',
].join(' ');
