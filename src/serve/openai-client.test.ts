import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOS_ID, encode, type LmModel, scoreCompletions } from '../lm/index.ts';
import { startTinyServer, tinyModel } from './__fixtures__/tiny-server.ts';
import type { RunningServer } from './start-server.ts';

let model: LmModel;
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  model = await tinyModel();
  server = await startTinyServer(model, { apiKey: 'test-key' });
  client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => server.close());

describe('selfplay serve through the official openai client', () => {
  it('lists the served model', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['tiny']);
  });

  it('completes with log-probs and top alternatives', async () => {
    const reply = await client.completions.create({
      model: 'tiny',
      prompt: 'kuhn P0 card K | - | moves [check] [bet]\n',
      max_tokens: 6,
      temperature: 0,
      logprobs: 2,
    });
    const choice = reply.choices[0]!;
    expect(choice.finish_reason).toBe('length');
    expect(choice.logprobs?.tokens).toHaveLength(6);
    expect(choice.logprobs?.token_logprobs?.every((lp) => typeof lp === 'number' && lp <= 0)).toBe(true);
    // Greedy: the chosen token is the most likely one, so it heads its own top list.
    const firstTop = choice.logprobs!.top_logprobs![0]!;
    expect(Math.max(...Object.values(firstTop))).toBeCloseTo(choice.logprobs!.token_logprobs![0]!, 4);
    expect(reply.usage).toEqual({ prompt_tokens: 42, completion_tokens: 6, total_tokens: 48 });
  });

  it('echo with max_tokens 0 scores the prompt exactly as teacher-forced scoring does', async () => {
    const prompt = 'ttt you=O board ...|...|...\n';
    const reply = await client.completions.create({ model: 'tiny', prompt, max_tokens: 0, echo: true, logprobs: 1 });
    const choice = reply.choices[0]!;
    expect(choice.text).toBe(prompt);
    const lps = choice.logprobs!.token_logprobs!;
    expect(lps[0]).toBeNull();
    const [expected] = scoreCompletions({ model, items: [{ prompt: [BOS_ID], completion: encode(prompt) }] });
    expect(lps).toHaveLength(expected!.modelTokenLogprobs.length + 1);
    lps.slice(1).forEach((lp, i) => expect(Math.abs(lp! - expected!.modelTokenLogprobs[i]!)).toBeLessThan(1e-4));
    expect(reply.usage?.completion_tokens).toBe(0);
  });

  it('streams the same chat answer it gives whole, at temperature 0', async () => {
    const request = {
      model: 'tiny',
      messages: [{ role: 'user' as const, content: 'kuhn P1 card J | bet | moves [fold] [call]' }],
      max_completion_tokens: 12,
      temperature: 0,
    };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(finish).toBe(whole.choices[0]!.finish_reason);
  });

  it('returns chat log-probs with bytes and alternatives', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 4,
      logprobs: true,
      top_logprobs: 3,
      seed: 5,
    });
    const content = reply.choices[0]!.logprobs!.content!;
    expect(content).toHaveLength(4);
    for (const entry of content) {
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.logprob).toBeLessThanOrEqual(0);
    }
  });

  it('is reproducible with a seed, and a different seed gives a different sample', async () => {
    const ask = (seed: number) =>
      client.completions.create({ model: 'tiny', prompt: 'abc', max_tokens: 24, temperature: 1, seed, n: 2 });
    const [a, b, c] = await Promise.all([ask(1), ask(1), ask(2)]);
    expect(a.choices.map((ch) => ch.text)).toEqual(b.choices.map((ch) => ch.text));
    expect(a.choices[0]!.text).not.toBe(a.choices[1]!.text);
    expect(a.choices[0]!.text).not.toBe(c.choices[0]!.text);
  });

  it('cuts at a stop string', async () => {
    const free = await client.completions.create({ model: 'tiny', prompt: 'x', max_tokens: 30, temperature: 0 });
    const text = free.choices[0]!.text;
    // An ASCII character: the random model's text is mostly broken UTF-8, whose U+FFFD is not in the bytes.
    const stop = [...text].find((ch, i) => i > 2 && ch > ' ' && ch <= '~')!;
    expect(stop).toBeDefined();
    const cut = await client.completions.create({ model: 'tiny', prompt: 'x', max_tokens: 30, temperature: 0, stop });
    expect(cut.choices[0]!.text).toBe(text.slice(0, text.indexOf(stop)));
    expect(cut.choices[0]!.finish_reason).toBe('stop');
  });

  it('surfaces 400, 401 and 404 as APIError with the status', async () => {
    const bad = client.completions.create({ model: 'tiny', prompt: 'x', temperature: -1 });
    await expect(bad).rejects.toMatchObject({ status: 400, param: 'temperature' });
    await expect(bad).rejects.toBeInstanceOf(OpenAI.APIError);
    const long = client.completions.create({ model: 'tiny', prompt: 'x'.repeat(200), max_tokens: 1 });
    await expect(long).rejects.toMatchObject({ status: 400, code: 'context_length_exceeded' });
    await expect(long).rejects.toThrow(/maximum context length is 128/);
    const stranger = new OpenAI({ baseURL: server.baseUrl, apiKey: 'wrong', maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toMatchObject({ status: 401 });
    await expect(client.completions.create({ model: 'gpt-9', prompt: 'x' })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
  });
});
