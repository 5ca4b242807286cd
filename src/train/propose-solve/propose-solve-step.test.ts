import { describe, expect, it } from 'vitest';
import { judgePrompt, type Task, type TaskType, taskPrompt } from '../../executors/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../../rollout/lm-policy.ts';
import { createRng } from '../../util/rng.ts';
import {
  proposeSolveStep,
  type Reply,
  type Role,
  type StepSample,
  type StepSettings,
  type Writer,
} from './propose-solve-step.ts';
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
  verifier: 'rule',
  judgeSamples: 'batch',
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
  const asked: Record<Role, string[]> = { propose: [], solve: [], judge: [] };
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
    // 4 valid proposals × 4 rollouts, then 3 types × 2 batch tasks; the rule needs no judge.
    expect(asked.solve).toHaveLength(16 + 6);
    expect(asked.judge).toEqual([]);

    expect(buffers.deduction.map((t) => t.program)).toEqual(['lambda x: x', 'lambda x: x+2']);
    expect(buffers.abduction.map((t) => t.program)).toEqual(['lambda x: x', 'lambda x: x*2']);
    expect(buffers.induction).toHaveLength(1);

    const solver = samples.filter((s) => s.role === 'solve');
    expect(solver).toHaveLength(6);
    // The step's new tasks lead their batch.
    expect(solver[0]!.prompt).toBe(taskPrompt(answers[3]![0]));
    expect(solver[2]!.prompt).toBe(taskPrompt(answers[4]![0]));
    expect(solver.every((s) => s.reward === 1 || s.reward === 0)).toBe(true);
    expect(samples.filter((s) => s.role === 'judge')).toEqual([]);

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
    for (const type of ['deduction', 'abduction', 'induction']) {
      expect(metrics[`azr/solve_accuracy/${type}`]).toBeGreaterThanOrEqual(0);
      expect(metrics[`azr/solve_reward/${type}`]).toBe(metrics[`azr/solve_accuracy/${type}`]);
    }
    expect(Object.keys(metrics).filter((k) => k.startsWith('azr/judge_'))).toEqual([]);
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

const typeOf = (prompt: string): TaskType =>
  /^Propose deduction|\nOutput\?/.test(prompt)
    ? 'deduction'
    : /^Propose abduction|\nInput\?/.test(prompt)
      ? 'abduction'
      : 'induction';

/**
 * A solver that answers each prompt right, wrong, unreadably, right, … in turn (the answers of `answers`' tasks), and
 * a judge that writes one reply per task type whatever it is shown.
 */
function judgedWriter(proposals: Record<TaskType, string>, judge: Record<TaskType, string>) {
  const asked: Record<Role, string[]> = { propose: [], solve: [], judge: [] };
  const seen = new Map<string, number>();
  const known = new Map(answers.map(([task, answer]) => [taskPrompt(task), answer]));
  const write: Writer<Role> = async (role, prompts) =>
    prompts.map((prompt) => {
      asked[role].push(prompt);
      if (role !== 'solve') return reply(prompt, (role === 'propose' ? proposals : judge)[typeOf(prompt)]);
      const k = seen.get(prompt) ?? 0;
      seen.set(prompt, k + 1);
      const wrong = prompt.endsWith('Program?') ? 'lambda x: 0' : '999999';
      return reply(prompt, [known.get(prompt)!, wrong, '???'][k % 3]!);
    });
  return { write, asked };
}

// No proposal is valid, so there are no rollouts and each batch is the seed task 4 times: right, wrong, unreadable,
// right. The judge accepts every deduction answer, gives no verdict on abduction and rejects every induction answer.
const noTasks = { deduction: 'hello', abduction: 'hello', induction: 'abc' };
const judges = { deduction: 'yes', abduction: 'maybe', induction: 'No.' };
const byType = (samples: readonly StepSample[], role: Role) =>
  Object.fromEntries(
    (['deduction', 'abduction', 'induction'] as const).map((t) => [
      t,
      samples.filter((s) => s.role === role && s.type === t).map((s) => s.reward),
    ]),
  );

