import { defaultLimits, type ExecLimits, show } from './exec-result.ts';
import { extractAnswer, parseIntegerAnswer } from './check-answer.ts';
import type { Example, Task, TaskType } from './task.ts';
import { validateProgram } from './validate-program.ts';

/**
 * What the proposer reads and writes (Absolute Zero's PROPOSE role, research/systems.md §2.5), in a form short
 * enough for the built-in LM's byte tokens. Deduction and abduction proposals are a program and an input,
 * conditioned on reference tasks of the same type; an induction proposal is a list of inputs for a program taken
 * from the buffer (AZR's proposer also writes a message; ours does not, so the solver sees examples only):
 *
 *     Propose deduction:              Propose abduction:              Propose inputs:
 *     lambda x: x | 1                 lambda x: x*2 | 3               lambda x: x*3+1
 *     lambda x: x+4 | -2              New:                            New:
 *     New:
 *
 * with replies `lambda x: x*3+1 | 4` and `1, 2, 5, 0, -3`. The same text is what `selfplay pretrain --corpus
 * programs` teaches, so a pretrained model starts out writing proposals in this form.
 */
export function proposePrompt(type: TaskType, references: readonly Task[]): string {
  if (type === 'induction') {
    const program = references[0]?.program;
    if (program === undefined) throw new RangeError('an induction proposal needs a reference task with a program');
    return `Propose inputs:\n${program}\nNew:`;
  }
  return [`Propose ${type}:`, ...references.map(proposalText), 'New:'].join('\n');
}

/**
 * What an instruction-following model needs beside a proposer prompt (the system message an endpoint playing the
 * proposer gets when its spec names no template): the language and the two proposal forms.
 */
export const proposeInstructions = [
  'You write new puzzles about small programs. A program is a Python lambda, lambda x: EXPR, over integers, where EXPR',
  'uses only integer literals, x, + - * // % (Python floor semantics), comparisons, and, or, not, A if C else B,',
  'abs(a), min(a, b), max(a, b) and parentheses; every value must stay within ±10^9.',
  '"Propose deduction:" and "Propose abduction:" list example puzzles, one per line as PROGRAM | INPUT: write one new',
  'puzzle in that form, different from the examples, with a program that runs on its input.',
  '"Propose inputs:" shows a program: write 5 different integer inputs for it, separated by commas.',
  'Give only your answer inside \\boxed{}.',
].join(' ');

/**
 * A task written the way a proposer writes it: `program | input` for deduction and abduction, the inputs of every
 * example (shown, then hidden) for induction. Throws for a task that cannot be written so (an abduction without its
 * input, an induction without its program).
 */
export function proposalText(task: Task): string {
  switch (task.type) {
    case 'deduction':
      return `${task.program} | ${task.input}`;
    case 'abduction':
      if (task.input === undefined) throw new RangeError(`abduction task ${task.program} has no input to propose`);
      return `${task.program} | ${task.input}`;
    case 'induction':
      if (task.program === undefined) throw new RangeError('an induction task without its program cannot be proposed');
      return [...task.examples, ...task.hidden].map(([input]) => input).join(', ');
    default:
      return task satisfies never;
  }
}

/**
 * A proposal read and validated. `format` marks a reply that is not a proposal at all (AZR's −1), apart from one that
 * is written as one but does not make a valid task (−0.5): a program outside the language, one that fails on its
 * input, repeated inputs.
 */
export type Proposal =
  | { readonly ok: true; readonly task: Task }
  | { readonly ok: false; readonly format: boolean; readonly reason: string };

export interface ProposalOptions {
  /** Induction: inputs a proposal must list (default 5), of which the first `shownExamples` are shown. */
  readonly inductionInputs?: number;
  readonly shownExamples?: number;
  readonly limits?: ExecLimits;
}

/**
 * Reads a proposer's reply into a task, validated by the executor (it parses in the language, runs on every input,
 * deterministically). For induction, `program` is the buffer program the prompt showed. The answer is read as
 * `checkAnswer` reads one (the last `\boxed{…}`, else the whole reply). Never throws.
 */
export function readProposal(type: TaskType, reply: string, program?: string, options: ProposalOptions = {}): Proposal {
  const limits = options.limits ?? defaultLimits;
  // The last \boxed{…} of an instruction-following model's reply, or the bare reply of the built-in LM.
  const text = extractAnswer(reply);
  const invalid = (reason: string): Proposal => ({ ok: false, format: false, reason });
  if (type === 'induction') {
    if (program === undefined) throw new RangeError('reading an induction proposal needs its program');
    const count = options.inductionInputs ?? 5;
    const shown = options.shownExamples ?? 3;
    const inputs = text.split(',').map((s) => parseIntegerAnswer(s.trim()));
    if (text === '' || inputs.some((n) => n === undefined)) {
      return { ok: false, format: true, reason: `${show(text)} is not a list of integers separated by commas` };
    }
    const numbers = inputs as number[];
    if (numbers.length !== count) return invalid(`${numbers.length} inputs, not ${count}`);
    if (new Set(numbers).size !== count) return invalid('an input is repeated');
    const validated = validateProgram(program, numbers, limits);
    if (!validated.ok) return invalid(validated.reason);
    const examples: Example[] = numbers.map((input, i) => [input, validated.outputs[i]!.value]);
    return {
      ok: true,
      task: { type, examples: examples.slice(0, shown), hidden: examples.slice(shown), program },
    };
  }
  const bar = text.lastIndexOf('|');
  const input = bar < 0 ? undefined : parseIntegerAnswer(text.slice(bar + 1).trim());
  const source = bar < 0 ? '' : text.slice(0, bar).trim();
  if (input === undefined || !source.startsWith('lambda')) {
    return { ok: false, format: true, reason: `${show(text)} is not "lambda x: EXPR | INPUT"` };
  }
  const validated = validateProgram(source, [input], limits);
  if (!validated.ok) return invalid(validated.reason);
  const output = validated.outputs[0]!.value;
  return {
    ok: true,
    task:
      type === 'deduction'
        ? { type, program: validated.canonical, input, output }
        : { type, program: validated.canonical, output, input },
  };
}
