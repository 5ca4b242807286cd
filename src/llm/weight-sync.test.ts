import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedReply, type ScriptedServer, startScriptedServer } from './__fixtures__/scripted-server.ts';
import { createWeightSync, serverRoot, WeightSyncError } from './weight-sync.ts';
import { parseWeightSyncConfig, type WeightSyncMethod } from './weight-sync-config.ts';

let server: ScriptedServer | undefined;
afterEach(() => server?.close());

const key = 'sk-sync-secret';

/** A sync client for a scripted server of `kind`, with a key from a fake environment and no real waits. */
async function syncTo(kind: string, sync: WeightSyncMethod, script: (index: number) => ScriptedReply) {
  server = await startScriptedServer((_, index) => script(index));
  const config = parseWeightSyncConfig({
    sampler: `openai:${server.baseUrl}#policy?kind=${kind}&key_env=SYNC_KEY&max_attempts=3`,
    sync,
  });
  const sync_ = createWeightSync({ config, deps: { env: { SYNC_KEY: key }, sleep: async () => {}, random: () => 0 } });
  return { sync: sync_, requests: server.requests };
}

const sent = (requests: ScriptedServer['requests']) => requests.map((r) => ({ path: r.path, body: r.body }));

describe('createWeightSync: the requests each server kind gets', () => {
  it('selfplay reload: POST /v1/reload with the checkpoint and label, and the version the server reports', async () => {
    const { sync, requests } = await syncTo('vllm', 'reload', () => ({
      json: { object: 'weights', weight_version: 'step-3', reloads: 1, checkpoint: '/ckpt/3', step: 3 },
    }));
    const result = await sync.push({ path: 'runs/r1', version: 'step-3' });
    expect(sent(requests)).toEqual([{ path: '/v1/reload', body: { checkpoint: 'runs/r1', weight_version: 'step-3' } }]);
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    expect(result).toMatchObject({ method: 'reload', version: 'step-3' });
    expect(result.url).toMatch(/\/v1\/reload$/);
  });

  it('vLLM lora: load_inplace under the spec model name (vLLM answers plain text)', async () => {
    const { sync, requests } = await syncTo('vllm', 'lora', () => ({
      body: "Success: LoRA adapter 'policy' added successfully.",
    }));
    await sync.push({ path: '/adapters/step-4' });
    expect(sent(requests)).toEqual([
      {
        path: '/v1/load_lora_adapter',
        body: { lora_name: 'policy', lora_path: '/adapters/step-4', load_inplace: true },
      },
    ]);
  });

  it('vLLM lora on a version without load_inplace: unload the old adapter, then load again', async () => {
    const already = { message: "The lora adapter 'policy' has already been loaded.", type: 'BadRequestError' };
    const { sync, requests } = await syncTo('vllm', 'lora', (i) =>
      i === 0 ? { status: 400, json: { object: 'error', ...already, code: 400 } } : { body: 'Success' },
    );
    await sync.push({ path: '/adapters/step-5' });
    expect(requests.map((r) => r.path)).toEqual([
      '/v1/load_lora_adapter',
      '/v1/unload_lora_adapter',
      '/v1/load_lora_adapter',
    ]);
    expect(requests[1]!.body).toEqual({ lora_name: 'policy' });
  });

  it('vLLM full: the dev-mode collective_rpc reload_weights from a folder, at the server root', async () => {
    const { sync, requests } = await syncTo('vllm', 'full', () => ({ json: { results: [null] } }));
    await sync.push({ path: '/ckpt/hf-step-6' });
    expect(sent(requests)).toEqual([
      { path: '/collective_rpc', body: { method: 'reload_weights', kwargs: { weights_path: '/ckpt/hf-step-6' } } },
    ]);
  });

  it('SGLang full: update_weights_from_disk with the label; lora: /load_lora_adapter without /v1', async () => {
    const full = await syncTo('sglang', 'full', () => ({
      json: { success: true, message: 'Succeeded to update model weights.', num_paused_requests: 0 },
    }));
    await full.sync.push({ path: '/ckpt/hf-7', version: 'step-7' });
    expect(sent(full.requests)).toEqual([
      { path: '/update_weights_from_disk', body: { model_path: '/ckpt/hf-7', weight_version: 'step-7' } },
    ]);
    await server!.close();
    const lora = await syncTo('sglang', 'lora', () => ({ json: { success: true, loaded_adapters: {} } }));
    await lora.sync.push({ path: '/adapters/7' });
    expect(sent(lora.requests)).toEqual([
      { path: '/load_lora_adapter', body: { lora_name: 'policy', lora_path: '/adapters/7' } },
    ]);
  });

  it('retries a server busy loading (503 with retry-after) and then succeeds', async () => {
    const { sync, requests } = await syncTo('sglang', 'full', (i) =>
      i < 2 ? { status: 503, headers: { 'retry-after': '1' }, body: 'loading' } : { json: { success: true } },
    );
    await sync.push({ path: '/ckpt/8' });
    expect(requests).toHaveLength(3);
  });
});