describe('the judge verifier', () => {
  const judgedSettings = { ...settings, proposalsPerType: 1, solveBatch: 4 };
  const step = async (verifier: StepSettings['verifier']) => {
    const { write, asked } = judgedWriter(noTasks, judges);
    const outcome = await proposeSolveStep({
      settings: { ...judgedSettings, verifier },
      buffers: seedBuffers(),
      write,
      rng: createRng(1),
      context: 128,
    });
    return { ...outcome, asked };
  };

  it('under judge, pays the solver by the verdict: a wrong answer accepted earns 1, a right one rejected 0', async () => {
    const { samples, asked } = await step('judge');
    expect(byType(samples, 'solve')).toEqual({
      deduction: [1, 1, -1, 1],
      abduction: [0, 0, -1, 0],
      induction: [0, 0, -1, 0],
    });
    // Every readable answer, in one call; the unreadable ones are not asked about.
    const [deduction] = seedBuffers().deduction;
    expect(asked.judge).toHaveLength(9);
    expect(asked.judge.slice(0, 3)).toEqual(['1', '999999', '1'].map((a) => judgePrompt(deduction!, a)));
  });

  it('under max, an answer is right when the rule or a valid verdict says so', async () => {
    const { samples } = await step('max');
    expect(byType(samples, 'solve')).toEqual({
      deduction: [1, 1, -1, 1],
      abduction: [1, 0, -1, 1],
      induction: [1, 0, -1, 1],
    });
  });

  it('trains the judge against the rule, per (type, judge) partition, and measures it', async () => {
    for (const verifier of ['judge', 'max'] as const) {
      const { samples, metrics } = await step(verifier);
      // +1 agrees with the rule, 0 does not, −1 no verdict.
      expect(byType(samples, 'judge')).toEqual({ deduction: [1, 0, 1], abduction: [-1, -1, -1], induction: [0, 1, 0] });
      const judged = samples.filter((s) => s.role === 'judge');
      expect(judged[1]!.prompt).toBe(judgePrompt(seedBuffers().deduction[0]!, '999999'));
      expect(judged[1]!.text).toBe('yes');
      for (const type of ['deduction', 'abduction', 'induction'])
        for (const role of ['propose', 'solve', 'judge']) {
          const part = samples.filter((s) => s.type === type && s.role === role).map((s) => s.advantage);
          expect(part.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
        }
      expect(judged[0]!.advantage).toBeGreaterThan(0);
      expect(judged[1]!.advantage).toBeLessThan(0);
      expect(metrics).toMatchObject({
        'azr/judge_agreement/deduction': 2 / 3,
        'azr/judge_invalid/deduction': 0,
        'azr/judge_false_accept/deduction': 1,
        'azr/judge_false_reject/deduction': 0,
        'azr/judge_agreement/abduction': 0,
        'azr/judge_invalid/abduction': 1,
        'azr/judge_false_accept/abduction': 0,
        'azr/judge_false_reject/abduction': 0,
        'azr/judge_agreement/induction': 1 / 3,
        'azr/judge_false_accept/induction': 0,
        'azr/judge_false_reject/induction': 1,
        // The rule's accuracy stays the truth; the reward is what the verifier paid.
        'azr/solve_accuracy/deduction': 0.5,
        'azr/solve_accuracy/induction': 0.5,
        'azr/solve_reward/deduction': 0.5,
        'azr/solve_reward/abduction': verifier === 'judge' ? -0.25 : 0.25,
      });
    }
  });

  it('with balanced judge samples, trains on as many answers the rule marks right as wrong, per type', async () => {
    const { write } = judgedWriter(noTasks, judges);
    const { samples } = await proposeSolveStep({
      settings: { ...judgedSettings, verifier: 'judge', judgeSamples: 'balanced' },
      buffers: seedBuffers(),
      write,
      rng: createRng(1),
      context: 128,
    });
    // Each batch judges right, wrong, right: one wrong and one of the two rights train. The deduction judge says yes to
    // both (+1 on the right one, 0 on the wrong one), the induction judge no to both (0, +1).
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const rewards = byType(samples, 'judge');
    expect(sorted(rewards.deduction!)).toEqual([0, 1]);
    expect(rewards.abduction).toEqual([-1, -1]);
    expect(sorted(rewards.induction!)).toEqual([0, 1]);
    const shown = samples.filter((s) => s.role === 'judge' && s.type === 'deduction').map((s) => s.prompt);
    expect(shown.filter((p) => p.includes('Output? 999999'))).toHaveLength(1);
  });

  it('with rule, never asks the judge and pays by the ladder', async () => {
    const { samples, metrics, asked } = await step('rule');
    expect(asked.judge).toEqual([]);
    expect(byType(samples, 'solve')).toEqual({
      deduction: [1, 0, -1, 1],
      abduction: [1, 0, -1, 1],
      induction: [1, 0, -1, 1],
    });
    expect(samples.some((s) => s.role === 'judge')).toBe(false);
    expect(Object.keys(metrics).some((k) => k.startsWith('azr/judge_'))).toBe(false);
  });

  it("gives the proposer p̂ by the judge's verdicts on the rollouts", async () => {
    const phat = async (verifier: StepSettings['verifier']) => {
      const { write, asked } = judgedWriter({ ...noTasks, deduction: 'lambda x: x+2 | 3' }, judges);
      const { samples, metrics } = await proposeSolveStep({
        settings: { ...settings, proposalsPerType: 1, verifier },
        buffers: seedBuffers(),
        write,
        rng: createRng(1),
        context: 128,
      });
      return { reward: samples[0]!.reward, metrics, asked };
    };
    // The 4 rollouts: right, wrong, unreadable, right. The rule: p̂ = ½; the judge accepts the 3 readable ones.
    const rule = await phat('rule');
    expect(rule.metrics['azr/p_hat/deduction']).toBe(0.5);
    const judged = await phat('judge');
    expect(judged.metrics['azr/p_hat/deduction']).toBe(0.75);
    expect(judged.reward).toBeCloseTo(0.25, 12);
    expect((await phat('max')).metrics['azr/p_hat/deduction']).toBe(0.75);
    const task = answers[3]![0];
    expect(judged.asked.judge.slice(0, 3)).toEqual(['5', '999999', '5'].map((a) => judgePrompt(task, a)));
  });
});
