import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTaskLines, parseTaskFile, readTaskFile, TaskFileError } from './task-file.ts';
import { tasksToJsonl } from './task.ts';

const good = [
  '{"type":"deduction","program":"lambda x: x*3+1","input":4,"output":13}',
  '',
  '{"type":"abduction","program":"lambda x: x*3+1","output":13}',
  '{"type":"abduction","program":"lambda x: x*3+1","output":13,"input":4}',
  '{"type":"induction","examples":[[1,4],[2,7]],"hidden":[[5,16]]}',
  '{"type":"induction","examples":[[1,4],[2,7]],"hidden":[[5,16]],"message":"linear","program":"lambda x: 3*x+1"}',
  '{"type":"deduction","program":"lambda x: x > 3","input":4,"output":1}',
].join('\n');

function firstError(line: string) {
  const { errors, tasks } = checkTaskLines(line);
  expect(tasks).toEqual([]);
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe('task files', () => {
  it('reads the documented forms, skips blank lines and remembers line numbers', () => {
    const { tasks, lines, errors } = checkTaskLines(good);
    expect(errors).toEqual([]);
    expect(tasks.map((t) => t.type)).toEqual([
      'deduction',
      'abduction',
      'abduction',
      'induction',
      'induction',
      'deduction',
    ]);
    expect(lines).toEqual([1, 3, 4, 5, 6, 7]);
    expect(tasks[4]).toEqual({
      type: 'induction',
      examples: [
        [1, 4],
        [2, 7],
      ],
      hidden: [[5, 16]],
      message: 'linear',
      program: 'lambda x: 3*x+1',
    });
    expect(checkTaskLines(tasksToJsonl(tasks)).tasks).toEqual(tasks);
  });

  it('a bad line names its line number and key', () => {
    expect(firstError('{"type":"deduction","program":"lambda x: x","input":4}')).toMatchObject({
      line: 1,
      key: 'output',
    });
    expect(firstError('{"type":"deduction","program":"lambda x: x","input":"4","output":4}')).toMatchObject({
      key: 'input',
    });
    expect(firstError('{"type":"deduction","program":"lambda x: x","input":4.5,"output":4}')).toMatchObject({
      key: 'input',
    });
    expect(firstError('{"type":"deduction","program":"lambda x: x","input":4,"output":4000000000}')).toMatchObject({
      key: 'output',
    });
    expect(firstError('{"type":"deduction","program":"lambda x: x","input":4,"output":4,"outptu":1}')).toMatchObject({
      key: 'outptu',
      message: expect.stringMatching(/^unknown key; deduction tasks have type, program, input, output$/),
    });
    expect(firstError('{"type":"translation","program":"lambda x: x"}')).toMatchObject({ key: 'type' });
    expect(firstError('{"program":"lambda x: x"}')).toMatchObject({ key: 'type' });
    expect(firstError('{"type":"induction","examples":[[1,2,3]],"hidden":[]}')).toMatchObject({
      key: expect.stringMatching(/^examples\[0\]/),
    });
    expect(firstError('{"type":"induction","examples":[],"hidden":[]}')).toMatchObject({ key: 'examples' });
    expect(firstError('{"type": "deduction", oops}')).toMatchObject({
      line: 1,
      message: expect.stringMatching(/^not JSON/),
    });
    expect(firstError('[1, 2]')).toMatchObject({ line: 1 });
  });

  it('a task whose stated result disagrees with the executor is an error naming the line', () => {
    const text = [good, '{"type":"deduction","program":"lambda x: x*3+1","input":4,"output":14}'].join('\n');
    const { errors } = checkTaskLines(text);
    expect(errors).toEqual([
      { line: 8, key: 'output', message: 'the program returns 13 on input 4, not the stated 14' },
    ]);
    expect(firstError('{"type":"abduction","program":"lambda x: x*3+1","output":13,"input":5}')).toMatchObject({
      key: 'input',
      message: 'the program returns 16 on input 5, not the stated 13',
    });
    expect(
      firstError('{"type":"induction","examples":[[1,4]],"hidden":[[5,17]],"program":"lambda x: x*3+1"}'),
    ).toMatchObject({ key: 'hidden[0]', message: 'the program returns 16 on input 5, not the stated 17' });
    expect(firstError('{"type":"induction","examples":[[1,4],[1,5]],"hidden":[]}')).toMatchObject({
      key: 'examples',
      message: 'input 1 appears with outputs 4 and 5',
    });
    expect(firstError('{"type":"deduction","program":"lambda x: 1//x","input":0,"output":0}')).toMatchObject({
      key: 'output',
      message: expect.stringMatching(/fails on input 0 \(runtime\)/),
    });
    expect(firstError('{"type":"abduction","program":"lambda x: x.real","output":1}')).toMatchObject({
      key: 'program',
      message: expect.stringMatching(/not a program of the language \(banned\)/),
    });
  });

  it('parseTaskFile and readTaskFile throw a TaskFileError listing the bad lines', async () => {
    const bad = [good, '{"type":"deduction","program":"lambda x: x","input":4,"output":5}', 'nope'].join('\n');
    expect(() => parseTaskFile(bad, 'mine.jsonl')).toThrow(TaskFileError);
    try {
      parseTaskFile(bad, 'mine.jsonl');
    } catch (error) {
      expect((error as TaskFileError).errors).toHaveLength(2);
      expect((error as Error).message).toContain('mine.jsonl has 2 bad lines');
      expect((error as Error).message).toContain('mine.jsonl line 8, key "output": the program returns 4');
      expect((error as Error).message).toContain('mine.jsonl line 9: not JSON');
    }
    expect(() => parseTaskFile('\n\n', 'empty.jsonl')).toThrow(/holds no tasks/);
    const dir = await mkdtemp(join(tmpdir(), 'tasks-'));
    await writeFile(join(dir, 't.jsonl'), good);
    expect((await readTaskFile(join(dir, 't.jsonl'))).tasks).toHaveLength(6);
    await expect(readTaskFile(join(dir, 'missing.jsonl'))).rejects.toThrow(/cannot read the task file/);
  });
});
