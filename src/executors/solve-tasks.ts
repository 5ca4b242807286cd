import { singleTurnInfo } from '../games/single-turn.ts';
import type { Policy } from '../spec/policy.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { checkAnswer, type Verdict } from './check-answer.ts';
import type { Task, TaskType } from './task.ts';
import { taskTypes } from './task.ts';
import { taskPrompt } from './task-prompt.ts';

/**
 * What a policy is told it is playing when it solves tasks: a one-player "game" of one turn with no move list, so
 * every `Policy` (built-in LM, endpoint, scripted) answers tasks exactly as it answers a game's observation.
 */
export const programTasksInfo = singleTurnInfo('program-tasks', 'program tasks');

export interface SolveTasksOptions {
  readonly tasks: readonly Task[];
  readonly policy: Policy;
  /** Answers per task (default 1). */
  readonly samples?: number;
  /** Seeds every answer: sample s of task i draws from `deriveSeed(seed, i, s)` (default 0). */
  readonly seed?: number;
  /** Requests in flight at once (default 64); the built-in LM answers each wave in one batch. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Called after each answer is judged, with how many are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SampleResult {
  readonly task: number;
  readonly sample: number;
  readonly text: string;
  readonly verdict: Verdict;
}

export interface TypeAccuracy {
  readonly tasks: number;
  /** Mean over tasks of the fraction of its samples that are correct. */
  readonly accuracy: number;
  /** Fraction of tasks with at least one correct sample among k (equals accuracy when k = 1). */
  readonly passAtK: number;
  /** Fraction of all samples that could not be read (no integer; not a program of the language). */
  readonly unreadable: number;
}

export interface SolveTasksReport {
  readonly samples: number;
  readonly seed: number;
  readonly byType: Readonly<Record<TaskType, TypeAccuracy>>;
  /** Over all tasks, each weighing the same. */
  readonly overall: TypeAccuracy;
  readonly results: readonly SampleResult[];
}

/**
 * Asks the policy every task `samples` times and judges each answer with the executor (`checkAnswer`). A policy
 * that throws (a server that stays down) is a fault and ends the run with that error; an answer that cannot be
 * read is an incorrect answer, counted apart as unreadable.
 */
export async function solveTasks(options: SolveTasksOptions): Promise<SolveTasksReport> {
  const { tasks, policy } = options;
  const samples = options.samples ?? 1;
  const seed = options.seed ?? 0;
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`samples must be ≥ 1, got ${samples}`);
  const jobs = tasks.flatMap((_, task) => Array.from({ length: samples }, (_, sample) => ({ task, sample })));
  const results: SampleResult[] = new Array<SampleResult>(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const { task, sample } = jobs[index]!;
      options.signal?.throwIfAborted();
      const response = await policy.act({
        game: programTasksInfo,
        player: 0,
        observation: taskPrompt(tasks[task]!),
        legal: [],
        infoKey: `task ${task}`,
        rng: createRng(deriveSeed(seed, task, sample)),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      results[index] = { task, sample, text: response.text, verdict: checkAnswer(tasks[task]!, response.text) };
      options.onProgress?.(++done, jobs.length);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 64, jobs.length));
  await Promise.all(Array.from({ length: width }, worker));
  return summarize(tasks, results, samples, seed);
}

function summarize(
  tasks: readonly Task[],
  results: readonly SampleResult[],
  samples: number,
  seed: number,
): SolveTasksReport {
  const correct = new Array<number>(tasks.length).fill(0);
  const unreadable = new Array<number>(tasks.length).fill(0);
  for (const r of results) {
    if (r.verdict.correct) correct[r.task]!++;
    else if (r.verdict.format) unreadable[r.task]!++;
  }
  const accuracyOf = (indices: readonly number[]): TypeAccuracy => {
    const n = indices.length;
    const mean = (f: (i: number) => number) => (n === 0 ? 0 : indices.reduce((s, i) => s + f(i), 0) / n);
    return {
      tasks: n,
      accuracy: mean((i) => correct[i]! / samples),
      passAtK: mean((i) => (correct[i]! > 0 ? 1 : 0)),
      unreadable: mean((i) => unreadable[i]! / samples),
    };
  };
  const all = tasks.map((_, i) => i);
  const byType = Object.fromEntries(
    taskTypes.map((type) => [type, accuracyOf(all.filter((i) => tasks[i]!.type === type))]),
  ) as Record<TaskType, TypeAccuracy>;
  return { samples, seed, byType, overall: accuracyOf(all), results };
}
