import { describe, expect, it } from 'vitest';
import { checkAnswer, proposalText, type Task, taskKey, taskTypes, validateProgram } from '../../executors/index.ts';
import { createRng } from '../../util/rng.ts';
import {
  addTask,
  bufferDiversity,
  drawReferences,
  inductionPrograms,
  seedBuffers,
  solverBatch,
} from './task-buffer.ts';

const deduction = (program: string, input = 1): Task => {
  const run = validateProgram(program, [input]);
  if (!run.ok) throw new Error(run.reason);
  return { type: 'deduction', program: run.canonical, input, output: run.outputs[0]!.value };
};

describe('task buffers', () => {
  it('start from the identity program in every type, each a valid task its own witness solves', () => {
    const buffers = seedBuffers();
    for (const type of taskTypes) {
      expect(buffers[type]).toHaveLength(1);
      const [seed] = buffers[type];
      expect(seed!.program).toBe('lambda x: x');
      // The seed's own answer is right: the task is consistent.
      const answer = seed!.type === 'deduction' ? '1' : seed!.type === 'abduction' ? '1' : 'lambda x: x';
      expect(checkAnswer(seed!, answer).correct).toBe(true);
      expect(() => proposalText(seed!)).not.toThrow();
    }
    expect(inductionPrograms(buffers).map((t) => t.type)).toEqual(['deduction', 'abduction']);
  });

  it('keep one task per key, and the newest `cap` tasks', () => {
    const buffers = seedBuffers();
    expect(addTask(buffers, deduction('lambda x: x+1'), 3)).toBe(true);
    // Same program, another input: the same key.
    expect(addTask(buffers, deduction('lambda x: x+1', 5), 3)).toBe(false);
    expect(addTask(buffers, deduction('lambda x: x', 7), 3)).toBe(false);
    expect(addTask(buffers, deduction('lambda x: x*2'), 3)).toBe(true);
    expect(addTask(buffers, deduction('lambda x: x*3'), 3)).toBe(true);
    expect(buffers.deduction.map((t) => t.program)).toEqual(['lambda x: x+1', 'lambda x: x*2', 'lambda x: x*3']);
    expect(new Set(buffers.deduction.map(taskKey)).size).toBe(3);
    expect(buffers.abduction).toHaveLength(1);
    expect(bufferDiversity(buffers.deduction)).toBe(1);
  });

  it('draw K distinct references, or all the buffer holds', () => {
    const buffer = ['x', 'x+1', 'x+2', 'x+3', 'x+4', 'x+5', 'x+6', 'x+7'].map((b) => deduction(`lambda x: ${b}`));
    const rng = createRng(3);
    for (let i = 0; i < 20; i++) {
      const refs = drawReferences(buffer, 6, rng);
      expect(refs).toHaveLength(6);
      expect(new Set(refs.map(taskKey)).size).toBe(6);
    }
    expect(drawReferences(buffer.slice(0, 2), 6, rng)).toHaveLength(2);
    expect(drawReferences(seedBuffers().deduction, 6, rng)).toEqual(seedBuffers().deduction);
  });

  it("put this step's new tasks first in the solver batch, newest first, and fill it from the buffer", () => {
    const buffer = ['x', 'x+1', 'x+2'].map((b) => deduction(`lambda x: ${b}`));
    const batch = solverBatch(buffer, buffer.slice(1), 5, createRng(1));
    expect(batch).toHaveLength(5);
    expect(batch.slice(0, 2).map((t) => t.program)).toEqual(['lambda x: x+2', 'lambda x: x+1']);
    for (const t of batch) expect(buffer).toContain(t);
    expect(solverBatch(buffer, buffer, 2, createRng(1)).map((t) => t.program)).toEqual([
      'lambda x: x+2',
      'lambda x: x+1',
    ]);
  });

  it('measure diversity as distinct programs over size', () => {
    const induction = (program: string, xs: number[]): Task => ({
      type: 'induction',
      examples: xs.map((x) => [x, x] as const),
      hidden: [],
      program,
    });
    expect(bufferDiversity([induction('lambda x: x', [1, 2]), induction('lambda x: x', [3, 4])])).toBe(0.5);
    expect(bufferDiversity([])).toBe(0);
  });
});
