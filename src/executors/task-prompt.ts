import type { Task } from './task.ts';

/**
 * The text a solver reads for a task: short, so the built-in LM's context (128 tokens by default) holds the prompt
 * and its answer, and the same for every player. The answer follows the prompt directly:
 *
 *     Program: lambda x: x*3+1        Program: lambda x: x*3+1        Examples: 1 -> 4, 2 -> 7
 *     Input: 4                        Output: 13                      Program?
 *     Output?                         Input?
 *
 * (deduction → `13`; abduction → `4`; induction → `lambda x: x*3+1`). An induction message, when the task has one,
 * is a `Message: …` line before `Program?`.
 */
export function taskPrompt(task: Task): string {
  switch (task.type) {
    case 'deduction':
      return `Program: ${task.program}\nInput: ${task.input}\nOutput?`;
    case 'abduction':
      return `Program: ${task.program}\nOutput: ${task.output}\nInput?`;
    case 'induction': {
      const examples = task.examples.map(([i, o]) => `${i} -> ${o}`).join(', ');
      const message = task.message === undefined ? '' : `Message: ${task.message.replace(/\s+/g, ' ')}\n`;
      return `Examples: ${examples}\n${message}Program?`;
    }
    default:
      return task satisfies never;
  }
}

/**
 * What an instruction-following model needs beside the prompt (the system message of the endpoint template that
 * `selfplay solve-tasks` uses when the endpoint spec names none): the language and the three question forms.
 */
export const taskInstructions = [
  'You solve puzzles about small programs. A program is a Python lambda, lambda x: EXPR, over integers, where EXPR',
  'uses only integer literals, x, + - * // % (Python floor semantics), comparisons (chains allowed), and, or, not,',
  'A if C else B, abs(a), min(a, b), max(a, b) and parentheses; every value must stay within ±10^9.',
  '"Output?": give what the program returns on the input. "Input?": give an integer x for which the program returns',
  'the output. "Program?": write a program that maps each example input to its output (hidden examples are checked',
  'too). Give only the final answer inside \\boxed{}: an integer, or for "Program?" the whole lambda.',
].join(' ');
