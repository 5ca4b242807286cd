import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LmModel, loadModel } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createRng } from '../util/rng.ts';
import { saveTinyCheckpoint } from './__fixtures__/tiny-server.ts';
import { type Batcher, createBatcher } from './batcher.ts';
import { createServeApp } from './serve-app.ts';
import { createStatsRecorder } from './server-stats.ts';

let oldDir: string;
let newDir: string;
let wideDir: string;
beforeAll(async () => {
  [oldDir, newDir, wideDir] = await Promise.all([
    saveTinyCheckpoint({ seed: 11 }),
    saveTinyCheckpoint({ seed: 12 }),
    saveTinyCheckpoint({ config: { width: 64 } }),
  ]);
});
afterAll(() => Promise.all([oldDir, newDir, wideDir].map((dir) => rm(dir, { recursive: true, force: true }))));

const load = async (dir: string): Promise<LmModel> =>
  (await loadModel(dir, { kernels: createKernels({ heap: createHeap() }) })).model;

function appOver(model: LmModel, options: { batcher?: Batcher; apiKey?: string } = {}) {
  const app = createServeApp({
    model,
    modelName: 'tiny',
    batcher: options.batcher ?? createBatcher(),
    stats: createStatsRecorder(),
    seedRng: createRng(0),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  });
  const headers = {
    'content-type': 'application/json',
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
  const greedy = async () => {
    const reply = await post('/v1/completions', {
      model: 'tiny',
      prompt: 'hello',
      max_tokens: 8,
      temperature: 0,
      logprobs: 0,
    });
    const body = (await reply.json()) as { choices: { text: string; logprobs: { token_logprobs: number[] } }[] };
    const choice = body.choices[0]!;
    return { text: choice.text, logprobs: choice.logprobs.token_logprobs };
  };
  const reload = (body: unknown, extra: Record<string, string> = {}) => post('/v1/reload', body, extra);
  const get = async (path: string) =>
    (await (await app.request(path, { headers })).json()) as Record<string, unknown> & {
      data?: { weight_version: string }[];
    };
  return { app, greedy, reload, get };
}

/** A batcher that holds the first job back until `open()`, so a request can be kept in flight across a reload. */
function gatedBatcher() {
  const inner = createBatcher();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let arrived!: () => void;
  const submitted = new Promise<void>((resolve) => (arrived = resolve));
  const batcher: Batcher = {
    ...inner,
    submit: async (job) => {
      arrived();
      await gate;
      return inner.submit(job);
    },
  };
  return { batcher, submitted, open };
}

const expectSameAnswer = (
  got: { text: string; logprobs: number[] },
  want: { text: string; logprobs: number[] },
): void => {
  expect(got.text).toBe(want.text);
  got.logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(want.logprobs[i]!, 5));
};

describe('POST /v1/reload', () => {
  it('answers with the new checkpoint afterwards, and reports the version', async () => {
    const served = appOver(await load(oldDir));
    const before = await served.greedy();
    const wanted = await appOver(await load(newDir)).greedy();
    expect(wanted.logprobs).not.toEqual(before.logprobs);
    expect(await served.get('/health')).toEqual({ status: 'ok', weight_version: '0', reloads: 0 });

    const reply = await served.reload({ checkpoint: newDir, weight_version: 'step-12' });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({
      object: 'weights',
      weight_version: 'step-12',
      reloads: 1,
      checkpoint: newDir,
      step: null,
    });
    expectSameAnswer(await served.greedy(), wanted);
    expect((await served.get('/v1/models')).data![0]!.weight_version).toBe('step-12');
    expect(await served.get('/health')).toMatchObject({ weight_version: 'step-12', reloads: 1 });

    // Without a label the version is the reload count; back to the old weights, the old answer.
    const again = (await (await served.reload({ checkpoint: oldDir })).json()) as { weight_version: string };
    expect(again.weight_version).toBe('2');
    expectSameAnswer(await served.greedy(), before);
  });

  it('lets a request in flight finish on the weights it started with', async () => {
    const { batcher, submitted, open } = gatedBatcher();
    const served = appOver(await load(oldDir), { batcher });
    const oldAnswer = await appOver(await load(oldDir)).greedy();
    const newAnswer = await appOver(await load(newDir)).greedy();

    const inFlight = served.greedy();
    await submitted; // its job waits in the batcher, not yet sampled
    expect((await served.reload({ checkpoint: newDir })).status).toBe(200);
    open();
    expectSameAnswer(await inFlight, oldAnswer);
    expectSameAnswer(await served.greedy(), newAnswer);
  });

  it('waits for requests two versions back before reusing their copy of the weights', async () => {
    const { batcher, submitted, open } = gatedBatcher();
    const served = appOver(await load(oldDir), { batcher });
    const oldAnswer = await appOver(await load(oldDir)).greedy();
    const inFlight = served.greedy();
    await submitted;
    expect((await served.reload({ checkpoint: newDir })).status).toBe(200);
    let second = false;
    const reloading = Promise.resolve(served.reload({ checkpoint: newDir })).then((r) => {
      second = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second).toBe(false); // the only spare copy still serves the request in flight
    open();
    expectSameAnswer(await inFlight, oldAnswer);
    expect((await reloading).status).toBe(200);
  });

  it('refuses a missing folder, another model shape and a bad body, and keeps serving the old weights', async () => {
    const served = appOver(await load(oldDir));
    const before = await served.greedy();
    const cases: [unknown, string][] = [
      [{ checkpoint: `${oldDir}-missing` }, 'invalid_checkpoint'],
      [{ checkpoint: wideDir }, 'model_config_mismatch'],
      [{ checkpoint: newDir, weights: 'x' }, 'invalid_value'],
      [{}, 'invalid_value'],
    ];
    for (const [body, code] of cases) {
      const reply = await served.reload(body);
      expect(reply.status).toBe(400);
      const error = ((await reply.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe(code);
      if (code === 'model_config_mismatch') expect(error.message).toMatch(/width 64 instead of 32/);
      if (code === 'invalid_checkpoint') expect(error.message).toMatch(/checkpoint\.json.*unchanged/);
    }
    expectSameAnswer(await served.greedy(), before);
    expect(await served.get('/health')).toMatchObject({ weight_version: '0', reloads: 0 });
  });

  it('is guarded by the API key like the other routes', async () => {
    const served = appOver(await load(oldDir), { apiKey: 'sk-test' });
    const refused = await served.reload({ checkpoint: newDir }, { authorization: 'Bearer wrong' });
    expect(refused.status).toBe(401);
    expect(await served.get('/health')).toMatchObject({ reloads: 0 });
    expect((await served.reload({ checkpoint: newDir })).status).toBe(200);
  });

  it('does not grow the wasm heap over 20 reloads', async () => {
    const model = await load(oldDir);
    const served = appOver(model);
    const heap = model.kernels.heap;
    expect((await served.reload({ checkpoint: newDir })).status).toBe(200);
    await served.greedy();
    const after1 = { bytes: heap.memory.buffer.byteLength, top: heap.top };
    for (let i = 0; i < 20; i++) {
      expect((await served.reload({ checkpoint: i % 2 === 0 ? oldDir : newDir })).status).toBe(200);
      await served.greedy();
    }
    expect({ bytes: heap.memory.buffer.byteLength, top: heap.top }).toEqual(after1);
    expectSameAnswer(await served.greedy(), await appOver(await load(newDir)).greedy());
  });
});
