import { afterEach, describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { playEpisode } from '../rollout/episode.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import type { ActRequest } from '../spec/policy.ts';
import { createRng } from '../util/rng.ts';
import {
  chatReply,
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from './__fixtures__/scripted-server.ts';
import type { EndpointConfigInput } from './endpoint-config.ts';
import { createEndpointPolicy, type EndpointPolicyDeps } from './endpoint-policy.ts';
import { LlmApiError } from './llm-api-error.ts';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: (index: number) => ScriptedReply): Promise<ScriptedServer> {
  server = await startScriptedServer((_, index) => script(index));
  return server;
}

/** Sleep that records the waits and returns at once, so retry tests take no wall time. */
function recordingSleep(): { waits: number[]; sleep: EndpointPolicyDeps['sleep'] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

function request(overrides: Partial<ActRequest> = {}): ActRequest {
  return {
    game: kuhnPoker.rules.info,
    player: 0,
    observation: '[GAME] Your card is: K\n[GAME] Your available actions are: [check], [bet]',
    legal: ['[check]', '[bet]'],
    infoKey: '2',
    rng: createRng(7),
    ...overrides,
  };
}

const config = (base: string, extra: Partial<EndpointConfigInput> = {}): EndpointConfigInput => ({
  baseUrl: base,
  model: 'test-model',
  retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5_000 },
  ...extra,
});

describe('endpoint policy over a real local HTTP server', () => {
  it('plays a Kuhn move from a chat reply through playEpisode', async () => {
    const s = await serve(() => ({ json: chatReply('I hold the king, so betting is best. \\boxed{bet}') }));
    const policy = await createEndpointPolicy(config(s.baseUrl));
    const result = await playEpisode({ game: kuhnPoker, policies: [policy, createRandomPlayer()], seed: 3 });
    const first = result.turns[0]!;
    expect(first.player).toBe(0);
    expect(first.move).toBe('[bet]');
    expect(first.answer).toContain('\\boxed{bet}');
    const sent = s.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    const body = sent.body as { model: string; messages: { role: string; content: string }[]; seed: number };
    expect(body.model).toBe('test-model');
    expect(body.messages[0]).toEqual({
      role: 'system',
      content: 'You are playing a two-player zero-sum game. Make valid actions to win.',
    });
    expect(body.messages[1]!.content).toContain(`Observation: ${first.observation}`);
    expect(body.messages[1]!.content).toContain('\\boxed{}');
    expect(Number.isInteger(body.seed)).toBe(true);
  });

  it('returns usage, finish reason and reasoning from a chat reply', async () => {
    const reply = chatReply('\\boxed{check}');
    (reply.choices as { message: Record<string, unknown> }[])[0]!.message.reasoning_content = 'weak card';
    const s = await serve(() => ({ json: reply }));
    const policy = await createEndpointPolicy(config(s.baseUrl));
    const out = await policy.act(request());
    expect(out.text).toBe('\\boxed{check}');
    expect(out.reasoning).toBe('weak card');
    expect(out.finishReason).toBe('stop');
    expect(out.usage).toEqual({ promptTokens: 20, completionTokens: 5, totalTokens: 25 });
    expect(out.completionTokenIds).toBeUndefined();
  });

  it('is read strictly by default: a legal move named in free text, not boxed, is invalid (SPIRAL)', async () => {
    const s = await serve(() => ({ json: chatReply('If I [bet] they fold, so I [check].') }));
    const strict = await createEndpointPolicy(config(s.baseUrl));
    expect(strict.answers).toBe('strict');
    const result = await playEpisode({ game: kuhnPoker, policies: [strict, createRandomPlayer()], seed: 1 });
    expect(result).toMatchObject({ outcome: 'invalid-move', offender: 0, returns: [-1.5, 0.5] });
    const lenient = await createEndpointPolicy({ ...config(s.baseUrl), answers: 'lenient' });
    const read = await playEpisode({ game: kuhnPoker, policies: [lenient, createRandomPlayer()], seed: 1 });
    expect(read.turns[0]?.move).toBe('[check]');
  });

  it('a garbage answer is returned as text, and the game judges it invalid', async () => {
    const s = await serve(() => ({ json: chatReply('I would rather not say.') }));
    const policy = await createEndpointPolicy(config(s.baseUrl));
    const result = await playEpisode({ game: kuhnPoker, policies: [policy, createRandomPlayer()], seed: 1 });
    expect(result.outcome).toBe('invalid-move');
    expect(result.offender).toBe(0);
  });

  it('uses /completions with the SPIRAL raw template', async () => {
    const s = await serve(() => ({
      json: { choices: [{ index: 0, text: '<think>hmm</think> \\boxed{bet}', finish_reason: 'length' }] },
    }));
    const policy = await createEndpointPolicy(config(s.baseUrl, { api: 'completions', sampling: { seed: 'none' } }));
    const out = await policy.act(request());
    expect(s.requests[0]!.path).toBe('/v1/completions');
    const body = s.requests[0]!.body as Record<string, unknown>;
    expect(body.prompt).toBe(
      `<|im_start|>user\nYou are playing a two-player zero-sum game. Make valid actions to win.\nObservation: ${request().observation}\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>assistant\n`,
    );
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('messages');
    expect(out.text).toBe('<think>hmm</think> \\boxed{bet}');
    expect(out.reasoning).toBe('hmm');
    expect(out.finishReason).toBe('length');
  });

  it('asks vLLM for token ids and log-probs and reads both reply layouts', async () => {
    const s = await serve((i) =>
      i === 0
        ? {
            json: {
              choices: [
                {
                  text: ' \\boxed{bet}',
                  finish_reason: 'stop',
                  token_ids: [318, 257, 2],
                  prompt_token_ids: [1, 887, 526],
                  logprobs: {
                    tokens: ['token_id:318', 'token_id:257', 'token_id:2'],
                    token_logprobs: [-0.4, -0.1, -0.02],
                  },
                },
              ],
            },
          }
        : {
            // An older vLLM without `return_token_ids`: ids only in the "token_id:<id>" strings of a chat reply.
            json: chatReply('\\boxed{bet}', {
              prompt_token_ids: [1, 2, 3],
              choices: [
                {
                  message: { content: '\\boxed{bet}' },
                  finish_reason: 'stop',
                  logprobs: {
                    content: [
                      { token: 'token_id:11', logprob: -1.5 },
                      { token: 'token_id:12', logprob: -0.25 },
                    ],
                  },
                },
              ],
            }),
          },
    );
    const completions = await createEndpointPolicy(config(s.baseUrl, { api: 'completions', kind: 'vllm' }));
    const a = await completions.act(request());
    const sentA = s.requests[0]!.body as Record<string, unknown>;
    expect(sentA).toMatchObject({ logprobs: 0, return_token_ids: true, return_tokens_as_token_ids: true });
    expect(a.completionTokenIds).toEqual([318, 257, 2]);
    expect(a.completionLogprobs).toEqual([-0.4, -0.1, -0.02]);
    expect(a.promptTokenIds).toEqual([1, 887, 526]);

    const chat = await createEndpointPolicy(config(s.baseUrl, { kind: 'vllm' }));
    const b = await chat.act(request());
    expect(s.requests[1]!.body).toMatchObject({ logprobs: true, top_logprobs: 0, return_token_ids: true });
    expect(b.completionTokenIds).toEqual([11, 12]);
    expect(b.completionLogprobs).toEqual([-1.5, -0.25]);
    expect(b.promptTokenIds).toEqual([1, 2, 3]);
  });

  it('asks llama.cpp for n_probs/tokens with neutral samplers and reads its records', async () => {
    const s = await serve(() => ({
      json: {
        choices: [{ text: '\\boxed{check}', finish_reason: 'stop' }],
        tokens: [40, 41],
        completion_probabilities: [
          { id: 40, token: '\\boxed', logprob: -0.7, top_logprobs: [] },
          { id: 41, token: '{check}', logprob: -0.3, top_logprobs: [] },
        ],
      },
    }));
    const policy = await createEndpointPolicy(config(s.baseUrl, { api: 'completions', kind: 'llama.cpp' }));
    const out = await policy.act(request());
    expect(s.requests[0]!.body).toMatchObject({
      n_probs: 1,
      return_tokens: true,
      top_k: 0,
      min_p: 0,
      repeat_penalty: 1,
    });
    expect(out.completionTokenIds).toEqual([40, 41]);
    expect(out.completionLogprobs).toEqual([-0.7, -0.3]);
  });

  it('sends no capture fields to kind=openai or with capture=off', async () => {
    const s = await serve(() => ({ json: chatReply('\\boxed{bet}') }));
    await (await createEndpointPolicy(config(s.baseUrl))).act(request());
    await (await createEndpointPolicy(config(s.baseUrl, { kind: 'vllm', capture: 'off' }))).act(request());
    for (const sent of s.requests) {
      expect(sent.body).not.toHaveProperty('logprobs');
      expect(sent.body).not.toHaveProperty('return_token_ids');
    }
  });

  it('waits as long as a 429 retry-after asks, then succeeds', async () => {
    const s = await serve((i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '2' }, json: { error: { message: 'slow down' } } }
        : { json: chatReply('\\boxed{bet}') },
    );
    const { waits, sleep } = recordingSleep();
    const policy = await createEndpointPolicy(config(s.baseUrl), { sleep });
    const out = await policy.act(request());
    expect(out.text).toBe('\\boxed{bet}');
    expect(waits).toEqual([2000]);
    expect(s.requests).toHaveLength(2);
  });

  it('honours an HTTP-date retry-after against the injected clock', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const s = await serve((i) =>
      i === 0
        ? { status: 503, headers: { 'retry-after': new Date(now + 3000).toUTCString() } }
        : { json: chatReply('\\boxed{bet}') },
    );
    const { waits, sleep } = recordingSleep();
    const policy = await createEndpointPolicy(config(s.baseUrl), { sleep, now: () => now });
    await policy.act(request());
    expect(waits).toEqual([3000]);
  });

  it('retries 500 twice with exponential jittered backoff, then succeeds', async () => {
    const s = await serve((i) =>
      i < 2 ? { status: 500, json: { error: { message: 'boom' } } } : { json: chatReply('\\boxed{bet}') },
    );
    const { waits, sleep } = recordingSleep();
    const policy = await createEndpointPolicy(config(s.baseUrl), { sleep, random: () => 0.5 });
    const out = await policy.act(request());
    expect(out.text).toBe('\\boxed{bet}');
    // base 100 ms doubling, times the jitter factor 0.5 + 0.5·0.5
    expect(waits).toEqual([75, 150]);
  });

  it('gives up on a server that stays down with a retryable LlmApiError that says so', async () => {
    const s = await serve(() => ({ status: 502, body: 'bad gateway' }));
    const { waits, sleep } = recordingSleep();
    const policy = await createEndpointPolicy(config(s.baseUrl), { sleep });
    const error = await policy.act(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmApiError);
    const e = error as LlmApiError;
    expect(e.status).toBe(502);
    expect(e.attempts).toBe(3);
    expect(e.message).toContain('gave up after 3 attempts');
    expect(e.bodyExcerpt).toBe('bad gateway');
    expect(waits).toHaveLength(2);
  });

  it('does not retry a 400 and reports the server message and a hint', async () => {
    const s = await serve(() => ({ status: 400, json: { error: { message: 'unknown field n_probs' } } }));
    const { waits, sleep } = recordingSleep();
    const policy = await createEndpointPolicy(config(s.baseUrl), { sleep });
    const e = (await policy.act(request()).catch((x: unknown) => x)) as LlmApiError;
    expect(e).toBeInstanceOf(LlmApiError);
    expect(e.status).toBe(400);
    expect(e.isRetryable).toBe(false);
    expect(e.message).toContain('unknown field n_probs');
    expect(e.hint).toMatch(/capture=off/);
    expect(s.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('times out a server that never answers, as a retryable timeout', async () => {
    const s = await serve(() => ({ hang: true }));
    const { sleep } = recordingSleep();
    const policy = await createEndpointPolicy(config(s.baseUrl, { timeoutMs: 80, retry: { maxAttempts: 2 } }), {
      sleep,
    });
    const e = (await policy.act(request()).catch((x: unknown) => x)) as LlmApiError;
    expect(e).toBeInstanceOf(LlmApiError);
    expect(e.reason).toBe('timeout');
    expect(e.isRetryable).toBe(true);
    expect(e.attempts).toBe(2);
    expect(s.requests).toHaveLength(2);
  });

  it('reports a malformed JSON body and a schema-invalid body as typed, unretried errors', async () => {
    const s = await serve((i) =>
      i === 0 ? { body: '{"choices": [' } : { json: { choices: [{ message: { content: 5 } }] } },
    );
    const policy = await createEndpointPolicy(config(s.baseUrl));
    const a = (await policy.act(request()).catch((x: unknown) => x)) as LlmApiError;
    expect(a).toBeInstanceOf(LlmApiError);
    expect(a.reason).toBe('invalid-json');
    expect(a.bodyExcerpt).toBe('{"choices": [');
    const b = (await policy.act(request()).catch((x: unknown) => x)) as LlmApiError;
    expect(b.reason).toBe('invalid-response');
    expect(b.message).toContain('choices');
    expect(s.requests).toHaveLength(2);
  });

  it('a refused connection is a network error naming the URL', async () => {
    const s = await serve(() => ({ json: {} }));
    const url = s.baseUrl;
    await s.close();
    server = undefined;
    const { sleep } = recordingSleep();
    const policy = await createEndpointPolicy(config(url, { retry: { maxAttempts: 2 } }), { sleep });
    const e = (await policy.act(request()).catch((x: unknown) => x)) as LlmApiError;
    expect(e.reason).toBe('network');
    expect(e.message).toContain(`${url}/chat/completions`);
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    const s = await serve(() => ({ delayMs: 50, json: chatReply('\\boxed{bet}') }));
    const policy = await createEndpointPolicy(config(s.baseUrl, { maxConcurrency: 2 }));
    const outs = await Promise.all(Array.from({ length: 6 }, () => policy.act(request())));
    expect(outs.map((o) => o.text)).toEqual(Array(6).fill('\\boxed{bet}'));
    expect(s.requests).toHaveLength(6);
    expect(s.maxInFlight).toBe(2);
  });

  it('sends the API key from the named variable as a bearer token and never puts it in errors', async () => {
    const key = 'sk-test-secret-123';
    const s = await serve((i) =>
      i === 0 ? { json: chatReply('\\boxed{bet}') } : { status: 401, json: { error: { message: `bad key ${key}` } } },
    );
    const env = { SELFPLAY_TEST_KEY: key };
    const policy = await createEndpointPolicy(config(s.baseUrl, { apiKeyEnv: 'SELFPLAY_TEST_KEY' }), { env });
    await policy.act(request());
    expect(s.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    const e = (await policy.act(request()).catch((x: unknown) => x)) as LlmApiError;
    expect(e.status).toBe(401);
    expect(e.hint).toContain('SELFPLAY_TEST_KEY');
    const everything = `${e.message} ${e.bodyExcerpt} ${e.hint} ${JSON.stringify(e.options)}`;
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(key);
  });

  it('says which variable to set when the key is missing', async () => {
    const s = await serve(() => ({ json: chatReply('\\boxed{bet}') }));
    const policy = await createEndpointPolicy(config(s.baseUrl, { apiKeyEnv: 'SELFPLAY_UNSET_KEY' }), { env: {} });
    await expect(policy.act(request())).rejects.toThrow(/SELFPLAY_UNSET_KEY.*is not set/);
    expect(s.requests).toHaveLength(0);
  });

  it('stops waiting when the request signal aborts, with the abort reason, and does not retry', async () => {
    const controller = new AbortController();
    // Abort once the server holds the request, so the abort lands mid-request however slow the machine is.
    const s = await serve(() => {
      setImmediate(() => controller.abort(new Error('run cancelled')));
      return { hang: true };
    });
    const policy = await createEndpointPolicy(config(s.baseUrl));
    await expect(policy.act(request({ signal: controller.signal }))).rejects.toThrow('run cancelled');
    expect(s.requests).toHaveLength(1);
  });

  it('close() aborts requests in flight and refuses new ones', async () => {
    let close = (): void => {};
    const s = await serve(() => {
      setImmediate(close);
      return { hang: true };
    });
    const policy = await createEndpointPolicy(config(s.baseUrl));
    close = () => void policy.close();
    const e = (await policy.act(request()).catch((x: unknown) => x)) as LlmApiError;
    expect(e).toBeInstanceOf(LlmApiError);
    expect(e.reason).toBe('closed');
    await expect(policy.act(request())).rejects.toThrow(/closed/);
  });

  it('rejects a chat template on the completions API', async () => {
    await expect(
      createEndpointPolicy({
        baseUrl: 'http://127.0.0.1:1/v1',
        model: 'm',
        api: 'completions',
        template: 'spiral-chat',
      }),
    ).rejects.toThrow(/chat template.*api=chat/);
  });
});
