import { describe, expect, it } from 'vitest';
import { type Task, taskPrompt } from '../../executors/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../../rollout/lm-policy.ts';
import { createRng } from '../../util/rng.ts';
import { proposeSolveStep, type Reply, type Role, type StepSettings, type Writer } from './propose-solve-step.ts';
import { addTask, seedBuffers } from './task-buffer.ts';

const settings: StepSettings = {
  proposalsPerType: 3,
  references: 6,
  solveSamples: 4,
  solveBatch: 2,
  bufferCap: 16,
  learnability: 'azr',
  ssrAlpha: 0.8,
  maxTokens: 48,
};

const reply = (prompt: string, text: string): Reply => ({
  text,
  promptTokens: lmPromptTokens(prompt),
  completionTokens: lmCompletionTokens(text),
  logprobs: lmCompletionTokens(text).map(() => 0),
});

/**
 * A scripted writer: the proposer writes the listed replies of its type in turn; the solver knows the answer of every
 * listed task and gives it on the 1st, 3rd, … time a prompt is asked and a readable wrong answer otherwise, so every
 * valid proposal's n = 4 rollouts give p̂ = ½.
 */
function scripted(
  proposals: Record<string, readonly string[]>,
  answers: readonly [Task, string][],
): {
  write: Writer<Role>;
  asked: Record<Role, string[]>;
} {
  const asked: Record<Role, string[]> = { propose: [], solve: [] };
  const next = new Map<string, number>();
  const known = new Map(answers.map(([task, answer]) => [taskPrompt(task), answer]));
  const write: Writer<Role> = async (role, prompts) =>
    prompts.map((prompt) => {
      asked[role].push(prompt);
      const seen = next.get(prompt) ?? 0;
      next.set(prompt, seen + 1);
      if (role === 'propose') {
        const type = prompt.startsWith('Propose inputs') ? 'induction' : prompt.split('\n')[0]!.slice(8, -1);
        const k = next.get(type) ?? 0;
        next.set(type, k + 1);
        return reply(prompt, proposals[type]![k]!);
      }
      const answer = known.get(prompt);
      if (answer === undefined) throw new Error(`no scripted answer for ${prompt}`);
      const wrong = prompt.endsWith('Program?') ? 'lambda x: 0' : '999999';
      return reply(prompt, seen % 2 === 0 ? answer : wrong);
    });
  return { write, asked };
}

const identity = seedBuffers();
const answers: [Task, string][] = [
  [identity.deduction[0]!, '1'],
  [identity.abduction[0]!, '1'],
  [identity.induction[0]!, 'lambda x: x'],
  [{ type: 'deduction', program: 'lambda x: x+2', input: 3, output: 5 }, '5'],
  [{ type: 'abduction', program: 'lambda x: x*2', output: 8, input: 4 }, '4'],
];

