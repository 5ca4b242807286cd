import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../cli/commands/serve.ts';
import { CliUsageError } from '../cli/io.ts';
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

  it('requires --checkpoint and a set key variable', async () => {
    await expect(serveCommand.run([], capture().io)).rejects.toBeInstanceOf(CliUsageError);
    const args = ['--checkpoint', checkpoint, '--api-key-env', 'SELFPLAY_TEST_UNSET_KEY'];
    await expect(serveCommand.run(args, capture().io)).rejects.toThrow(/SELFPLAY_TEST_UNSET_KEY/);
  });
});
