import { z } from 'zod';
import { valueBound } from './exec-result.ts';

/**
 * The three task types of Absolute Zero over this language (research/systems.md §2.5):
 * `deduction` — a program and an input; the answer is the output.
 * `abduction` — a program and an output; the answer is any input the program maps to that output.
 * `induction` — input/output examples (and an optional message); the answer is a program that maps every given
 * example and every hidden one correctly.
 */
export const taskTypes = ['deduction', 'abduction', 'induction'] as const;
export type TaskType = (typeof taskTypes)[number];

/** An input/output pair `[input, output]`. */
export type Example = readonly [input: number, output: number];

export interface DeductionTask {
  readonly type: 'deduction';
  readonly program: string;
  readonly input: number;
  /** What the program returns on `input` (a bool result is written 1 or 0). */
  readonly output: number;
}

export interface AbductionTask {
  readonly type: 'abduction';
  readonly program: string;
  readonly output: number;
  /** An input that gives `output`, when the task was made from one: checked, never shown to the solver. */
  readonly input?: number;
}

export interface InductionTask {
  readonly type: 'induction';
  /** Shown to the solver. */
  readonly examples: readonly Example[];
  /** Never shown; the answer must pass them too. */
  readonly hidden: readonly Example[];
  /** A hint shown beside the examples (AZR's proposer writes one). */
  readonly message?: string;
  /** A reference program that the task was made from: checked against every example, never shown. */
  readonly program?: string;
}

export type Task = DeductionTask | AbductionTask | InductionTask;

const int = z.int().min(-valueBound).max(valueBound);
const program = z.string().min(1);
const example = z.tuple([int, int]);

/** One line of a task file. Unknown keys are errors, so a misspelt key never silently does nothing. */
export const taskSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('deduction'), program, input: int, output: int }),
  z.strictObject({ type: z.literal('abduction'), program, output: int, input: int.optional() }),
  z.strictObject({
    type: z.literal('induction'),
    examples: z.array(example).min(1),
    hidden: z.array(example),
    message: z.string().optional(),
    program: program.optional(),
  }),
]);

/** A task as one JSON line, keys in the documented order. */
export function taskLine(task: Task): string {
  switch (task.type) {
    case 'deduction':
      return JSON.stringify({ type: task.type, program: task.program, input: task.input, output: task.output });
    case 'abduction':
      return JSON.stringify({ type: task.type, program: task.program, output: task.output, input: task.input });
    case 'induction':
      return JSON.stringify({
        type: task.type,
        examples: task.examples,
        hidden: task.hidden,
        message: task.message,
        program: task.program,
      });
    default:
      return task satisfies never;
  }
}

/** A task file's text: one line per task, newline-terminated. */
export function tasksToJsonl(tasks: readonly Task[]): string {
  return tasks.map((t) => `${taskLine(t)}\n`).join('');
}
