import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { defaultLimits, type ExecLimits } from './exec-result.ts';
import { parseProgram } from './parse-program.ts';
import { runProgram } from './run-program.ts';
import { jsonLines } from '../util/json-lines.ts';
import { type Example, type Task, taskSchema } from './task.ts';

/** One problem with one line of a task file. */
export interface TaskLineError {
  /** 1-based line number. */
  readonly line: number;
  /** The key at fault (`output`, `examples[2][1]`), when one is. */
  readonly key?: string;
  readonly message: string;
}

/** A task file that cannot be used; the message lists the lines at fault and what to change. */
export class TaskFileError extends Error {
  override readonly name = 'TaskFileError';
  constructor(
    message: string,
    readonly errors: readonly TaskLineError[],
  ) {
    super(message);
  }
}

export interface TaskFileLines {
  readonly tasks: readonly Task[];
  /** The 1-based line each task came from. */
  readonly lines: readonly number[];
  readonly errors: readonly TaskLineError[];
}

/**
 * Reads task file text (JSONL: one task per line, blank lines skipped; docs/executors.md). Each line is validated
 * with the schema, its program is parsed, and every stated result is checked by running the program: a
 * deduction's output, an abduction's witness input (when given), an induction's examples against its reference
 * program (when given). Returns the good tasks and an error per bad line; never throws.
 */
export function checkTaskLines(text: string, limits: ExecLimits = defaultLimits): TaskFileLines {
  const tasks: Task[] = [];
  const lines: number[] = [];
  const errors: TaskLineError[] = [];
  for (const entry of jsonLines(text)) {
    const { line } = entry;
    if (entry.error) {
      errors.push({ line, message: `not JSON (${entry.error.message})` });
      continue;
    }
    const json = entry.value;
    const parsed = taskSchema.safeParse(json);
    if (!parsed.success) {
      errors.push(schemaError(line, parsed.error, json));
      continue;
    }
    const task = parsed.data as Task;
    const problem = checkTask(task, limits);
    if (problem) {
      errors.push({ line, ...problem });
      continue;
    }
    tasks.push(task);
    lines.push(line);
  }
  return { tasks, lines, errors };
}

/** Parses task file text; a bad line is a `TaskFileError` naming the line number and the key. */
export function parseTaskFile(text: string, source = 'task file', limits: ExecLimits = defaultLimits): TaskFileLines {
  const checked = checkTaskLines(text, limits);
  if (checked.errors.length > 0) {
    const shown = checked.errors.slice(0, 10).map((e) => `  ${describeError(source, e)}`);
    const more = checked.errors.length > 10 ? [`  … and ${checked.errors.length - 10} more`] : [];
    throw new TaskFileError(
      `${source} has ${checked.errors.length} bad line${checked.errors.length === 1 ? '' : 's'} (format: docs/executors.md):\n${[...shown, ...more].join('\n')}`,
      checked.errors,
    );
  }
  if (checked.tasks.length === 0) throw new TaskFileError(`${source} holds no tasks (one JSON object per line)`, []);
  return checked;
}

export async function readTaskFile(path: string, limits: ExecLimits = defaultLimits): Promise<TaskFileLines> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new TaskFileError(`cannot read the task file ${path}: ${(cause as Error).message}`, []);
  }
  return parseTaskFile(text, path, limits);
}

export function describeError(source: string, e: TaskLineError): string {
  return `${source} line ${e.line}${e.key ? `, key "${e.key}"` : ''}: ${e.message}`;
}

// The keys each type takes, for the message about a key that is none of them.
const typeKeys: Readonly<Record<string, string>> = {
  deduction: 'type, program, input, output',
  abduction: 'type, program, output, input (optional)',
  induction: 'type, examples, hidden, message (optional), program (optional)',
};

function schemaError(line: number, error: z.ZodError, json: unknown): TaskLineError {
  // A misspelt key also leaves the right one missing: name the misspelling, the cause.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  const key = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`));
  if (issue.code === 'unrecognized_keys') {
    const type = (json as { type?: unknown }).type;
    const keys = typeof type === 'string' ? typeKeys[type] : undefined;
    return {
      line,
      key: issue.keys.join(', '),
      message: keys ? `unknown key; ${type} tasks have ${keys}` : 'unknown key (docs/executors.md lists the keys)',
    };
  }
  if (issue.code === 'invalid_union' && key.length === 0) {
    return { line, key: 'type', message: 'must be "deduction", "abduction" or "induction"' };
  }
  return { line, ...(key.length > 0 ? { key: key.join('') } : {}), message: issue.message };
}

function checkTask(task: Task, limits: ExecLimits): { key?: string; message: string } | undefined {
  const source = task.program;
  if (source === undefined) return checkExamples(task.type === 'induction' ? [...task.examples, ...task.hidden] : []);
  const parsed = parseProgram(source, limits);
  if (!parsed.ok)
    return { key: 'program', message: `not a program of the language (${parsed.kind}): ${parsed.reason}` };
  const expect = (input: number, output: number, key: string) => {
    const run = runProgram(parsed.program, input, limits);
    if (!run.ok) return { key, message: `the program fails on input ${input} (${run.kind}): ${run.reason}` };
    if (run.value !== output) {
      return { key, message: `the program returns ${run.repr} on input ${input}, not the stated ${output}` };
    }
    return undefined;
  };
  switch (task.type) {
    case 'deduction':
      return expect(task.input, task.output, 'output');
    case 'abduction':
      return task.input === undefined ? undefined : expect(task.input, task.output, 'input');
    case 'induction': {
      const pairs = checkExamples([...task.examples, ...task.hidden]);
      if (pairs) return pairs;
      for (const [name, list] of [
        ['examples', task.examples],
        ['hidden', task.hidden],
      ] as const) {
        for (const [i, [input, output]] of list.entries()) {
          const problem = expect(input, output, `${name}[${i}]`);
          if (problem) return problem;
        }
      }
      return undefined;
    }
    default:
      return task satisfies never;
  }
}

/** The same input twice with two outputs is no function: no program can pass. */
function checkExamples(pairs: readonly Example[]): { key?: string; message: string } | undefined {
  const seen = new Map<number, number>();
  for (const [input, output] of pairs) {
    const before = seen.get(input);
    if (before !== undefined && before !== output) {
      return { key: 'examples', message: `input ${input} appears with outputs ${before} and ${output}` };
    }
    seen.set(input, output);
  }
  return undefined;
}