describe('one propose → validate → solve step', () => {
  it('pays the proposer by the ladder, fills the buffers, solves newest first and normalises per partition', async () => {
    const buffers = seedBuffers();
    const { write, asked } = scripted(
      {
        // valid · fails on its input (−0.5) · not a proposal (−1)
        deduction: ['lambda x: x+2 | 3', 'lambda x: 1//0 | 3', 'hello'],
        // valid · the same task again (valid, not added twice) · outside the language (−0.5)
        abduction: ['lambda x: x*2 | 4', 'lambda x: x*2 | 4', 'lambda y: y | 1'],
        // valid (the identity's inputs: the seed task again) · a repeated input (−0.5) · not a list (−1)
        induction: ['1, 2, 3, 4, 5', '1, 1, 2, 3, 4', 'abc'],
      },
      answers,
    );
    const { samples, metrics } = await proposeSolveStep({ settings, buffers, write, rng: createRng(1), context: 128 });

    const proposer = samples.filter((s) => s.role === 'propose');
    expect(proposer.map((s) => s.reward)).toEqual([0.5, -0.5, -1, 0.5, 0.5, -0.5, 0.5, -0.5, -1]);
    expect(proposer.map((s) => s.type)).toEqual([
      ...Array(3).fill('deduction'),
      ...Array(3).fill('abduction'),
      ...Array(3).fill('induction'),
    ]);
    expect(asked.propose[0]).toBe('Propose deduction:\nlambda x: x | 1\nNew:');
    expect(asked.propose[6]).toBe('Propose inputs:\nlambda x: x\nNew:');
    // 4 valid proposals × 4 rollouts, then 3 types × 2 batch tasks.
    expect(asked.solve).toHaveLength(16 + 6);

    expect(buffers.deduction.map((t) => t.program)).toEqual(['lambda x: x', 'lambda x: x+2']);
    expect(buffers.abduction.map((t) => t.program)).toEqual(['lambda x: x', 'lambda x: x*2']);
    expect(buffers.induction).toHaveLength(1);

    const solver = samples.filter((s) => s.role === 'solve');
    expect(solver).toHaveLength(6);
    // The step's new tasks lead their batch.
    expect(solver[0]!.prompt).toBe(taskPrompt(answers[3]![0]));
    expect(solver[2]!.prompt).toBe(taskPrompt(answers[4]![0]));
    expect(solver.every((s) => s.reward === 1 || s.reward === 0)).toBe(true);

    // TRR++: each (type, role) partition is centred on 0.
    for (const type of ['deduction', 'abduction', 'induction'])
      for (const role of ['propose', 'solve']) {
        const part = samples.filter((s) => s.type === type && s.role === role).map((s) => s.advantage);
        expect(part.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
      }
    expect(proposer[0]!.advantage).toBeGreaterThan(0);
    expect(proposer[2]!.advantage).toBeLessThan(0);

    expect(metrics).toMatchObject({
      'azr/valid_rate/deduction': 1 / 3,
      'azr/valid_rate/abduction': 2 / 3,
      'azr/valid_rate/induction': 1 / 3,
      'azr/format_error_rate/deduction': 1 / 3,
      'azr/format_error_rate/abduction': 0,
      'azr/p_hat/deduction': 0.5,
      'azr/p_hat/abduction': 0.5,
      'azr/p_hat/induction': 0.5,
      'azr/learnability/deduction': 0.5,
      'azr/new_tasks/deduction': 1,
      'azr/new_tasks/induction': 0,
      'azr/buffer_size/deduction': 2,
      'azr/buffer_size/induction': 1,
      'azr/buffer_diversity/abduction': 1,
    });
    expect(metrics['azr/proposer_reward/deduction']).toBeCloseTo(-1 / 3, 12);
    for (const type of ['deduction', 'abduction', 'induction'])
      expect(metrics[`azr/solve_accuracy/${type}`]).toBeGreaterThanOrEqual(0);
  });

  it('gives the proposer as many references as the context holds beside a reply', async () => {
    const buffers = seedBuffers();
    for (let b = 1; b <= 20; b++)
      addTask(buffers, { type: 'deduction', program: `lambda x: x*${b}+${b}`, input: b, output: b * b + b }, 64);
    const asked: string[] = [];
    const write: Writer<Role> = async (role, prompts) =>
      prompts.map((prompt) => {
        if (role === 'propose') asked.push(prompt);
        return reply(prompt, 'nothing');
      });
    await proposeSolveStep({ settings, buffers, write, rng: createRng(2), context: 128 });
    const deduction = asked.filter((p) => p.startsWith('Propose deduction'));
    expect(deduction).toHaveLength(3);
    for (const p of deduction) {
      expect(lmPromptTokens(p).length + settings.maxTokens).toBeLessThanOrEqual(128);
      // K = 6 does not fit; as many as do.
      const refs = p.split('\n').length - 2;
      expect(refs).toBeGreaterThan(0);
      expect(refs).toBeLessThan(6);
    }
  });
});
