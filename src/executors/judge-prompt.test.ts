import { describe, expect, it } from 'vitest';
import { judgedAnswerChars, judgePrompt, judgeText, readJudgement } from './judge-prompt.ts';
import type { Task } from './task.ts';
import { taskPrompt } from './task-prompt.ts';

const deduction: Task = { type: 'deduction', program: 'lambda x: x*3+1', input: 4, output: 13 };
const abduction: Task = { type: 'abduction', program: 'lambda x: x*3+1', output: 13, input: 4 };
const induction: Task = {
  type: 'induction',
  program: 'lambda x: x*3+1',
  examples: [
    [1, 4],
    [2, 7],
  ],
  hidden: [[3, 10]],
};

describe('the judge prompt', () => {
  it("puts the answer on the question's line and asks Right?", () => {
    expect(judgePrompt(deduction, '13')).toBe('Program: lambda x: x*3+1\nInput: 4\nOutput? 13\nRight?');
    expect(judgePrompt(abduction, '5')).toBe('Program: lambda x: x*3+1\nOutput: 13\nInput? 5\nRight?');
    expect(judgePrompt(induction, 'lambda x: x*3+1')).toBe(
      'Examples: 1 -> 4, 2 -> 7\nProgram? lambda x: x*3+1\nRight?',
    );
    expect(judgePrompt(deduction, '13').startsWith(taskPrompt(deduction))).toBe(true);
  });

  it('keeps the answer on one line and cuts a long one with a marker', () => {
    expect(judgePrompt(deduction, ' 1\n3 ')).toBe('Program: lambda x: x*3+1\nInput: 4\nOutput? 1 3\nRight?');
    const long = `lambda x: ${'x+'.repeat(40)}1`;
    const line = judgePrompt(induction, long).split('\n')[1]!;
    const shown = line.slice('Program? '.length);
    expect(shown).toHaveLength(judgedAnswerChars);
    expect(shown.endsWith('…')).toBe(true);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    const exact = 'x'.repeat(judgedAnswerChars);
    expect(judgePrompt(deduction, exact)).toContain(`Output? ${exact}\n`);
  });

  it('reads the first word, yes or no in any case, and nothing else', () => {
    expect(judgeText(true)).toBe('yes');
    expect(judgeText(false)).toBe('no');
    for (const right of [true, false]) expect(readJudgement(judgeText(right))).toEqual({ ok: true, right });
    expect(readJudgement('Yes.')).toEqual({ ok: true, right: true });
    expect(readJudgement('  NO, it returns 7')).toEqual({ ok: true, right: false });
    for (const bad of ['', '   ', 'maybe', 'yesno', 'nope', '13', '¿yes?', 'right'])
      expect(readJudgement(bad), bad).toMatchObject({ ok: false, reason: expect.stringMatching(/yes or no/) });
  });
});
