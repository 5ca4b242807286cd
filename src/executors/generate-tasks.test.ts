import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeWithBos } from '../lm/tokenizer.ts';
import { benchmarkCounts, generateBenchmark, generateTasks, taskKey } from './generate-tasks.ts';
import { checkAnswer } from './check-answer.ts';
import { checkTaskLines } from './task-file.ts';
import { tasksToJsonl } from './task.ts';
import { taskPrompt } from './task-prompt.ts';

const benchmarkUrl = new URL('../../data/tasks/benchmark-300.jsonl', import.meta.url);

describe('the task generator', () => {
  it('regenerates data/tasks/benchmark-300.jsonl byte for byte (scripts/make-task-benchmark.ts)', () => {
    expect(readFileSync(benchmarkUrl, 'utf8')).toBe(tasksToJsonl(generateBenchmark()));
  });

  it('the benchmark: 100 valid, distinct tasks per type, every prompt fits a 128-token context with room', () => {
    const { tasks, errors } = checkTaskLines(readFileSync(benchmarkUrl, 'utf8'));
    expect(errors).toEqual([]);
    for (const type of ['deduction', 'abduction', 'induction'] as const) {
      expect(tasks.filter((t) => t.type === type)).toHaveLength(benchmarkCounts[type]);
    }
    expect(new Set(tasks.map(taskKey)).size).toBe(300);
    for (const t of tasks) expect(encodeWithBos(`${taskPrompt(t)}\n`).length).toBeLessThanOrEqual(80);
    // Each task's own witness answers it: deduction's output, abduction's input, induction's reference program.
    for (const t of tasks) {
      const answer = t.type === 'deduction' ? String(t.output) : t.type === 'abduction' ? String(t.input) : t.program!;
      expect(checkAnswer(t, answer), JSON.stringify(t)).toMatchObject({ correct: true });
    }
  });

  it('is a function of its seed; each type keeps its tasks when another type’s count changes', () => {
    const counts = { deduction: 5, abduction: 5, induction: 5 };
    const a = generateTasks({ seed: 7, counts });
    expect(generateTasks({ seed: 7, counts })).toEqual(a);
    expect(generateTasks({ seed: 8, counts })).not.toEqual(a);
    const fewer = generateTasks({ seed: 7, counts: { ...counts, abduction: 1 } });
    expect(fewer.filter((t) => t.type === 'induction')).toEqual(a.filter((t) => t.type === 'induction'));
  });

  it('leaves out excluded content (what a training corpus uses to skip the benchmark)', () => {
    const counts = { deduction: 20, abduction: 0, induction: 20 };
    const first = generateTasks({ seed: 3, counts });
    const exclude = new Set(first.map(taskKey));
    const second = generateTasks({ seed: 3, counts, exclude });
    expect(second).toHaveLength(40);
    expect(second.some((t) => exclude.has(taskKey(t)))).toBe(false);
  });
});
