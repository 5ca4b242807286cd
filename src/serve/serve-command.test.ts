import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../cli/commands/serve.ts';
import { CliUsageError } from '../cli/io.ts';
import { openRunStore } from '../store/run-store.ts';
import { saveTinyCheckpoint } from './__fixtures__/tiny-server.ts';

let checkpoint: string;
beforeAll(async () => {
  checkpoint = await saveTinyCheckpoint();
});
afterAll(() => rm(checkpoint, { recursive: true, force: true }));

function capture() {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), interactive: false };
  return { io, text: () => text };
}

describe('selfplay serve (the command)', () => {
  it('prints its URL and player spec, answers, and stops cleanly on SIGTERM', async () => {
    const { io, text } = capture();
    const exit = serveCommand.run(['--checkpoint', checkpoint, '--port', '0', '--model-name', 'tiny'], io);
    await expect.poll(text, { timeout: 10_000 }).toMatch(/player spec: openai:http:\/\/127\.0\.0\.1:\d+\/v1#tiny\?/);
    const baseUrl = /at (http:\/\/\S+\/v1)/.exec(text())![1]!;
    const models = (await (await fetch(`${baseUrl}/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0]!.id).toBe('tiny');
    process.emit('SIGTERM');
    await expect(exit).resolves.toBe(0);
    expect(text()).toContain('server stopped');
  });

  it('reloads a run folder as --checkpoint reads it: its latest checkpoint', async () => {
    const run = await mkdtemp(join(tmpdir(), 'selfplay-serve-run-'));
    const newer = await saveTinyCheckpoint({ seed: 12 });
    try {
      await cp(newer, join(run, 'checkpoints', 'step-2'), { recursive: true });
      const store = openRunStore({ dir: run });
      store.init({ id: 'r', kind: 'train', config: {} });
      store.addCheckpoint(2, join('checkpoints', 'step-2'));
      store.close();
      const { io, text } = capture();
      const exit = serveCommand.run(['--checkpoint', checkpoint, '--port', '0', '--model-name', 'tiny'], io);
      await expect.poll(text, { timeout: 10_000 }).toMatch(/player spec:/);
      const baseUrl = /at (http:\/\/\S+\/v1)/.exec(text())![1]!;
      const reply = await fetch(`${baseUrl}/reload`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ checkpoint: run }),
      });
      expect(await reply.json()).toMatchObject({ checkpoint: join(run, 'checkpoints', 'step-2'), reloads: 1 });
      process.emit('SIGTERM');
      await expect(exit).resolves.toBe(0);
    } finally {
      await Promise.all([run, newer].map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });

  it('requires --checkpoint and a set key variable', async () => {
    await expect(serveCommand.run([], capture().io)).rejects.toBeInstanceOf(CliUsageError);
    const args = ['--checkpoint', checkpoint, '--api-key-env', 'SELFPLAY_TEST_UNSET_KEY'];
    await expect(serveCommand.run(args, capture().io)).rejects.toThrow(/SELFPLAY_TEST_UNSET_KEY/);
  });
});
