import { describe, expect, it } from 'vitest';
import type { ActRequest, Policy } from '../spec/policy.ts';
import { solveTasks } from './solve-tasks.ts';
import type { Task } from './task.ts';

const tasks: Task[] = [
  { type: 'deduction', program: 'lambda x: x*3+1', input: 4, output: 13 },
  { type: 'deduction', program: 'lambda x: x-1', input: 4, output: 3 },
  { type: 'abduction', program: 'lambda x: x*x', output: 9 },
  { type: 'induction', examples: [[1, 2]], hidden: [[3, 6]] },
];

function scripted(answer: (request: ActRequest) => string): Policy & { requests: ActRequest[] } {
  const requests: ActRequest[] = [];
  return {
    name: 'scripted',
    requests,
    act: async (request) => {
      requests.push(request);
      return { text: answer(request) };
    },
  };
}

describe('solveTasks', () => {
  it('asks each task with its prompt and judges the answers with the executor', async () => {
    const answers: Record<string, string> = {
      'Program: lambda x: x*3+1\nInput: 4\nOutput?': '\\boxed{13}',
      'Program: lambda x: x-1\nInput: 4\nOutput?': '4',
      'Program: lambda x: x*x\nOutput: 9\nInput?': '-3',
      'Examples: 1 -> 2\nProgram?': 'lambda x: x+1',
    };
    const policy = scripted((r) => answers[r.observation] ?? '');
    const report = await solveTasks({ tasks, policy });
    expect(policy.requests).toHaveLength(4);
    expect(policy.requests.every((r) => r.legal.length === 0 && r.game.id === 'program-tasks')).toBe(true);
    expect(report.byType.deduction).toEqual({ tasks: 2, accuracy: 0.5, passAtK: 0.5, unreadable: 0 });
    expect(report.byType.abduction.accuracy).toBe(1);
    expect(report.byType.induction).toMatchObject({ accuracy: 0, unreadable: 0 });
    expect(report.results[3]!.verdict).toMatchObject({ reason: 'returns 4 on the hidden input 3, not 6' });
    expect(report.overall.accuracy).toBe(0.5);
  });

  it('with k samples: mean accuracy over the samples and pass@k; seeds depend on (seed, task, sample) only', async () => {
    const policy = scripted((r) => (r.rng.int(2) === 0 ? '13' : 'no idea'));
    const report = await solveTasks({ tasks: tasks.slice(0, 1), policy, samples: 8, seed: 5, concurrency: 3 });
    const right = report.results.filter((r) => r.verdict.correct).length;
    expect(right).toBeGreaterThan(0);
    expect(right).toBeLessThan(8);
    expect(report.overall.accuracy).toBe(right / 8);
    expect(report.overall.unreadable).toBe(1 - right / 8);
    expect(report.overall.passAtK).toBe(right > 0 ? 1 : 0);
    const again = await solveTasks({ tasks: tasks.slice(0, 1), policy, samples: 8, seed: 5, concurrency: 1 });
    expect(again.results.map((r) => r.text)).toEqual(report.results.map((r) => r.text));
  });

  it('a policy that throws ends the run with its error', async () => {
    const policy: Policy = {
      name: 'down',
      act: async () => {
        throw new Error('server down');
      },
    };
    await expect(solveTasks({ tasks, policy })).rejects.toThrow('server down');
  });
});
