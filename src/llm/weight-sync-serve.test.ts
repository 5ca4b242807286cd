import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { saveTinyCheckpoint, startTinyServer } from '../serve/__fixtures__/tiny-server.ts';
import type { RunningServer } from '../serve/start-server.ts';
import { createWeightSync, WeightSyncError } from './weight-sync.ts';
import { parseWeightSyncConfig } from './weight-sync-config.ts';

// End to end: the trainer's sync client against a real `selfplay serve` on a free port.
let oldDir: string;
let newDir: string;
let sampler: RunningServer;
let reference: RunningServer;
const apiKey = 'sk-serve-sync';

beforeAll(async () => {
  [oldDir, newDir] = await Promise.all([saveTinyCheckpoint({ seed: 11 }), saveTinyCheckpoint({ seed: 12 })]);
  const load = async (dir: string) => (await loadModel(dir, { kernels: createKernels({ heap: createHeap() }) })).model;
  sampler = await startTinyServer(await load(oldDir), { apiKey });
  reference = await startTinyServer(await load(newDir), { apiKey });
});
afterAll(async () => {
  await Promise.all([sampler.close(), reference.close()]);
  await Promise.all([oldDir, newDir].map((dir) => rm(dir, { recursive: true, force: true })));
});

async function greedy(server: RunningServer) {
  const reply = await fetch(`${server.baseUrl}/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ model: 'tiny', prompt: 'play', max_tokens: 8, temperature: 0, logprobs: 0 }),
  });
  const body = (await reply.json()) as { choices: { text: string; logprobs: { token_logprobs: number[] } }[] };
  return body.choices[0]!;
}

describe('weight sync to selfplay serve', () => {
  it('makes the served model answer with the new weights', async () => {
    const before = await greedy(sampler);
    const wanted = await greedy(reference);
    expect(wanted.logprobs.token_logprobs).not.toEqual(before.logprobs.token_logprobs);
    const config = parseWeightSyncConfig({
      sampler: `openai:${sampler.baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm&key_env=SERVE_KEY`,
      sync: 'reload',
    });
    const sync = createWeightSync({ config, deps: { env: { SERVE_KEY: apiKey } } });
    const result = await sync.push({ path: newDir, version: 'step-1' });
    expect(result).toMatchObject({ method: 'reload', version: 'step-1' });
    const after = await greedy(sampler);
    expect(after.text).toBe(wanted.text);
    after.logprobs.token_logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(wanted.logprobs.token_logprobs[i]!, 5));

    // A bad push is an error naming the server and its reason, and the new weights keep answering.
    const failed = await sync.push({ path: `${newDir}-gone` }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WeightSyncError);
    expect((failed as Error).message).toMatch(/answered 400 Bad Request: cannot reload from .*unchanged/);
    expect((await greedy(sampler)).text).toBe(wanted.text);
  });
});
