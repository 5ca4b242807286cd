import { extractAnswer } from './check-answer.ts';
import type { Task } from './task.ts';
import { taskPrompt } from './task-prompt.ts';

/** Most characters of an answer a judge is shown; a longer one is cut to this length, its last character `…`. */
export const judgedAnswerChars = 60;

/**
 * What a judge reads (the JUDGE role of MAE and SPELL's verifier, research/systems.md §2.9 and §2.13): the solver's
 * prompt (`taskPrompt`), the answer on the question's line, and `Right?`. Short, so the built-in LM's byte tokens
 * and its 256-token context hold the prompt and the reply:
 *
 *     Program: lambda x: x*3+1        Program: lambda x: x*3+1        Examples: 1 -> 4, 2 -> 7
 *     Input: 4                        Output: 13                      Program? lambda x: x*3+1
 *     Output? 13                      Input? 5                        Right?
 *     Right?                          Right?
 *
 * The reply is `judgeText`'s `yes` or `no`. The answer's whitespace runs become single spaces (it must stay on its
 * line), and an answer longer than `judgedAnswerChars` is cut with a `…` as its last character.
 */
export function judgePrompt(task: Task, answer: string): string {
  const line = answer.trim().replace(/\s+/g, ' ');
  const shown = line.length > judgedAnswerChars ? `${line.slice(0, judgedAnswerChars - 1)}…` : line;
  return `${taskPrompt(task)} ${shown}\nRight?`;
}

/** The reply a judge should write: `yes` for a right answer, `no` for a wrong one. */
export function judgeText(right: boolean): string {
  return right ? 'yes' : 'no';
}

/** A judge's reply read: its verdict, or why it gives none. */
export type Judgement =
  { readonly ok: true; readonly right: boolean } | { readonly ok: false; readonly reason: string };

/**
 * Reads a judge's reply: its first word, `yes` (right) or `no` (wrong) in any case, punctuation after it allowed
 * (`Yes.`), inside the last `\\boxed{…}` when there is one (as endpoints answer). Anything else is no verdict. Never
 * throws.
 */
export function readJudgement(text: string): Judgement {
  const word = /^\s*([A-Za-z]+)/.exec(extractAnswer(text))?.[1]?.toLowerCase();
  if (word === 'yes') return { ok: true, right: true };
  if (word === 'no') return { ok: true, right: false };
  const start = text.trim().slice(0, 20);
  return { ok: false, reason: `a judgement starts with yes or no, not ${JSON.stringify(start)}` };
}

/**
 * What an instruction-following model needs beside a judge's prompt (the system message an endpoint playing the judge
 * gets when its spec names no template).
 */
export const judgeInstructions = [
  'You check answers to puzzles about small programs. A program is a Python lambda, lambda x: EXPR, over integers',
  '(+ - * // % with Python floor semantics, comparisons, and, or, not, A if C else B, abs, min, max).',
  '"Output?" asks what the program returns on the input; "Input?" asks for an x on which it returns the output;',
  '"Program?" asks for a program that maps each example input to its output. The answer follows the question.',
  'Reply yes if the answer is right and no if it is wrong, inside \\boxed{}.',
].join(' ');
