import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { critiqueInstructions, critiquePrompt } from '../../executors/index.ts';
import { chatReply, type ScriptedServer, startScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import { saveTinyCheckpoint } from '../../serve/__fixtures__/tiny-server.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { criticItemsToJsonl, itemSteps, parseCriticFile } from '../../train/self-play-critic/index.ts';
import { main } from '../main.ts';

const items = parseCriticFile(
  await readFile(new URL('../../../data/tasks/spc-critic-200.jsonl', import.meta.url), 'utf8'),
).slice(0, 12);

async function traceFile(text = criticItemsToJsonl(items)): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'critique-')), 'traces.jsonl');
  await writeFile(file, text);
  return file;
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
const messages = (body: unknown) => (body as { messages: { role: string; content: string }[] }).messages;

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('selfplay critique', () => {
  it('measures an endpoint: names every first wrong step, calls clean traces wrong at step 1', async () => {
    const answers = new Map(items.map((i) => [critiquePrompt(i, itemSteps(i)), i.firstWrong]));
    server = await startScriptedServer((request) => {
      const firstWrong = answers.get(messages(request.body).find((m) => m.role === 'user')?.content ?? '');
      return { json: chatReply(`\\boxed{${firstWrong ?? 1}}`) };
    });
    const io = captureIo();
    const args = ['critique', '--player', `openai:${server.baseUrl}#m`, '--traces', await traceFile(), '--seed', '2'];
    expect(await main(args, io)).toBe(0);
    const clean = items.filter((i) => i.firstWrong === null).length;
    const out = io.out();
    expect(out).toContain(`${items.length} traces, seed 2`);
    expect(out).toContain('template spc-critique');
    expect(out).toMatch(new RegExp(`corrupted \\(localisation\\) +${items.length - clean} +1\\.0000`));
    expect(out).toMatch(new RegExp(`clean \\(none\\) +${clean} +0\\.0000`));
    expect(out).toContain('unreadable 0.0000');
    expect(lastLine(out)).toBe('accuracy 1.0000');
    expect(messages(server.requests[0]!.body)[0]).toEqual({ role: 'system', content: critiqueInstructions });
  });

  it('runs a built-in checkpoint', async () => {
    const dir = await saveTinyCheckpoint();
    const io = captureIo();
    const file = await traceFile(criticItemsToJsonl(items.slice(0, 3)));
    expect(await main(['critique', '--checkpoint', dir, '--traces', file, '--max-tokens', '4'], io)).toBe(0);
    expect(io.out()).toContain(`lm ${dir} on`);
    expect(lastLine(io.out())).toMatch(/^accuracy [01]\.\d{4}$/);
  });

  it('refuses bad usage and names the bad line of a critic file', async () => {
    const file = await traceFile();
    const cases: [string[], RegExp][] = [
      [['critique', '--traces', file], /--checkpoint PATH or --player SPEC is required/],
      [['critique', '--checkpoint', 'a', '--player', 'b', '--traces', file], /not both/],
      [['critique', '--player', 'openai:http://127.0.0.1:9/v1#m'], /--traces FILE is required/],
    ];
    for (const [args, message] of cases) {
      const io = captureIo();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toMatch(message);
    }
    const bad = await traceFile(
      '{"program":"lambda x: x*3+1","input":4,"steps":["x*3 = 12","x*3+1 = 13"],"firstWrong":2}\n',
    );
    const io = captureIo();
    expect(await main(['critique', '--player', 'openai:http://127.0.0.1:9/v1#m', '--traces', bad], io)).toBe(1);
    expect(io.err()).toContain(`${bad} line 1, key "firstWrong": the first wrong step is none (null), not 2`);
  });
});
