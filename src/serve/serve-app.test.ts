import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LmModel } from '../lm/index.ts';
import { startTinyServer, tinyModel } from './__fixtures__/tiny-server.ts';
import { createRng } from '../util/rng.ts';
import { createBatcher } from './batcher.ts';
import { createServeApp, processingHeader } from './serve-app.ts';
import { createStatsRecorder } from './server-stats.ts';
import type { RunningServer } from './start-server.ts';

let model: LmModel;
let server: RunningServer;

beforeAll(async () => {
  model = await tinyModel();
  server = await startTinyServer(model, { maxBodyBytes: 2000 });
});
afterAll(() => server.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('selfplay serve over raw HTTP', () => {
  it('batches concurrent requests into fewer generate calls', async () => {
    const round = () =>
      Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          post('/completions', { model: 'tiny', prompt: `game ${i}`, max_tokens: 4 }),
        ),
      );
    await round(); // opens the client's keep-alive connections, as a long-running client has them
    const before = server.stats().batcher.batches;
    const replies = await round();
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const used = server.stats().batcher.batches - before;
    console.info(`16 concurrent requests used ${used} generate batches`);
    expect(used).toBeLessThanOrEqual(8);
    expect(Number(replies[0]!.headers.get(processingHeader))).toBeGreaterThan(0);
  });

  it('a seeded sample does not depend on what shares its batch', async () => {
    const ask = (prompt: string) => post('/completions', { model: 'tiny', prompt, max_tokens: 10, seed: 7 });
    const alone = (await (await ask('same')).json()) as { choices: { text: string }[] };
    const crowd = await Promise.all([ask('other'), ask('same'), ask('third')]);
    const together = (await crowd[1]!.json()) as { choices: { text: string }[] };
    expect(together.choices[0]!.text).toBe(alone.choices[0]!.text);
  });

  it('returns vLLM token ids and prompt log-probs', async () => {
    const reply = await post('/completions', {
      model: 'tiny',
      prompt: [104, 105],
      max_tokens: 3,
      return_token_ids: true,
      prompt_logprobs: 1,
    });
    const body = (await reply.json()) as {
      choices: { token_ids: number[]; prompt_token_ids: number[]; prompt_logprobs: unknown[] }[];
    };
    const choice = body.choices[0]!;
    expect(choice.prompt_token_ids).toEqual([256, 104, 105]);
    expect(choice.token_ids).toHaveLength(3);
    expect(choice.prompt_logprobs[0]).toBeNull();
    expect(Object.keys(choice.prompt_logprobs[1] as object)).toContain('104');
  });

  it('guided_choice answers one of the given strings', async () => {
    const reply = await post('/completions', { model: 'tiny', prompt: 'pick', guided_choice: ['[check]', '[bet]'] });
    const body = (await reply.json()) as { choices: { text: string; finish_reason: string }[] };
    expect(['[check]', '[bet]']).toContain(body.choices[0]!.text);
    expect(body.choices[0]!.finish_reason).toBe('stop');
    // Newer vLLM's spelling of the same constraint.
    const structured = await post('/completions', {
      model: 'tiny',
      prompt: 'pick',
      structured_outputs: { choice: ['[fold]', '[call]'] },
    });
    const text = ((await structured.json()) as { choices: { text: string }[] }).choices[0]!.text;
    expect(['[fold]', '[call]']).toContain(text);
  });

  it('streams server-sent events ending in [DONE]', async () => {
    const reply = await post('/chat/completions', {
      model: 'tiny',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 3,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(reply.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await reply.text()).split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const usage = JSON.parse(events.at(-2)!.slice(6)) as { usage: { completion_tokens: number } };
    expect(usage.usage.completion_tokens).toBe(3);
  });

  it('answers errors in the OpenAI shape: 400, 404, 405, 413', async () => {
    const badJson = await post('/completions', '{not json');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_json' } });
    const missing = await post('/completions', { model: 'tiny' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe('prompt');
    expect((await fetch(`${server.baseUrl}/embeddings`)).status).toBe(404);
    const wrongMethod = await fetch(`${server.baseUrl}/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const huge = await post('/completions', { model: 'tiny', prompt: 'x'.repeat(5000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'request_too_large' } });
  });

  it('answers 429 with retry-after when every slot is busy and the line is full', async () => {
    const app = createServeApp({
      model,
      modelName: 'tiny',
      batcher: createBatcher(),
      stats: createStatsRecorder(),
      seedRng: createRng(0),
      maxConcurrency: 1,
      maxQueue: 0,
    });
    const ask = () =>
      app.request('/v1/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'tiny', prompt: 'x', max_tokens: 2 }),
      });
    const replies = await Promise.all([ask(), ask(), ask()]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 429, 429]);
    const refused = replies.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
  });
});
