import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkTaskLines, type Task, taskInstructions, taskPrompt, tasksToJsonl } from '../../executors/index.ts';
import { chatReply, type ScriptedServer, startScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import { saveTinyCheckpoint } from '../../serve/__fixtures__/tiny-server.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { main } from '../main.ts';

const benchmark = checkTaskLines(
  await readFile(new URL('../../../data/tasks/benchmark-300.jsonl', import.meta.url), 'utf8'),
).tasks;
// Five of each type from the shipped benchmark.
const tasks: Task[] = (['deduction', 'abduction', 'induction'] as const).flatMap((type) =>
  benchmark.filter((t) => t.type === type).slice(0, 5),
);

async function taskFile(list: readonly Task[] = tasks): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'solve-tasks-')), 'tasks.jsonl');
  await writeFile(file, tasksToJsonl(list));
  return file;
}

/** The right answer to each prompt, from the task's own witness, boxed as an instruction-following model would. */
const rightAnswers = new Map(
  tasks.map((t) => [
    taskPrompt(t),
    t.type === 'deduction' ? `${t.output}` : t.type === 'abduction' ? `${t.input}` : `${t.program}`,
  ]),
);

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
const userMessage = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')?.content ?? '';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('selfplay solve-tasks', () => {
  it('measures an endpoint: right on deductions and abductions, wrong on inductions → 10/15', async () => {
    server = await startScriptedServer((request) => {
      const prompt = userMessage(request.body);
      const task = tasks.find((t) => taskPrompt(t) === prompt);
      const reply =
        task?.type === 'induction' ? 'lambda x: 999' : `So the answer is \\boxed{${rightAnswers.get(prompt)}}.`;
      return { json: chatReply(reply) };
    });
    const io = captureIo();
    const player = `openai:${server.baseUrl}#test-model`;
    expect(await main(['solve-tasks', '--player', player, '--tasks', await taskFile()], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('15 tasks, 1 sample per task, seed 0');
    expect(out).toContain('template program-tasks-chat');
    expect(out).toMatch(/deduction +5 +1\.0000 +0\.0000/);
    expect(out).toMatch(/abduction +5 +1\.0000 +0\.0000/);
    expect(out).toMatch(/induction +5 +0\.0000 +0\.0000/);
    expect(lastLine(out)).toBe('accuracy 0.6667');
    expect(server.requests).toHaveLength(15);
    const body = server.requests[0]!.body as { messages: { role: string; content: string }[]; seed: number };
    expect(body.messages[0]).toEqual({ role: 'system', content: taskInstructions });
    expect(typeof body.seed).toBe('number');
  });

  it('with --samples: mean accuracy over the samples and pass@k, and every answer written with --out', async () => {
    const asked = new Map<string, number>();
    server = await startScriptedServer((request) => {
      const prompt = userMessage(request.body);
      const times = (asked.get(prompt) ?? 0) + 1;
      asked.set(prompt, times);
      // Right the first time each prompt is asked, unreadable the second.
      return { json: chatReply(times === 1 ? `\\boxed{${rightAnswers.get(prompt)}}` : 'I am not sure') };
    });
    const out = join(await mkdtemp(join(tmpdir(), 'solve-tasks-out-')), 'answers.jsonl');
    const io = captureIo();
    const args = ['--tasks', await taskFile(), '--samples', '2', '--seed', '4', '--out', out];
    expect(await main(['solve-tasks', '--player', `openai:${server.baseUrl}#m`, ...args], io)).toBe(0);
    expect(io.out()).toMatch(/type +tasks +accuracy +pass@2 +unreadable/);
    expect(io.out()).toMatch(/all +15 +0\.5000 +1\.0000 +0\.5000/);
    expect(lastLine(io.out())).toBe('accuracy 0.5000');
    const rows = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; correct: boolean; unreadable?: boolean });
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.correct)).toHaveLength(15);
    expect(rows.filter((r) => r.unreadable)).toHaveLength(15);
    expect(rows[0]!.line).toBe(1);
  });

  it('runs a built-in checkpoint on free text (an untrained one scores about nothing)', async () => {
    const dir = await saveTinyCheckpoint();
    const io = captureIo();
    const args = [
      'solve-tasks',
      '--checkpoint',
      dir,
      '--tasks',
      await taskFile(tasks.slice(0, 6)),
      '--max-tokens',
      '8',
    ];
    expect(await main(args, io)).toBe(0);
    expect(io.out()).toContain(`lm ${dir} on`);
    expect(io.out()).toContain('checkpoint: free text at temperature 1, top-p 1, at most 8 tokens per answer');
    expect(lastLine(io.out())).toMatch(/^accuracy [01]\.\d{4}$/);
  });

  it('prompts longer than a checkpoint context get no answer, with a note, instead of ending the run', async () => {
    const dir = await saveTinyCheckpoint();
    const long: Task = { type: 'induction', examples: Array.from({ length: 30 }, (_, i) => [i, i]), hidden: [] };
    const io = captureIo();
    const file = await taskFile([tasks[0]!, long]);
    expect(await main(['solve-tasks', '--checkpoint', dir, '--tasks', file, '--max-tokens', '4'], io)).toBe(0);
    expect(io.out()).toContain("note: 1 prompt does not fit the checkpoint's context of 128 tokens");
  });

  it('refuses bad usage and names the bad line of a task file', async () => {
    const file = await taskFile();
    const cases: [string[], number, RegExp][] = [
      [['solve-tasks', '--tasks', file], 2, /--checkpoint PATH or --player SPEC is required/],
      [['solve-tasks', '--checkpoint', 'a', '--player', 'b', '--tasks', file], 2, /not both/],
      [['solve-tasks', '--player', 'random', '--tasks', file], 2, /checkpoint:PATH or an endpoint/],
      [['solve-tasks', '--player', 'openai:http://127.0.0.1:9/v1#m'], 2, /--tasks FILE is required/],
      [
        ['solve-tasks', '--player', 'openai:http://127.0.0.1:9/v1#m', '--tasks', file, '--temperature', '0'],
        2,
        /--temperature is for checkpoints/,
      ],
      [
        ['solve-tasks', '--player', 'openai:http://127.0.0.1:9/v1#m?decoding=guided', '--tasks', file],
        2,
        /decoding=guided/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const io = captureIo();
      expect(await main(args, io), args.join(' ')).toBe(code);
      expect(io.err()).toMatch(message);
    }
    const bad = join(await mkdtemp(join(tmpdir(), 'solve-tasks-bad-')), 'bad.jsonl');
    await writeFile(
      bad,
      `${tasksToJsonl(tasks.slice(0, 1))}{"type":"deduction","program":"lambda x: x","input":2,"output":3}\n`,
    );
    const io = captureIo();
    expect(await main(['solve-tasks', '--player', 'openai:http://127.0.0.1:9/v1#m', '--tasks', bad], io)).toBe(1);
    expect(io.err()).toContain(`${bad} line 2, key "output": the program returns 2 on input 2, not the stated 3`);
  });
});
