import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedReply, type ScriptedServer, startScriptedServer } from './__fixtures__/scripted-server.ts';
import { createCompletionScorer } from './completion-scorer.ts';
import { parseEndpointConfig } from './endpoint-config.ts';
import { ScoringUnsupportedError } from './scoring-reply.ts';

// Whole-word tokens with made-up log-probs: "Q:" "K" "\n" | "[bet]" → the completion is the last token alone.
const prompt = 'Q: K\n';
const echoReply = (text = prompt + '[bet]', shift = 0): ScriptedReply => ({
  json: {
    choices: [
      {
        text,
        logprobs: {
          tokens: ['Q:', ' K', '\n', '[b', 'et]'],
          token_logprobs: [null, -1, -2, -0.5, -0.25],
          text_offset: [0, 2, 4, 5, 7].map((o) => o + shift),
        },
      },
    ],
  },
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const scorerFor = (baseUrl: string, extra: Record<string, unknown> = {}) =>
  createCompletionScorer(
    { config: parseEndpointConfig({ baseUrl, model: 'm', api: 'completions', ...extra }) },
    { sleep: async () => {} },
  );

describe('completion scorer', () => {
  it('sums the log-probs of the completion tokens of an echo reply, and sends the echo form', async () => {
    server = await startScriptedServer(() => echoReply());
    const scorer = scorerFor(server.baseUrl);
    expect(await scorer.score(prompt, '[bet]')).toBeCloseTo(-0.75, 12);
    expect(scorer.mode).toBe('echo');
    expect(server.requests[0]!.path).toBe('/v1/completions');
    expect(server.requests[0]!.body).toMatchObject({ prompt: 'Q: K\n[bet]', echo: true, logprobs: 0, max_tokens: 0 });
  });

  it('finds the prompt inside an echo that starts with a BOS string', async () => {
    server = await startScriptedServer(() => {
      const reply = echoReply(`<s>${prompt}[bet]`, 3) as {
        json: { choices: { logprobs: Record<string, unknown[]> }[] };
      };
      const lp = reply.json.choices[0]!.logprobs;
      lp.tokens!.unshift('<s>');
      lp.token_logprobs!.unshift(null);
      lp.text_offset!.unshift(0);
      return reply as ScriptedReply;
    });
    expect(await scorerFor(server.baseUrl).score(prompt, '[bet]')).toBeCloseTo(-0.75, 12);
  });

  it('fails clearly when a token spans the prompt and the answer', async () => {
    server = await startScriptedServer(() => ({
      json: {
        choices: [
          {
            text: `${prompt}[bet]`,
            logprobs: { token_logprobs: [null, -1, -2, -0.5], text_offset: [0, 2, 4, 6] },
          },
        ],
      },
    }));
    const error = await scorerFor(server.baseUrl)
      .score(prompt, '[bet]')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScoringUnsupportedError);
    expect((error as ScoringUnsupportedError).problem).toBe('merged-tokens');
    expect((error as Error).message).toContain('tokenisation merges prompt and answer');
  });

  it('moves to vLLM prompt_logprobs when echo is refused, and keeps that form', async () => {
    server = await startScriptedServer((request) => {
      const body = request.body as Record<string, unknown>;
      if (body.echo) return { status: 400, json: { error: { message: 'echo not supported' } } };
      return {
        json: {
          choices: [
            {
              text: 'x',
              prompt_logprobs: [
                null,
                { 7: { logprob: -1, decoded_token: ' K' } },
                { 8: { logprob: -2, decoded_token: '\n' } },
                { 9: { logprob: -0.5, decoded_token: '[b' }, 1: { logprob: -0.1, decoded_token: 'x' } },
                { 10: { logprob: -0.25, decoded_token: 'et]' } },
              ],
              prompt_token_ids: [1, 7, 8, 9, 10],
            },
          ],
        },
      };
    });
    const scorer = scorerFor(server.baseUrl);
    expect(await scorer.score(prompt, '[bet]')).toBeCloseTo(-0.75, 12);
    expect(await scorer.score(prompt, '[bet]')).toBeCloseTo(-0.75, 12);
    expect(scorer.mode).toBe('prompt-logprobs');
    expect(server.requests.map((r) => (r.body as Record<string, unknown>).echo === true)).toEqual([true, false, false]);
    expect(server.requests[1]!.body).toMatchObject({ prompt_logprobs: 0, max_tokens: 1 });
  });

  it('says the server cannot score when neither form works, and sends the API key from the environment', async () => {
    server = await startScriptedServer(() => ({ status: 400, json: { error: { message: 'no' } } }));
    const scorer = createCompletionScorer(
      { config: parseEndpointConfig({ baseUrl: server.baseUrl, model: 'm', apiKeyEnv: 'SCORE_KEY' }) },
      { env: { SCORE_KEY: 'sk-test' }, sleep: async () => {} },
    );
    await expect(scorer.score(prompt, '[bet]')).rejects.toThrow(/scores neither with echo .* nor with prompt_logprobs/);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test');
  });
});
