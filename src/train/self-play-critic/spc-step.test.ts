import { describe, expect, it } from 'vitest';
import { type DeductionTask, referenceTrace } from '../../executors/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../../rollout/lm-policy.ts';
import { createRng } from '../../util/rng.ts';
import type { Reply, Writer } from '../role-play/writer.ts';
import { spcStepSchema } from './spc-config.ts';
import { type SpcRole, spcStep } from './spc-step.ts';
import { generatedTaskSource, programExclusion, spcTextBytes, type TaskSource, type TracedTask } from './spc-tasks.ts';

const reply = (prompt: string, text: string): Reply => ({
  text,
  promptTokens: lmPromptTokens(prompt),
  completionTokens: lmCompletionTokens(text),
  logprobs: lmCompletionTokens(text).map(() => 0),
});

function traced(program: string, input: number): TracedTask {
  const trace = referenceTrace(program, input);
  if (!trace.ok) throw new Error(trace.reason);
  const output = Number(trace.steps.at(-1)!.value);
  const task: DeductionTask = { type: 'deduction', program, input, output };
  return { task, reference: trace.steps };
}

const fixed: TracedTask[] = [traced('lambda x: x*3+1', 4), traced('lambda x: x-2 if x > 0 else -x', 5)];
const fixedSource: TaskSource = (count) => fixed.slice(0, count);

/** Step k of a corrupt prompt, with its value made wrong (+1, or a flipped bool). */
function wrongStep(prompt: string): string {
  const last = prompt
    .split('\n')
    .at(-2)!
    .replace(/^\d+\. /, '');
  const [expr, value] = [last.slice(0, last.lastIndexOf(' = ')), last.slice(last.lastIndexOf(' = ') + 3)];
  const wrong = value === 'True' ? 'False' : value === 'False' ? 'True' : String(Number(value) + 1);
  return `${expr} = ${wrong}`;
}

/** Scripted roles: each role's replies by call order. */
function scripted(script: Record<SpcRole, (prompt: string, i: number) => string>) {
  const asked: Record<SpcRole, string[]> = { solve: [], corrupt: [], critique: [] };
  const write: Writer<SpcRole> = async (role, prompts) =>
    prompts.map((prompt, i) => {
      asked[role].push(prompt);
      return reply(prompt, script[role](prompt, i));
    });
  return { write, asked };
}

const settings = spcStepSchema.parse({ tasksPerStep: 2, corruptions: 4, cleanShare: 0.5 });

