import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  createModelRequestSchema,
  createSessionRequestSchema,
  forwardBackwardRequestSchema,
  forwardRequestSchema,
  loadWeightsRequestSchema,
  optimStepRequestSchema,
  retrieveFutureRequestSchema,
  saveWeightsRequestSchema,
} from '../../learner/remote/tinker-wire.ts';
import type { LmModel } from '../../lm/index.ts';
import { createFutureQueue, LearnerUserError } from './future-queue.ts';
import { createTrainedModel, type TrainedModel } from './trained-model.ts';

export interface LearnerAppOptions {
  /** The `base_model` clients name in `create_model`. */
  readonly baseModel: string;
  /** A fresh copy of the base weights for each `create_model`. */
  readonly newModel: () => LmModel;
  /** When set, every /api/v1 request must carry `X-API-Key: <apiKey>` (Tinker's header). */
  readonly apiKey?: string;
  /** Distinct sequences per forward/backward pass (default 32, the in-process learner's). */
  readonly microBatch?: number;
  /** Largest request body (default 256 MiB: a state upload holds weights and two moments). */
  readonly maxBodyBytes?: number;
  /** How long `retrieve_future` waits for a pending request before answering `try_again` (default 1 s). */
  readonly longPollMs?: number;
  /**
   * Checkpoints kept per model and kind, in memory (default 4): a trainer saves weights for its sampler after every
   * step under a fresh name, so older ones are dropped; downloading or loading a dropped one is a clear error.
   */
  readonly keepCheckpoints?: number;
}

const checkpointKinds = ['weights', 'sampler_weights'] as const;
type CheckpointKind = (typeof checkpointKinds)[number];

/**
 * Tinker's training API over the built-in LM (research/interop.md §3.1, the JSON dialect its SDK sent): sessions,
 * `create_model`, `forward` / `forward_backward` with the `cross_entropy` loss (Tinker's custom-loss path: the client
 * computes any other loss's token weights from `forward`'s log-probs), `optim_step` with Adam parameters,
 * `save_weights` / `save_weights_for_sampler` / `load_weights`, futures through `retrieve_future`, and Tinker's
 * checkpoint archive download. One extension, for resuming on a server that never saw the run: `PUT` of an archive.
 */
