import {
  type DeductionTask,
  generateBenchmark,
  referenceTrace,
  scriptedCorruption,
  stepText,
  type TraceStep,
} from '../../executors/index.ts';
import type { Rng } from '../../spec/rng.ts';
import { createRng } from '../../util/rng.ts';
import type { CriticItem } from './critic-file.ts';
import { spcStepSchema } from './spc-config.ts';
import { spcTextBytes } from './spc-tasks.ts';

/** The shipped held-out file's settings (scripts/make-spc-critic-file.ts). */
export const criticFileSeed = 20_260_207;
export const criticFileSize = 200;
/** Share of items left clean. */
export const criticCleanShare = 0.25;

/**
 * The held-out critic file's items (docs/self-play-critic.md): for each deduction task in turn — first at its own
 * input, then, on later passes, at another input from −10…10 — the reference trace, left clean with probability
 * `cleanShare` or corrupted by the scripted corrupter (`scriptedCorruption`: one step's VALUE made wrong). Items whose SPC
 * texts exceed `maxBytes` (as training skips them) are passed over. A function of its arguments.
 */
export function generateCriticItems(options: {
  readonly tasks: readonly DeductionTask[];
  readonly seed: number;
  readonly count: number;
  readonly cleanShare: number;
  readonly maxBytes: number;
}): CriticItem[] {
  const rng = createRng(options.seed);
  const items: CriticItem[] = [];
  const used = new Set<string>();
  for (let i = 0; items.length < options.count; i++) {
    if (i > 100 * (options.count + options.tasks.length)) throw new RangeError('too few tasks for the critic file');
    const task = options.tasks[i % options.tasks.length]!;
    const input = i < options.tasks.length ? task.input : rng.int(21) - 10;
    if (used.has(`${task.program} ${input}`)) continue;
    const trace = referenceTrace(task.program, input);
    if (!trace.ok || spcTextBytes({ program: task.program, input }, trace.steps) > options.maxBytes) continue;
    used.add(`${task.program} ${input}`);
    const clean = rng.next() < options.cleanShare;
    const item = clean
      ? cleanItem(task.program, input, trace.steps)
      : corruptItem(task.program, input, trace.steps, rng);
    if (item) items.push(item);
  }
  return items;
}

function cleanItem(program: string, input: number, steps: readonly TraceStep[]): CriticItem {
  return { program, input, steps: steps.map(stepText), firstWrong: null };
}

function corruptItem(program: string, input: number, steps: readonly TraceStep[], rng: Rng): CriticItem | undefined {
  const corrupted = scriptedCorruption(steps, input, rng);
  if (!corrupted) return undefined;
  const { firstWrong, error } = corrupted;
  return { program, input, steps: corrupted.steps.map(stepText), firstWrong, error };
}

/** The shipped held-out file, data/tasks/spc-critic-200.jsonl: over the benchmark's deduction programs. */
export function generateCriticFile(): CriticItem[] {
  const tasks = generateBenchmark().filter((t): t is DeductionTask => t.type === 'deduction');
  return generateCriticItems({
    tasks,
    seed: criticFileSeed,
    count: criticFileSize,
    cleanShare: criticCleanShare,
    maxBytes: spcStepSchema.parse({}).maxTraceBytes,
  });
}
