import {
  corruptPrompt,
  critiquePrompt,
  critiqueText,
  type DeductionTask,
  generateTasks,
  referenceTrace,
  stepText,
  type TraceStep,
  type TraceTask,
  tracePrompt,
  traceText,
  taskKey,
} from '../../executors/index.ts';
import type { Rng } from '../../spec/rng.ts';

/** A deduction task with its reference trace: what every SPC role works on. */
export interface TracedTask {
  readonly task: DeductionTask;
  readonly reference: readonly TraceStep[];
}

/** Draws `count` traced tasks; a step calls it once with the step's RNG. */
export type TaskSource = (count: number, rng: Rng) => TracedTask[];

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Bytes of the longest text a role reads and writes for this trace, prompt + newline + reply: the solver's (prompt and
 * trace), the sneaky's at the last step (the whole trace, then a replacement as long as the step it replaces) and
 * the critic's (every step numbered, then `none`, its longest reply).
 */
export function spcTextBytes(task: TraceTask, steps: readonly TraceStep[]): number {
  const last = steps.length;
  const solve = bytes(`${tracePrompt(task)}\n${traceText(steps)}`);
  const corrupt = bytes(`${corruptPrompt(task, steps, last)}\n${stepText(steps[last - 1]!)}`);
  const critique = bytes(`${critiquePrompt(task, steps)}\n${critiqueText(null)}`);
  return Math.max(solve, corrupt, critique);
}

/** The `taskKey`s of deduction tasks over these programs: `generateTasks`' `exclude` then never draws them. */
export function programExclusion(programs: Iterable<string>): Set<string> {
  const keys = new Set<string>();
  for (const program of programs) keys.add(taskKey({ type: 'deduction', program, input: 0, output: 0 }));
  return keys;
}

/**
 * Deduction tasks from `generateTasks` (its tame task shape), seeded from the caller's RNG: programs in `exclude`
 * (held-out evaluation programs, by `programExclusion`) are never drawn, and a task whose SPC texts exceed `maxBytes`,
 * or whose trace is longer than a reply of `maxTokens`, is skipped and another drawn.
 */
export function generatedTaskSource(options: {
  readonly exclude: ReadonlySet<string>;
  readonly maxBytes: number;
  readonly maxTokens: number;
}): TaskSource {
  return (count, rng) => {
    const out: TracedTask[] = [];
    for (let round = 0; out.length < count; round++) {
      if (round > 100) throw new RangeError(`no ${count} tasks fit ${options.maxBytes} bytes; raise maxTraceBytes`);
      const seed = rng.int(2 ** 31);
      const counts = { deduction: 2 * count, abduction: 0, induction: 0 };
      for (const task of generateTasks({ seed, counts, exclude: options.exclude }) as DeductionTask[]) {
        const traced = fitting(task, options.maxBytes, options.maxTokens);
        if (traced && out.length < count && !out.some((t) => t.task.program === task.program)) out.push(traced);
      }
    }
    return out;
  };
}

/** The task with its reference trace, when the trace fits the byte budget and a reply of `maxTokens`. */
export function fitting(task: DeductionTask, maxBytes: number, maxTokens: number): TracedTask | undefined {
  const trace = referenceTrace(task.program, task.input);
  if (!trace.ok) return undefined;
  if (spcTextBytes(task, trace.steps) > maxBytes) return undefined;
  if (bytes(traceText(trace.steps)) + 1 > maxTokens) return undefined; // + EOS
  return { task, reference: trace.steps };
}