describe('createWeightSync: failures name the server, what it answered and the fix', () => {
  const failure = async (run: () => Promise<unknown>): Promise<WeightSyncError> => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WeightSyncError);
    expect((error as Error).message).not.toContain(key);
    return error as WeightSyncError;
  };

  it('vLLM without runtime LoRA updating (404)', async () => {
    const { sync } = await syncTo('vllm', 'lora', () => ({ status: 404, json: { detail: 'Not Found' } }));
    const error = await failure(() => sync.push({ path: '/a' }));
    expect(error.message).toMatch(/weight sync "lora" to the vllm sampler at http:\/\/127\.0\.0\.1:\d+\/v1 failed/);
    expect(error.message).toMatch(/load_lora_adapter answered 404/);
    expect(error.message).toMatch(/VLLM_ALLOW_RUNTIME_LORA_UPDATING=True/);
  });

  it("SGLang's refusal, with its message", async () => {
    const { sync } = await syncTo('sglang', 'full', () => ({
      status: 400,
      json: { success: false, message: 'Failed to get weights iterator: /ckpt/x not found', num_paused_requests: 0 },
    }));
    const error = await failure(() => sync.push({ path: '/ckpt/x' }));
    expect(error.message).toMatch(/answered 400 Bad Request: Failed to get weights iterator: \/ckpt\/x not found/);
    expect(error.message).toMatch(/Hugging Face weights/);
  });

  it('SGLang success: false on a 200, and an adapter error_message', async () => {
    const { sync } = await syncTo('sglang', 'lora', () => ({
      json: { success: false, error_message: 'rank too big' },
    }));
    const error = await failure(() => sync.push({ path: '/a' }));
    expect(error.message).toMatch(/answered success: false: rank too big/);
  });

  it("selfplay serve's refusal (OpenAI error shape), and a server that is not selfplay", async () => {
    const refused = await syncTo('vllm', 'reload', () => ({
      status: 400,
      json: {
        error: {
          message: 'cannot reload from "x": no checkpoint',
          type: 'invalid_request_error',
          code: 'invalid_checkpoint',
        },
      },
    }));
    const error = await failure(() => refused.sync.push({ path: 'x' }));
    expect(error.message).toMatch(/reload answered 400 Bad Request: cannot reload from "x": no checkpoint/);
    expect(error.message).toMatch(/on the server's machine/);
    await server!.close();
    const other = await syncTo('vllm', 'reload', () => ({ body: 'OK' }));
    expect((await failure(() => other.sync.push({ path: 'x' }))).message).toMatch(/is not selfplay serve/);
  });

  it('gives up after max_attempts, saying how many', async () => {
    const { sync, requests } = await syncTo('vllm', 'full', () => ({ status: 500, json: { message: 'boom' } }));
    const error = await failure(() => sync.push({ path: '/ckpt' }));
    expect(requests).toHaveLength(3);
    expect(error.message).toMatch(/after 3 attempts: .*answered 500.*boom/);
    expect(error.message).toMatch(/reload_weights/);
  });
});

describe('serverRoot', () => {
  it('drops a trailing /v1 and slashes', () => {
    expect(serverRoot('http://h:8000/v1')).toBe('http://h:8000');
    expect(serverRoot('http://h:8000/v1/')).toBe('http://h:8000');
    expect(serverRoot('http://h:8000/api')).toBe('http://h:8000/api');
  });
});