export function createLearnerApp(options: LearnerAppOptions): Hono {
  const queue = createFutureQueue();
  const models = new Map<string, TrainedModel>();
  const checkpoints = new Map<string, Uint8Array>();
  const keep = options.keepCheckpoints ?? 4;
  const store = (path: string, bytes: Uint8Array) => {
    checkpoints.delete(path);
    checkpoints.set(path, bytes);
    const prefix = path.slice(0, path.lastIndexOf('/') + 1);
    const same = [...checkpoints.keys()].filter((p) => p.startsWith(prefix));
    for (const old of same.slice(0, Math.max(0, same.length - keep))) checkpoints.delete(old);
  };
  const longPollMs = options.longPollMs ?? 1000;
  let sessions = 0;
  let created = 0;
  const app = new Hono();

  app.onError((error, c) => {
    const status = error instanceof LearnerUserError ? 400 : 500;
    return c.json({ error: error.message, category: status === 400 ? 'user' : 'server' }, status);
  });
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}`, category: 'user' }, 404));
  app.get('/api/v1/healthz', (c) => c.json({ status: 'ok' }));
  if (options.apiKey !== undefined) app.use('/api/*', apiKeyCheck(options.apiKey));
  app.use('/api/*', bodyLimit({ maxSize: options.maxBodyBytes ?? 256 * 1024 * 1024 }));

  const modelOf = (id: string) => {
    const model = models.get(id);
    if (!model) throw new LearnerUserError(`no model ${id}; create it with create_model first`);
    return model;
  };
  const pathOf = (modelId: string, kind: CheckpointKind, name: string) => `selfplay://${modelId}/${kind}/${name}`;
  const savedAt = (path: string) => {
    const bytes = checkpoints.get(path);
    if (!bytes) {
      throw new LearnerUserError(
        `no checkpoint ${path} on this server (never saved, or dropped: it keeps the newest ${keep} of each kind)`,
      );
    }
    return bytes;
  };
  const future = (c: Context, work: () => Promise<unknown> | unknown, modelId?: string) =>
    c.json({
      request_id: queue.submit(async () => work(), c.req.header('x-idempotency-key')),
      ...(modelId ? { model_id: modelId } : {}),
    });

  app.get('/api/v1/get_server_capabilities', (c) =>
    c.json({ supported_models: [{ model_name: options.baseModel, max_context_length: null }] }),
  );
  app.post('/api/v1/create_session', async (c) => {
    await readJson(c, createSessionRequestSchema);
    return c.json({ type: 'create_session', session_id: `session-${sessions++}` });
  });
  app.post('/api/v1/session_heartbeat', (c) => c.json({ type: 'session_heartbeat' }));
  app.post('/api/v1/create_model', async (c) => {
    const body = await readJson(c, createModelRequestSchema);
    if (body.base_model !== options.baseModel) {
      throw new LearnerUserError(`this server trains ${options.baseModel}, not ${body.base_model}`);
    }
    return future(c, () => {
      const id = `model-${created++}`;
      models.set(id, createTrainedModel(options.newModel(), options));
      return { type: 'create_model', model_id: id };
    });
  });
  app.post('/api/v1/forward', async (c) => {
    const body = await readJson(c, forwardRequestSchema);
    const model = modelOf(body.model_id);
    return future(c, () => model.run(crossEntropyData(body.forward_input), false), body.model_id);
  });
  app.post('/api/v1/forward_backward', async (c) => {
    const body = await readJson(c, forwardBackwardRequestSchema);
    const model = modelOf(body.model_id);
    return future(c, () => model.run(crossEntropyData(body.forward_backward_input), true), body.model_id);
  });
  app.post('/api/v1/optim_step', async (c) => {
    const body = await readJson(c, optimStepRequestSchema);
    const model = modelOf(body.model_id);
    return future(
      c,
      () => {
        const { gradNorm, step } = model.optimStep(body.adam_params);
        return { type: 'optim_step', metrics: { grad_norm: gradNorm, step } };
      },
      body.model_id,
    );
  });
  for (const kind of checkpointKinds) {
    const route = kind === 'weights' ? 'save_weights' : 'save_weights_for_sampler';
    app.post(`/api/v1/${route}`, async (c) => {
      const body = await readJson(c, saveWeightsRequestSchema);
      const model = modelOf(body.model_id);
      return future(
        c,
        () => {
          const path = pathOf(body.model_id, kind, checkpointName(body.path ?? `${created}-${checkpoints.size}`));
          store(path, model.save(kind === 'weights'));
          return { type: route, path };
        },
        body.model_id,
      );
    });
  }
  app.post('/api/v1/load_weights', async (c) => {
    const body = await readJson(c, loadWeightsRequestSchema);
    const model = modelOf(body.model_id);
    return future(
      c,
      () => {
        model.load(savedAt(body.path), body.path, body.optimizer);
        return { type: 'load_weights', path: body.path };
      },
      body.model_id,
    );
  });
  app.post('/api/v1/retrieve_future', async (c) => {
    const body = await readJson(c, retrieveFutureRequestSchema);
    const outcome = await queue.retrieve(body.request_id, longPollMs);
    if (!outcome) throw new LearnerUserError(`no request ${body.request_id} (unknown, or retrieved too long ago)`);
    if (outcome.state === 'pending') {
      return c.json({ type: 'try_again', request_id: body.request_id, queue_state: 'active' });
    }
    if (outcome.state === 'failed') return c.json({ error: outcome.error, category: outcome.category });
    return c.json(outcome.value as object);
  });

  // Tinker's archive route answers a download URL; here it answers the bytes themselves (a client that follows the
  // redirect reads the same thing).
  app.get('/api/v1/training_runs/:model/checkpoints/:kind/:name/archive', (c) => {
    const { model, kind, name } = c.req.param();
    const bytes = savedAt(pathOf(model, checkpointKindOf(kind), name));
    return c.body(bytes.slice().buffer, 200, { 'content-type': 'application/octet-stream' });
  });
  app.put('/api/v1/training_runs/:model/checkpoints/:kind/:name', async (c) => {
    const { model, kind, name } = c.req.param();
    modelOf(model);
    const path = pathOf(model, checkpointKindOf(kind), checkpointName(name));
    store(path, new Uint8Array(await c.req.arrayBuffer()));
    return c.json({ path });
  });
  return app;
}

/** The request's data, refusing the losses this server leaves to the client's custom-loss path. */
function crossEntropyData(input: z.infer<typeof forwardBackwardRequestSchema>['forward_backward_input']) {
  if (input.loss_fn !== 'cross_entropy') {
    throw new LearnerUserError(
      `loss_fn ${input.loss_fn} is not built into selfplay learner-serve; send cross_entropy with per-token weights (Tinker's custom-loss path)`,
    );
  }
  return input.data;
}

function checkpointKindOf(kind: string): CheckpointKind {
  if ((checkpointKinds as readonly string[]).includes(kind)) return kind as CheckpointKind;
  throw new LearnerUserError(`checkpoint kind ${kind} is neither weights nor sampler_weights`);
}

function checkpointName(name: string): string {
  if (!/^[\w.-]{1,128}$/.test(name))
    throw new LearnerUserError(`checkpoint name ${JSON.stringify(name)}: use letters, digits, _ . -`);
  return name;
}

async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new LearnerUserError('the request body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new LearnerUserError(`invalid request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function apiKeyCheck(apiKey: string) {
  const expected = Buffer.from(apiKey);
  return async (c: Context, next: () => Promise<void>) => {
    const given = Buffer.from(c.req.header('x-api-key') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json({ error: 'missing or wrong X-API-Key', category: 'user' }, 401);
    }
    await next();
    return undefined;
  };
}
