import type { Rng } from '../spec/rng.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../util/rng.ts';
import { formatProgram } from './format-program.ts';
import { generateProgram, type ProgramShape, taskShape } from './generate-program.ts';
import type { Program } from './program-ast.ts';
import { runProgram } from './run-program.ts';
import { type Example, type Task, type TaskType, taskTypes } from './task.ts';

export interface TaskGeneratorOptions {
  readonly seed: number;
  /** How many tasks of each type, in this order in the output: deductions, then abductions, then inductions. */
  readonly counts: Readonly<Record<TaskType, number>>;
  readonly shape?: ProgramShape;
  /** Inputs are drawn from [−inputRange, inputRange] (default 10). */
  readonly inputRange?: number;
  /** Outputs stay within ±maxOutput (default 100): small numbers for small models. */
  readonly maxOutput?: number;
  /** Longest program text (default 40 characters), so prompt and answer fit a 128-token context. */
  readonly maxProgramLength?: number;
  /** Induction: examples shown (default 5) and hidden (default 3). */
  readonly shownExamples?: number;
  readonly hiddenExamples?: number;
  /** Task content to leave out (e.g. a benchmark's, when generating a training corpus), as `taskKey` strings. */
  readonly exclude?: ReadonlySet<string>;
}

/** The settings of the shipped benchmark, data/tasks/benchmark-300.jsonl (scripts/make-task-benchmark.ts). */
export const benchmarkSeed = 20_260_019;
export const benchmarkCounts: Readonly<Record<TaskType, number>> = { deduction: 100, abduction: 100, induction: 100 };

/**
 * Content identity of a task, for deduplication and exclusion: its type and what it asks (the program for
 * deduction and abduction, which a corpus must not teach with any input; the examples for induction).
 */
export function taskKey(task: Task): string {
  return task.type === 'induction' ? `induction ${JSON.stringify(task.examples)}` : `${task.type} ${task.program}`;
}

/**
 * Random valid tasks from a seed: each type draws from its own child seed, so changing one type's count leaves the
 * others' tasks as they were. Every task is checked by the executor as it is made: the program runs on every
 * input used, reads x (its outputs differ across inputs), and outputs stay small. No two tasks share a `taskKey`.
 */
export function generateTasks(options: TaskGeneratorOptions): Task[] {
  const tasks: Task[] = [];
  for (const [t, type] of taskTypes.entries()) {
    const rng = createRng(deriveSeed(options.seed, t));
    const seen = new Set<string>(options.exclude);
    let made = 0;
    for (let tries = 0; made < options.counts[type]; tries++) {
      if (tries > 1000 * (options.counts[type] + 10)) {
        throw new RangeError(`could not generate ${options.counts[type]} distinct ${type} tasks; loosen the options`);
      }
      const task = drawTask(type, rng, options);
      if (!task || seen.has(taskKey(task))) continue;
      seen.add(taskKey(task));
      tasks.push(task);
      made++;
    }
  }
  return tasks;
}

/** The shipped benchmark: 100 tasks per type from `benchmarkSeed`. */
export function generateBenchmark(): Task[] {
  return generateTasks({ seed: benchmarkSeed, counts: benchmarkCounts });
}

function drawTask(type: TaskType, rng: Rng, options: TaskGeneratorOptions): Task | undefined {
  const range = options.inputRange ?? 10;
  const maxOutput = options.maxOutput ?? 100;
  const program = generateProgram(rng, options.shape ?? taskShape);
  const source = formatProgram(program);
  if (source.length > (options.maxProgramLength ?? 40) || program.size < 3) return undefined;
  const inputs = shuffleInPlace(
    Array.from({ length: 2 * range + 1 }, (_, i) => i - range),
    rng,
  );
  const outputs = new Map<number, number>();
  for (const input of inputs) {
    const out = evaluateSmall(program, input, maxOutput);
    if (out !== undefined) outputs.set(input, out);
  }
  // A program that ignores x, or works on few inputs, makes a poor task of any type.
  if (new Set(outputs.values()).size < 3) return undefined;
  const usable = inputs.filter((i) => outputs.has(i));
  const input = usable[0]!;
  const output = outputs.get(input)!;
  switch (type) {
    case 'deduction':
      return { type, program: source, input, output };
    case 'abduction':
      return { type, program: source, output, input };
    case 'induction': {
      const shown = options.shownExamples ?? 5;
      const hidden = options.hiddenExamples ?? 3;
      if (usable.length < shown + hidden) return undefined;
      const pair = (i: number): Example => [i, outputs.get(i)!];
      const examples = usable
        .slice(0, shown)
        .sort((a, b) => a - b)
        .map(pair);
      if (new Set(examples.map(([, o]) => o)).size < 2) return undefined;
      return {
        type,
        examples,
        hidden: usable
          .slice(shown, shown + hidden)
          .sort((a, b) => a - b)
          .map(pair),
        program: source,
      };
    }
    default:
      return type satisfies never;
  }
}

function evaluateSmall(program: Program, input: number, maxOutput: number): number | undefined {
  const run = runProgram(program, input);
  return run.ok && Math.abs(run.value) <= maxOutput ? run.value : undefined;
}
