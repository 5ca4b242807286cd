import { afterEach, describe, expect, it } from 'vitest';
import {
  type RecordedRequest,
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from '../llm/__fixtures__/scripted-server.ts';
import { parseEndpointSpec } from '../llm/endpoint-spec.ts';
import type { CheckResult } from './check-result.ts';
import { checkSampler } from './sampler-checks.ts';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A vLLM-like server, route by route; each test breaks the part it checks. */
interface FakeServer {
  models?: ScriptedReply;
  /** The answer's text (default `[bet]`, a legal probe move). */
  text?: string;
  /** Request fields the server ignores, as an older or different server would. */
  ignores?: readonly ('return_token_ids' | 'logprobs')[];
  health?: ScriptedReply;
  /** GET of a control route (sync full's probe). */
  control?: ScriptedReply;
}

/** A completions reply with token ids and log-probs where the request asks for them (vLLM's fields). */
function completion(body: Record<string, unknown>, parts: FakeServer): ScriptedReply {
  const ignores = parts.ignores ?? [];
  const ids = body['return_token_ids'] === true && !ignores.includes('return_token_ids');
  const logprobs = body['logprobs'] !== undefined && !ignores.includes('logprobs');
  const choice = {
    index: 0,
    text: parts.text ?? '[bet]',
    ...(ids ? { token_ids: [91, 98, 93], prompt_token_ids: [1, 2, 3, 4] } : {}),
    ...(logprobs ? { logprobs: { tokens: ['[', 'b', ']'], token_logprobs: [-0.1, -0.2, -0.3] } } : {}),
    finish_reason: 'stop',
  };
  return { json: { choices: [choice] } };
}

async function fakeServer(parts: FakeServer = {}) {
  const script = (request: RecordedRequest): ScriptedReply => {
    if (request.path === '/v1/models') return parts.models ?? { json: { object: 'list', data: [{ id: 'tiny' }] } };
    if (request.path === '/v1/completions') return completion(request.body as Record<string, unknown>, parts);
    if (request.path === '/health') return parts.health ?? { body: '' };
    return parts.control ?? { status: 404, json: { detail: 'Not Found' } };
  };
  const server = await startScriptedServer(script);
  servers.push(server);
  return server;
}

const spec = (baseUrl: string, options = '') =>
  parseEndpointSpec(`openai:${baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm${options}`);

const byName = (results: readonly CheckResult[]) => Object.fromEntries(results.map((r) => [r.name, r]));

describe('the sampler checks', () => {
  it("pass against a server that returns what training needs, probed with the trainer's own request", async () => {
    const server = await fakeServer({ control: { status: 405, json: { detail: 'Method Not Allowed' } } });
    const results = await checkSampler({ config: spec(server.baseUrl), sync: 'full' });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['sampler reachable', true],
      ['sampler model', true],
      ['sampler token ids + log-probs', true],
      ['sampler guided decoding', true],
      ['sampler weight sync', true],
    ]);
    expect(byName(results)['sampler weight sync']!.detail).toMatch(/collective_rpc is served \(GET answered 405/);
    // The probe is the trainer's request: the kind's capture fields, a few tokens.
    const completion = server.requests.find((r) => r.path === '/v1/completions')!.body as Record<string, unknown>;
    expect(completion).toMatchObject({ model: 'tiny', return_token_ids: true, logprobs: 0, max_tokens: 16 });
  });

  it('name the missing token ids, or the missing log-probs, with the fix for the kind', async () => {
    const noIds = await fakeServer({ ignores: ['return_token_ids'] });
    const [ids] = (await checkSampler({ config: spec(noIds.baseUrl) })).slice(2);
    expect(ids).toMatchObject({ ok: false, name: 'sampler token ids + log-probs' });
    expect(ids!.detail).toMatch(/^the reply has no completion token ids, no prompt token ids; vLLM returns token ids/);

    const noLogprobs = await fakeServer({ ignores: ['logprobs'] });
    const [lps] = (await checkSampler({ config: spec(noLogprobs.baseUrl) })).slice(2);
    expect(lps!.detail).toMatch(
      /^the reply has no per-token log-probs; vLLM returns log-probs unless .*--max-logprobs 0/,
    );

    const plain = await fakeServer();
    const config = parseEndpointSpec(`openai:${plain.baseUrl}#tiny?api=completions&template=lm-raw`);
    const [openai] = (await checkSampler({ config })).slice(2);
    expect(openai!.detail).toMatch(/kind=openai asks for neither: set kind= to the server/);
  });

  it('report a 401, another model, a dead port and a hung server in one line each, and stop there', async () => {
    const locked = await fakeServer({
      models: { status: 401, json: { error: { message: 'missing or wrong API key' } } },
    });
    const [unauthorized, ...rest] = await checkSampler({ config: spec(locked.baseUrl) });
    expect(rest).toEqual([]);
    expect(unauthorized!.detail).toMatch(/answered 401 \(missing or wrong API key\): .*name it with key_env=NAME/);

    const other = await fakeServer({ models: { json: { data: [{ id: 'qwen' }] } } });
    const [, model] = await checkSampler({ config: spec(other.baseUrl) });
    expect(model).toEqual({
      name: 'sampler model',
      ok: false,
      detail: 'the server serves "qwen", not "tiny": put one of them after # in the spec',
    });

    const dead = await fakeServer();
    await dead.close();
    servers.pop();
    const [refused] = await checkSampler({ config: spec(dead.baseUrl) });
    expect(refused!.detail).toMatch(/^cannot reach http:.*\/v1\/models \(connection refused\): start the server/);

    const hung = await fakeServer({ models: { hang: true } });
    const [late] = await checkSampler({ config: spec(hung.baseUrl, '&timeout_ms=200') });
    expect(late!.detail).toMatch(/no reply from .* within 200 ms: .*raise timeout_ms/);
  });

  it('say which sync methods a server takes, and when it ignores the guided constraint', async () => {
    const server = await fakeServer({ text: 'I bet' });
    const reload = byName(await checkSampler({ config: spec(server.baseUrl), sync: 'reload' }));
    expect(reload['sampler weight sync']!.detail).toMatch(
      /health answered 200 without weight_version, so the server is not selfplay serve: .*use --sync full/,
    );
    expect(reload['sampler guided decoding']!.detail).toBe(
      'asked for one of [check] [bet], answered "I bet": the server ignored guided_choice; check that kind=vllm is what the server is',
    );
    const guided = server.requests.filter((r) => r.path === '/v1/completions')[1]!.body;
    expect(guided).toMatchObject({ guided_choice: ['[check]', '[bet]'] });

    const config = parseEndpointSpec(`openai:${server.baseUrl}#tiny?kind=sglang`);
    const sglang = byName(await checkSampler({ config, sync: 'reload' }));
    expect(sglang['sampler weight sync']!.detail).toBe(
      "sync reload needs a sampler of kind vllm or openai (the spec's kind=), not sglang; a sampler of kind sglang takes --sync full",
    );
    const full = byName(await checkSampler({ config: spec(server.baseUrl), sync: 'full' }));
    expect(full['sampler weight sync']!.detail).toMatch(/collective_rpc, which answered 404: .*VLLM_SERVER_DEV_MODE=1/);
    const lora = byName(await checkSampler({ config: spec(server.baseUrl), sync: 'lora' }));
    expect(lora['sampler weight sync']!.detail).toMatch(/^selfplay train refuses --sync lora/);
  });
});
