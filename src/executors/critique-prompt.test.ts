import { describe, expect, it } from 'vitest';
import { corruptPrompt, critiquePrompt, critiqueText, readCritique, tracePrompt } from './critique-prompt.ts';

const task = { program: 'lambda x: x*3+1', input: 4 };
const steps = [
  { expr: 'x*3', value: '12' },
  { expr: 'x*3+1', value: '13' },
];

describe('SPC prompts and replies', () => {
  it('the documented texts', () => {
    expect(tracePrompt(task)).toBe('Trace: lambda x: x*3+1\nInput: 4');
    expect(corruptPrompt(task, steps, 2)).toBe(
      'Corrupt: lambda x: x*3+1\nInput: 4\n1. x*3 = 12\n2. x*3+1 = 13\nRewrite 2:',
    );
    expect(corruptPrompt(task, steps, 1)).toBe('Corrupt: lambda x: x*3+1\nInput: 4\n1. x*3 = 12\nRewrite 1:');
    expect(() => corruptPrompt(task, steps, 3)).toThrow(RangeError);
    expect(critiquePrompt(task, steps)).toBe(
      'Critique: lambda x: x*3+1\nInput: 4\n1. x*3 = 12\n2. x*3+1 = 13\nFirst wrong?',
    );
    expect(critiqueText(2)).toBe('2');
    expect(critiqueText(null)).toBe('none');
  });

  it('reads critiques: a step number, none, boxed; anything else is unreadable', () => {
    expect(readCritique('2')).toEqual({ ok: true, firstWrong: 2 });
    expect(readCritique(' None\n')).toEqual({ ok: true, firstWrong: null });
    expect(readCritique('The first wrong step is \\boxed{3}.')).toEqual({ ok: true, firstWrong: 3 });
    for (const bad of ['0', '-1', '2.', 'two', '', '1234', 'none of them', '1 2']) {
      expect(readCritique(bad), bad).toMatchObject({ ok: false });
    }
    expect(readCritique(null as unknown as string)).toMatchObject({ ok: false });
  });
});
