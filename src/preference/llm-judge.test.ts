import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedServer, startScriptedServer } from '../llm/__fixtures__/scripted-server.ts';
import { alternativesFor, startJudgeServer, verdictReply } from './__fixtures__/judge-server.ts';
import { createLlmJudge, LlmJudgeError } from './llm-judge.ts';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const quality: Record<string, number> = { good: 1, bad: 0, fine: 0.5, also: 0.5 };
const noWait = { sleep: async () => {} };
const judgeAt = (baseUrl: string, query = '') =>
  createLlmJudge({ endpoint: `openai:${baseUrl}#judge${query}` }, noWait);

describe('LLM judge', () => {
  it('reads P(A) from the verdict token log-probs and asks for one token with its alternatives', async () => {
    // A position-blind judge: P(slot A) = σ(q_A − q_B).
    server = await startJudgeServer(({ a, b }) => alternativesFor(sigmoid(quality[a]! - quality[b]!)));
    const judge = await judgeAt(server.baseUrl);
    expect(await judge.prefer('Which?', 'good', 'bad')).toBeCloseTo(sigmoid(1), 12);
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'judge', max_tokens: 1, logprobs: true, top_logprobs: 5 });
    const users = server.requests.map((r) => (r.body as { messages: { role: string; content: string }[] }).messages);
    expect(users[0]!.map((m) => m.role)).toEqual(['system', 'user']);
    // Both orders were asked, one request each.
    expect(users.map((m) => /Response A:\n(\w+)\n\nResponse B:\n(\w+)\n/.exec(m[1]!.content)!.slice(1)).sort()).toEqual(
      [
        ['bad', 'good'],
        ['good', 'bad'],
      ],
    );
  });

  it('averages both orders, cancelling a judge that favours the first slot', async () => {
    const bias = 1.5;
    server = await startJudgeServer(({ a, b }) => alternativesFor(sigmoid(quality[a]! - quality[b]! + bias)));
    const judge = await judgeAt(server.baseUrl);
    // Equally good responses: each order alone says 0.82, the average says ½.
    expect(await judge.prefer('Which?', 'fine', 'also')).toBeCloseTo(0.5, 12);
    // Unequal ones keep their order, and the two directions stay complementary.
    const p = await judge.prefer('Which?', 'good', 'bad');
    expect(p).toBeCloseTo((sigmoid(1 + bias) + sigmoid(1 - bias)) / 2, 12);
    expect(await judge.prefer('Which?', 'bad', 'good')).toBeCloseTo(1 - p, 15);
  });

  it('judges each unordered pair once, a response against itself never, and bounds concurrency', async () => {
    server = await startScriptedServer(() => ({ json: verdictReply(alternativesFor(0.7)), delayMs: 20 }));
    const judge = await judgeAt(server.baseUrl, '?max_concurrency=2');
    const texts = ['w', 'x', 'y', 'z'];
    await Promise.all(texts.flatMap((a) => texts.map((b) => judge.prefer('p', a, b))));
    // 6 unordered pairs of distinct responses, two orders each; the 4 self-pairs cost nothing.
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    expect(await judge.prefer('p', 'z', 'w')).toBeCloseTo(0.5, 12);
    expect(judge.stats()).toEqual({ requests: 12, verdicts: 12, invalidVerdicts: 0, pairs: 6 });
    // Another prompt is another question.
    await judge.prefer('q', 'w', 'x');
    expect(server.requests).toHaveLength(14);
  });

  it('counts a verdict without A or B among the alternatives as invalid and reads it as ½', async () => {
    server = await startJudgeServer(({ a }) =>
      a === 'good'
        ? [
            { token: 'The', logprob: -0.1 },
            { token: 'C', logprob: -3 },
          ]
        : [
            { token: ' A', logprob: Math.log(0.3) },
            { token: 'A', logprob: Math.log(0.1) },
            { token: 'B', logprob: Math.log(0.6) },
          ],
    );
    const judge = await judgeAt(server.baseUrl);
    // good in slot A: invalid (½); bad in slot A: P(A) = 0.4 / (0.4 + 0.6), both spellings of A summed.
    expect(await judge.prefer('Which?', 'good', 'bad')).toBeCloseTo((0.5 + 1 - 0.4) / 2, 12);
    expect(judge.stats()).toMatchObject({ verdicts: 2, invalidVerdicts: 1 });
  });

  it('reads the legacy completions layout, " A" and " B" tokens included', async () => {
    server = await startScriptedServer(() => ({
      json: { choices: [{ text: ' A', logprobs: { top_logprobs: [{ ' A': Math.log(0.8), ' B': Math.log(0.2) }] } }] },
    }));
    const judge = await judgeAt(server.baseUrl, '?api=completions');
    expect(await judge.prefer('Which?', 'x', 'y')).toBeCloseTo(0.5, 12);
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ logprobs: 5, max_tokens: 1 });
    expect(String(body.prompt)).toMatch(
      /Response B:\ny\n\nWhich response is better\? Reply with A or B only\.\nVerdict:$/,
    );
  });

  it('retries a failing server, then reports it with the attempts and how to fix it', async () => {
    server = await startScriptedServer(() => ({ status: 503, json: { error: { message: 'overloaded' } } }));
    const judge = await judgeAt(server.baseUrl, '?max_attempts=3');
    const error = await judge.prefer('Which?', 'good', 'bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmJudgeError);
    expect((error as Error).message).toMatch(
      /LLM judge judge @ http.*answered 503.*overloaded.*gave up after 3 attempts/,
    );
    // Both orders were asked; the first to spend its three attempts ends the pair.
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
  });

  it('reports a server that cannot be reached, and one that sends no log-probs', async () => {
    const dead = await startScriptedServer(() => ({ json: {} }));
    await dead.close();
    const error = await (
      await judgeAt(dead.baseUrl, '?max_attempts=2')
    )
      .prefer('Which?', 'good', 'bad')
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /cannot reach .*gave up after 2 attempts.*check that the server is running/,
    );

    server = await startScriptedServer(() => ({
      json: { choices: [{ index: 0, message: { role: 'assistant', content: 'A' } }] },
    }));
    const judge = await judgeAt(server.baseUrl);
    await expect(judge.prefer('Which?', 'good', 'bad')).rejects.toThrow(/without top log-probs/);
  });

  it('refuses a game template and stops when closed', async () => {
    await expect(judgeAt('http://127.0.0.1:9/v1', '?template=spiral-chat')).rejects.toThrow(
      /template=spiral-chat is not a judge template/,
    );
    const judge = await judgeAt('http://127.0.0.1:9/v1');
    judge.close();
    await expect(judge.prefer('Which?', 'good', 'bad')).rejects.toThrow(/was closed/);
  });
});
