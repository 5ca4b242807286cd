import { describe, expect, it } from 'vitest';
import { checkAnswer, extractAnswer, parseIntegerAnswer } from './check-answer.ts';
import type { Task } from './task.ts';
import { taskPrompt } from './task-prompt.ts';
import { validateProgram } from './validate-program.ts';

const deduction: Task = { type: 'deduction', program: 'lambda x: x*3+1', input: 4, output: 13 };
const abduction: Task = { type: 'abduction', program: 'lambda x: x*x', output: 9 };
const induction: Task = {
  type: 'induction',
  examples: [
    [1, 4],
    [2, 7],
  ],
  hidden: [[5, 16]],
};

describe('answers', () => {
  it('are read from the last \\boxed{}, else the whole reply, without code fences or backticks', () => {
    expect(extractAnswer('13')).toBe('13');
    expect(extractAnswer('  13\n')).toBe('13');
    expect(extractAnswer('x is 4, so 3*4+1 = \\boxed{12}... no: \\boxed{13}.')).toBe('13');
    expect(extractAnswer('```python\nlambda x: 3*x+1\n```')).toBe('lambda x: 3*x+1');
    expect(extractAnswer('\\boxed{`lambda x: x`}')).toBe('lambda x: x');
    expect(parseIntegerAnswer('-0')).toBe(0);
    expect(parseIntegerAnswer('+12')).toBe(12);
    expect(parseIntegerAnswer('True')).toBe(1);
    expect(parseIntegerAnswer('1.0')).toBeUndefined();
    expect(parseIntegerAnswer('9'.repeat(40))).toBeUndefined();
  });

  it('deduction: the integer must be the output', () => {
    expect(checkAnswer(deduction, '13')).toEqual({ correct: true, answer: '13' });
    expect(checkAnswer(deduction, 'So the output is \\boxed{13}')).toMatchObject({ correct: true });
    expect(checkAnswer(deduction, '12')).toEqual({
      correct: false,
      format: false,
      reason: 'the output is 13, not 12',
      answer: '12',
    });
    expect(checkAnswer(deduction, 'thirteen')).toMatchObject({ correct: false, format: true });
    expect(checkAnswer(deduction, '')).toMatchObject({ correct: false, format: true, reason: 'empty answer' });
    expect(checkAnswer(deduction, '13 because 3*4+1')).toMatchObject({ correct: false, format: true });
    // A bool result is 1 or 0, written either way (Python prints True; True == 1).
    const bool: Task = { type: 'deduction', program: 'lambda x: x > 3', input: 4, output: 1 };
    expect(checkAnswer(bool, 'True')).toMatchObject({ correct: true });
    expect(checkAnswer(bool, '1')).toMatchObject({ correct: true });
    expect(checkAnswer(bool, 'False')).toMatchObject({ correct: false, format: false });
  });

  it('abduction: any input that gives the output is right', () => {
    expect(checkAnswer(abduction, '3')).toMatchObject({ correct: true });
    expect(checkAnswer(abduction, '-3')).toMatchObject({ correct: true });
    expect(checkAnswer(abduction, '4')).toMatchObject({
      correct: false,
      format: false,
      reason: 'the program returns 16 on input 4, not 9',
    });
    expect(checkAnswer(abduction, '100000')).toMatchObject({
      correct: false,
      format: false,
      reason: expect.stringMatching(/runtime/),
    });
    expect(checkAnswer(abduction, '10000000000')).toMatchObject({
      correct: false,
      reason: expect.stringMatching(/±10\^9/),
    });
    const div: Task = { type: 'abduction', program: 'lambda x: 10//x', output: 5 };
    expect(checkAnswer(div, '0')).toMatchObject({
      correct: false,
      format: false,
      reason: expect.stringMatching(/zero/),
    });
    expect(checkAnswer(div, '2')).toMatchObject({ correct: true });
  });

  it('induction: a program of the language that passes the shown and the hidden examples', () => {
    expect(checkAnswer(induction, 'lambda x: x*3+1')).toMatchObject({ correct: true });
    expect(checkAnswer(induction, '\\boxed{lambda x: 1+x+x+x}')).toMatchObject({ correct: true });
    expect(checkAnswer(induction, 'lambda x: 4 if x == 1 else 7 if x == 2 else 0')).toMatchObject({
      correct: false,
      format: false,
      reason: 'returns 0 on the hidden input 5, not 16',
    });
    expect(checkAnswer(induction, 'lambda x: x+3')).toMatchObject({
      correct: false,
      reason: 'returns 5 on the example input 2, not 7',
    });
    expect(checkAnswer(induction, 'lambda x: 3*x+1 if x < 5 else 1//0')).toMatchObject({
      correct: false,
      format: false,
      reason: expect.stringMatching(/^fails on the hidden input 5 \(runtime\)/),
    });
    expect(checkAnswer(induction, "lambda x: __import__('os')")).toMatchObject({ correct: false, format: true });
    expect(checkAnswer(induction, 'lambda x: x**2')).toMatchObject({ correct: false, format: true });
    expect(checkAnswer(induction, '3x+1')).toMatchObject({ correct: false, format: true });
  });

  it('prompts are short and say which answer is wanted', () => {
    expect(taskPrompt(deduction)).toBe('Program: lambda x: x*3+1\nInput: 4\nOutput?');
    expect(taskPrompt(abduction)).toBe('Program: lambda x: x*x\nOutput: 9\nInput?');
    expect(taskPrompt(induction)).toBe('Examples: 1 -> 4, 2 -> 7\nProgram?');
    expect(taskPrompt({ ...induction, message: 'three\ntimes' })).toBe(
      'Examples: 1 -> 4, 2 -> 7\nMessage: three times\nProgram?',
    );
  });
});

describe('validateProgram', () => {
  it('parses, runs each input twice and reports the outputs, or the first problem with its input', () => {
    const ok = validateProgram('lambda x:  (x * 3)+1', [0, 4, -2]);
    expect(ok).toMatchObject({ ok: true, canonical: 'lambda x: x*3+1' });
    if (ok.ok) expect(ok.outputs.map((o) => o.value)).toEqual([1, 13, -5]);
    expect(validateProgram('lambda x: 6//x', [3, 0, 2])).toMatchObject({
      ok: false,
      kind: 'runtime',
      error: 'zero-division',
      input: 0,
    });
    expect(validateProgram('lambda x: open(x)', [1])).toMatchObject({ ok: false, kind: 'banned' });
    expect(validateProgram('lambda x: x', [])).toMatchObject({ ok: true, outputs: [] });
  });
});
