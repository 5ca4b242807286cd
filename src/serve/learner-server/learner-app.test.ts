import { describe, expect, it } from 'vitest';
import { decodeLearnerState } from '../../learner/remote/state-file.ts';
import { floatTensor, intTensor } from '../../learner/remote/tinker-wire.ts';
import { createModel, encodeWithBos, resolveModelConfig } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createRng } from '../../util/rng.ts';
import { createFutureQueue } from './future-queue.ts';
import { createLearnerApp } from './learner-app.ts';

const config = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 48 });
const kernels = createKernels({ heap: createHeap() });
const params = createModel({ kernels, config, rng: createRng(3) })
  .params()
  .slice();
const adam = { learning_rate: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: 0, grad_clip_norm: 0 };

function learnerApp(apiKey?: string, keepCheckpoints?: number) {
  const app = createLearnerApp({
    baseModel: 'tiny',
    newModel: () => createModel({ kernels, config, params }),
    ...(apiKey ? { apiKey } : {}),
    ...(keepCheckpoints ? { keepCheckpoints } : {}),
  });
  const send = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  /** Submits a training call and retrieves its outcome. */
  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const { json } = await send(path, body, headers);
    return (await send('/api/v1/retrieve_future', { request_id: json['request_id'] }, headers)).json;
  };
  return { app, send, call };
}

const tokens = encodeWithBos('kuhn P0 card K [bet]');
const datum = (weights = 1) => ({
  model_input: { chunks: [{ type: 'encoded_text', tokens: tokens.slice(0, -1) }] },
  loss_fn_inputs: {
    target_tokens: intTensor(tokens.slice(1)),
    weights: floatTensor(new Array<number>(tokens.length - 1).fill(weights)),
  },
});

async function newModel(call: ReturnType<typeof learnerApp>['call'], send: ReturnType<typeof learnerApp>['send']) {
  const { json: session } = await send('/api/v1/create_session', { tags: [], sdk_version: 'test' });
  const created = await call('/api/v1/create_model', {
    session_id: session['session_id'],
    model_seq_id: 0,
    base_model: 'tiny',
  });
  return created['model_id'] as string;
}