describe('one SPC step', () => {
  it('pays zero-sum per corrupted trace, the ladder for invalid corruptions, the critic on clean traces', async () => {
    const { write, asked } = scripted({
      // Task 1 right (spaced, still canonical), task 2 unreadable.
      solve: (_, i) => (i === 0 ? 'x * 3 = 12\nx*3+1 = 13' : 'hello'),
      // wrong value (valid) · not a step · a true claim · wrong value (valid)
      corrupt: (prompt, i) =>
        [
          wrongStep(prompt),
          'garbage',
          prompt
            .split('\n')
            .at(-2)!
            .replace(/^\d+\. /, ''),
          wrongStep(prompt),
        ][i]!,
      // corrupted #1: names the step; corrupted #2: fooled; clean: none.
      critique: (prompt, i) => (i === 0 ? String(prompt.split('\n').length - 3) : 'none'),
    });
    const { samples, metrics } = await spcStep({
      settings,
      write,
      rng: createRng(3),
      context: 256,
      tasks: fixedSource,
    });
    expect(asked.solve).toEqual([
      'Trace: lambda x: x*3+1\nInput: 4',
      'Trace: lambda x: x-2 if x > 0 else -x\nInput: 5',
    ]);
    // The solver's right trace first, then the reference of the task it missed, then the other reference, cycling.
    expect(asked.corrupt.map((p) => p.split('\n')[0])).toEqual([
      'Corrupt: lambda x: x*3+1',
      'Corrupt: lambda x: x-2 if x > 0 else -x',
      'Corrupt: lambda x: x*3+1',
      'Corrupt: lambda x: x*3+1',
    ]);
    expect(asked.corrupt[0]).toContain('1. x * 3 = 12'); // the solver's own text
    expect(asked.critique).toHaveLength(3); // 2 valid corrupted + round(½ · 2) clean
    const byRole = (role: SpcRole) => samples.filter((s) => s.role === role);
    expect(byRole('solve').map((s) => s.reward)).toEqual([1, -1]);
    // The corrupted step is the last one shown; critic #1 named it (caught), critic #2 said none (fooled).
    expect(byRole('corrupt').map((s) => s.reward)).toEqual([-1, -1, -0.5, 1]);
    expect(byRole('critique').map((s) => s.reward)).toEqual([1, -1, 1]);
    // Zero-sum on each corrupted trace.
    expect(byRole('corrupt')[0]!.reward + byRole('critique')[0]!.reward).toBe(0);
    expect(byRole('corrupt')[3]!.reward + byRole('critique')[1]!.reward).toBe(0);
    // The critic's prompts: corrupted traces carry the wrong step, the clean one none.
    expect(asked.critique[0]).toMatch(/First wrong\?$/);
    for (const role of ['solve', 'corrupt', 'critique'] as const) {
      const sum = byRole(role).reduce((a, s) => a + s.advantage, 0);
      expect(Math.abs(sum)).toBeLessThan(1e-9);
    }
    expect(byRole('corrupt')[3]!.advantage).toBeGreaterThan(0);
    expect(samples.every((s) => s.promptTokens.length > 0 && s.prompt.length > 0)).toBe(true);
    expect(metrics).toEqual({
      'spc/solve_accuracy': 0.5,
      'spc/solve_unreadable': 0.5,
      'spc/solver_traces_share': 0.5,
      'spc/corrupt_valid_rate': 0.5,
      'spc/corrupt_format_error_rate': 0.25,
      'spc/critic_localisation': 0.5,
      'spc/sneaky_win_rate': 0.5,
      'spc/critic_clean_accuracy': 1,
    });
  });

  it('an unreadable critique is wrong; no valid corruption → no critic episode and no critic metrics', async () => {
    const bad = scripted({ solve: () => '', corrupt: () => '1 = 1', critique: () => '?' });
    const none = await spcStep({ settings, write: bad.write, rng: createRng(1), context: 256, tasks: fixedSource });
    expect(bad.asked.critique).toEqual([]);
    expect(none.metrics['spc/solver_traces_share']).toBe(0);
    expect(none.metrics['spc/critic_localisation']).toBeUndefined();
    const unread = scripted({ solve: () => '', corrupt: (p) => wrongStep(p), critique: () => 'the third' });
    const out = await spcStep({ settings, write: unread.write, rng: createRng(1), context: 256, tasks: fixedSource });
    expect(out.samples.filter((s) => s.role === 'critique').map((s) => s.reward)).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(out.samples.filter((s) => s.role === 'corrupt').map((s) => s.reward)).toEqual([1, 1, 1, 1]);
    expect(out.metrics['spc/critic_clean_accuracy']).toBe(0);
  });

  it('refuses a byte budget the context cannot hold', async () => {
    const { write } = scripted({ solve: () => '', corrupt: () => '', critique: () => '' });
    await expect(spcStep({ settings, write, rng: createRng(1), context: 128, tasks: fixedSource })).rejects.toThrow(
      /maxTraceBytes/,
    );
  });
});

describe('the generated task source', () => {
  it('draws distinct tasks that fit, never an excluded program, as a function of the RNG', () => {
    const probe = generatedTaskSource({ exclude: new Set(), maxBytes: 200, maxTokens: 160 })(20, createRng(9));
    const exclude = programExclusion(probe.slice(0, 10).map((t) => t.task.program));
    const source = generatedTaskSource({ exclude, maxBytes: 120, maxTokens: 60 });
    const drawn = source(20, createRng(9));
    expect(drawn).toHaveLength(20);
    expect(source(20, createRng(9))).toEqual(drawn);
    expect(new Set(drawn.map((t) => t.task.program)).size).toBe(20);
    for (const t of drawn) {
      expect(exclude.has(`deduction ${t.task.program}`)).toBe(false);
      expect(spcTextBytes(t.task, t.reference)).toBeLessThanOrEqual(120);
    }
  });
});
