import { type Task, type TaskType, taskKey } from '../../executors/index.ts';
import type { Rng } from '../../spec/rng.ts';

/**
 * AZR's per-type task buffers (research/systems.md §2.5 (b), §3 item 10): valid proposals join their type's buffer,
 * references for the next proposals and the solver's batches are drawn from it. Plain data (a list per type, oldest
 * first), so a checkpoint saves it as JSON.
 */
export type TaskBuffers = Record<TaskType, Task[]>;

/**
 * The seed of every buffer: the identity program. Deduction and abduction start from `lambda x: x` on input 1; the
 * induction seed is the same program with inputs 1…5 (3 shown, 2 hidden), the split `readProposal` makes.
 */
export function seedBuffers(): TaskBuffers {
  const program = 'lambda x: x';
  return {
    deduction: [{ type: 'deduction', program, input: 1, output: 1 }],
    abduction: [{ type: 'abduction', program, output: 1, input: 1 }],
    induction: [
      {
        type: 'induction',
        examples: [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        hidden: [
          [4, 4],
          [5, 5],
        ],
        program,
      },
    ],
  };
}

/**
 * Adds `task` unless its buffer already holds one with the same `taskKey` (the same program, for deduction and
 * abduction; the same shown examples, for induction). Over `cap`, the oldest task leaves (first in, first out), so
 * the buffer follows what the proposer writes now. Returns whether the task was added.
 */
export function addTask(buffers: TaskBuffers, task: Task, cap: number): boolean {
  const buffer = buffers[task.type];
  const key = taskKey(task);
  if (buffer.some((t) => taskKey(t) === key)) return false;
  buffer.push(task);
  if (buffer.length > cap) buffer.splice(0, buffer.length - cap);
  return true;
}

/** `k` distinct tasks drawn uniformly from `buffer` (all of them, shuffled, when it holds fewer). */
export function drawReferences(buffer: readonly Task[], k: number, rng: Rng): Task[] {
  const pool = [...buffer];
  const out: Task[] = [];
  while (out.length < k && pool.length > 0) out.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return out;
}

/**
 * A solver batch of `size` tasks of one type, newest first (AZR's `max_new`): the tasks this step added, the most
 * recent first, then uniform draws (with replacement) from the whole buffer for the rest.
 */
export function solverBatch(buffer: readonly Task[], fresh: readonly Task[], size: number, rng: Rng): Task[] {
  const out = [...fresh].reverse().slice(0, size);
  while (out.length < size && buffer.length > 0) out.push(buffer[rng.int(buffer.length)]!);
  return out;
}

/** Programs an induction proposal may take: every program in the deduction and abduction buffers. */
export function inductionPrograms(buffers: TaskBuffers): Task[] {
  return [...buffers.deduction, ...buffers.abduction];
}

/** Distinct programs over buffer size (1: every task has its own program). */
export function bufferDiversity(buffer: readonly Task[]): number {
  if (buffer.length === 0) return 0;
  const programs = new Set(buffer.map((t) => t.program ?? (t.type === 'induction' ? JSON.stringify(t.examples) : '')));
  return programs.size / buffer.length;
}