describe('selfplay learner-serve (Tinker training API)', () => {
  it('trains through futures: forward reads log-probs, forward_backward accumulates, optim_step applies and clears', async () => {
    const { send, call } = learnerApp();
    const model_id = await newModel(call, send);
    const forward = await call('/api/v1/forward', {
      forward_input: { data: [datum()], loss_fn: 'cross_entropy' },
      model_id,
    });
    const logprobs = (forward['loss_fn_outputs'] as { logprobs: { data: number[] } }[])[0]!.logprobs.data;
    expect(logprobs).toHaveLength(tokens.length - 1);
    expect(logprobs.every((lp) => lp < 0)).toBe(true);
    const fb = await call('/api/v1/forward_backward', {
      forward_backward_input: { data: [datum()], loss_fn: 'cross_entropy' },
      model_id,
    });
    expect((fb['metrics'] as Record<string, number>)['loss:sum']).toBeCloseTo(-logprobs.reduce((a, b) => a + b, 0), 3);
    const step = await call('/api/v1/optim_step', { adam_params: adam, model_id });
    expect((step['metrics'] as Record<string, number>)['step']).toBe(1);
    expect((step['metrics'] as Record<string, number>)['grad_norm']).toBeGreaterThan(0);
    const after = await call('/api/v1/forward', {
      forward_input: { data: [datum()], loss_fn: 'cross_entropy' },
      model_id,
    });
    const sum = (f: Record<string, unknown>) => (f['metrics'] as Record<string, number>)['loss:sum']!;
    expect(sum(after)).toBeLessThan(-logprobs.reduce((a, b) => a + b, 0)); // the step lowered the NLL
    const empty = await call('/api/v1/optim_step', { adam_params: adam, model_id });
    expect((empty['metrics'] as Record<string, number>)['grad_norm']).toBe(0); // the gradient was cleared
  });

  it('runs a request resent with the same idempotency key once', async () => {
    const { send, call } = learnerApp();
    const model_id = await newModel(call, send);
    const body = { forward_backward_input: { data: [datum()], loss_fn: 'cross_entropy' }, model_id };
    const first = await send('/api/v1/forward_backward', body, { 'x-idempotency-key': 'k1' });
    const again = await send('/api/v1/forward_backward', body, { 'x-idempotency-key': 'k1' });
    expect(again.json['request_id']).toBe(first.json['request_id']);
    const once = (await call('/api/v1/optim_step', { adam_params: adam, model_id }))['metrics'] as Record<
      string,
      number
    >;
    // The same gradient from a fresh model with one forward_backward.
    const other = learnerApp();
    const id2 = await newModel(other.call, other.send);
    await other.call('/api/v1/forward_backward', { ...body, model_id: id2 });
    const single = (await other.call('/api/v1/optim_step', { adam_params: adam, model_id: id2 }))['metrics'] as Record<
      string,
      number
    >;
    expect(once['grad_norm']).toBe(single['grad_norm']);
  });

  it('saves, downloads, uploads and loads weights with the optimizer state, exactly', async () => {
    const { app, send, call } = learnerApp();
    const model_id = await newModel(call, send);
    await call('/api/v1/forward_backward', {
      forward_backward_input: { data: [datum()], loss_fn: 'cross_entropy' },
      model_id,
    });
    await call('/api/v1/optim_step', { adam_params: adam, model_id });
    const saved = await call('/api/v1/save_weights', { model_id, path: 'one' });
    expect(saved['path']).toBe(`selfplay://${model_id}/weights/one`);
    const archive = await app.request(`/api/v1/training_runs/${model_id}/checkpoints/weights/one/archive`);
    const bytes = new Uint8Array(await archive.arrayBuffer());
    const state = decodeLearnerState(bytes, 'archive', params.length);
    expect(state.optimizer?.step).toBe(1);
    expect(state.params).not.toEqual(params);
    // A second model, from the base weights, takes the upload and continues from it.
    const other = await newModel(call, send);
    const put = await app.request(`/api/v1/training_runs/${other}/checkpoints/weights/moved`, {
      method: 'PUT',
      body: bytes,
    });
    const { path } = (await put.json()) as { path: string };
    expect(await call('/api/v1/load_weights', { model_id: other, path, optimizer: true })).toEqual({
      type: 'load_weights',
      path,
    });
    const again = await call('/api/v1/save_weights_for_sampler', { model_id: other, path: 's' });
    const sampler = await app.request(`/api/v1/training_runs/${other}/checkpoints/sampler_weights/s/archive`);
    const loaded = decodeLearnerState(new Uint8Array(await sampler.arrayBuffer()), 'sampler', params.length);
    expect(again['path']).toBe(`selfplay://${other}/sampler_weights/s`);
    expect(loaded.params).toEqual(state.params);
    expect(loaded.optimizer).toBeUndefined();
  });

  it('keeps the newest checkpoints of each kind and says so of a dropped one', async () => {
    const { send, call } = learnerApp(undefined, 2);
    const model_id = await newModel(call, send);
    for (const name of ['s1', 's2', 's3']) await call('/api/v1/save_weights_for_sampler', { model_id, path: name });
    await call('/api/v1/save_weights', { model_id, path: 'w1' });
    const dropped = await call('/api/v1/load_weights', {
      model_id,
      path: `selfplay://${model_id}/sampler_weights/s1`,
      optimizer: false,
    });
    expect(dropped).toMatchObject({ category: 'user', error: expect.stringMatching(/dropped: it keeps the newest 2/) });
    for (const path of ['sampler_weights/s2', 'sampler_weights/s3', 'weights/w1'])
      expect(
        await call('/api/v1/load_weights', { model_id, path: `selfplay://${model_id}/${path}`, optimizer: false }),
      ).toMatchObject({ type: 'load_weights' });
  });

  it("answers bad requests with the caller's fault named: unknown model, base model, loss, tokens, key", async () => {
    const { send, call } = learnerApp();
    const model_id = await newModel(call, send);
    expect(
      (await send('/api/v1/forward', { forward_input: { data: [], loss_fn: 'cross_entropy' }, model_id: 'nope' })).json,
    ).toEqual({
      error: 'no model nope; create it with create_model first',
      category: 'user',
    });
    const wrongBase = await send('/api/v1/create_model', {
      session_id: 's',
      model_seq_id: 1,
      base_model: 'Qwen/Qwen3-8B',
    });
    expect(wrongBase.status).toBe(400);
    expect(wrongBase.json['error']).toMatch(/trains tiny, not Qwen/);
    const ppo = await call('/api/v1/forward_backward', {
      forward_backward_input: { data: [datum()], loss_fn: 'ppo' },
      model_id,
    });
    expect(ppo).toMatchObject({ category: 'user', error: expect.stringMatching(/loss_fn ppo is not built into/) });
    const huge = datum();
    huge.loss_fn_inputs.target_tokens = intTensor(tokens.slice(1).map(() => 9999));
    const outside = await call('/api/v1/forward', {
      forward_input: { data: [huge], loss_fn: 'cross_entropy' },
      model_id,
    });
    expect(outside).toMatchObject({
      category: 'user',
      error: expect.stringMatching(/token 9999 is outside the vocabulary/),
    });
    const malformed = await send('/api/v1/optim_step', { adam_params: { learning_rate: -1 }, model_id });
    expect(malformed.status).toBe(400);
    const locked = learnerApp('tml-key');
    expect((await locked.send('/api/v1/create_session', { tags: [], sdk_version: 't' })).status).toBe(401);
    expect(
      (await locked.send('/api/v1/create_session', { tags: [], sdk_version: 't' }, { 'x-api-key': 'tml-key' })).status,
    ).toBe(200);
    expect((await locked.send('/api/v1/healthz')).json).toEqual({ status: 'ok' });
  });
});

describe('the future queue', () => {
  it('answers pending until the work settles, long-polls, and runs work in arrival order', async () => {
    const queue = createFutureQueue();
    const order: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = queue.submit(async () => {
      await gate;
      order.push(1);
      return 'a';
    });
    const b = queue.submit(async () => {
      order.push(2);
      return 'b';
    });
    expect(await queue.retrieve(b, 0)).toEqual({ state: 'pending' });
    setTimeout(release, 20);
    expect(await queue.retrieve(a, 5000)).toEqual({ state: 'done', value: 'a' });
    expect(await queue.retrieve(b, 5000)).toEqual({ state: 'done', value: 'b' });
    expect(order).toEqual([1, 2]);
    expect(await queue.retrieve('req-unknown', 0)).toBeUndefined();
  });
});
