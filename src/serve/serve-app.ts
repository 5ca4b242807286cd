import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { LmModel } from '../lm/index.ts';
import { createSemaphore } from '../llm/index.ts';
import type { Rng } from '../spec/rng.ts';
import type { Batcher, BatcherStats } from './batcher.ts';
import { chatReply } from './chat-route.ts';
import { completionReply } from './completions-route.ts';
import { ServeError, validationError } from './openai-error.ts';
import { type CheckpointPathResolver, reloadReply, reloadRequestSchema } from './reload-route.ts';
import type { ReplyContext, RouteReply } from './reply-context.ts';
import { chatRequestSchema, completionRequestSchema } from './schemas.ts';
import { createServedWeights, type WeightsLease } from './served-weights.ts';
import type { ServerStats, StatsRecorder } from './server-stats.ts';

export interface ServeAppOptions {
  /** The weights served at start; `POST /v1/reload` replaces them with a checkpoint of the same model config. */
  readonly model: LmModel;
  /** The label of the starting weights in `/health` and `/v1/models` (default "0"). */
  readonly weightVersion?: string;
  /**
   * How `POST /v1/reload` turns its `checkpoint` into a checkpoint folder; default: the path is the folder. The CLI
   * passes the resolver of `serve --checkpoint`, so a run folder means its latest checkpoint there too.
   */
  readonly resolveCheckpoint?: CheckpointPathResolver;
  /** The `model` clients must send, and the only id /v1/models lists. */
  readonly modelName: string;
  readonly batcher: Batcher;
  readonly stats: StatsRecorder;
  readonly seedRng: Rng;
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /** Requests sampled at once; more wait in line (default 256). */
  readonly maxConcurrency?: number;
  /** Requests that may wait for a slot before the server answers 429 (default 4 × maxConcurrency). */
  readonly maxQueue?: number;
  /** Largest request body; bigger ones get 413 (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Unix time in ms, for `created`. */
  readonly now?: () => number;
}

/** What `GET /stats` returns: request timing and the batcher's counters. */
export interface ServeStats extends ServerStats {
  readonly batcher: BatcherStats;
}

export const processingHeader = 'x-selfplay-processing-ms';

/**
 * The OpenAI-compatible routes over one built-in model, as a Hono app (testable with `app.request`):
 * GET /v1/models, POST /v1/completions, POST /v1/chat/completions, plus GET /health, GET /stats and
 * POST /v1/reload (new weights without a restart).
 */
export function createServeApp(options: ServeAppOptions): Hono {
  const { model, modelName, batcher, stats } = options;
  const weights = createServedWeights({
    model,
    ...(options.weightVersion === undefined ? {} : { version: options.weightVersion }),
  });
  const resolveCheckpoint = options.resolveCheckpoint ?? ((path: string) => path);
  const now = options.now ?? Date.now;
  const maxConcurrency = options.maxConcurrency ?? 256;
  const maxQueue = options.maxQueue ?? 4 * maxConcurrency;
  const limiter = createSemaphore(maxConcurrency);
  const idBase = now().toString(36);
  let replies = 0;
  // The model is each request's own lease; everything else is shared.
  const ctx: Omit<ReplyContext, 'model'> = {
    batcher,
    seedRng: options.seedRng,
    modelName,
    nextId: (prefix) => `${prefix}-${idBase}${(replies++).toString(36).padStart(6, '0')}`,
    nowSeconds: () => Math.floor(now() / 1000),
  };
  const created = ctx.nowSeconds();
  const app = new Hono();

  app.onError((error, c) => {
    const known =
      error instanceof ServeError
        ? error
        : new ServeError({ status: 500, message: `internal error: ${error.message}`, code: 'internal_error' });
    return c.json(known.body(), known.status);
  });
  app.notFound((c) =>
    fail(c, { status: 404, message: `no route ${c.req.method} ${c.req.path}; see /v1/models`, code: 'not_found' }),
  );

  app.get('/health', (c) => {
    const { version, reloads } = weights.info();
    return c.json({ status: 'ok', weight_version: version, reloads });
  });
  if (options.apiKey !== undefined) app.use('*', bearerCheck(options.apiKey));
  app.get('/stats', (c) => c.json({ ...stats.snapshot(), batcher: batcher.stats() } satisfies ServeStats));

  const modelCard = () => ({
    id: modelName,
    object: 'model',
    created,
    owned_by: 'selfplay',
    max_model_len: model.config.context,
    weight_version: weights.info().version,
  });
  app.get('/v1/models', (c) => c.json({ object: 'list', data: [modelCard()] }));
  app.get('/v1/models/:id{.+}', (c) => {
    if (c.req.param('id') === modelName) return c.json(modelCard());
    throw unknownModel(c.req.param('id'), modelName);
  });
  app.all('/v1/models', (c) => {
    c.header('allow', 'GET');
    return fail(c, { status: 405, message: `/v1/models takes GET, not ${c.req.method}`, code: 'method_not_allowed' });
  });

  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes ?? 1024 * 1024,
    onError: (c) =>
      fail(c, {
        status: 413,
        message: `the request body is larger than ${options.maxBodyBytes ?? 1024 * 1024} bytes; send less or restart the server with a larger --max-body-bytes`,
        code: 'request_too_large',
      }),
  });

  const route = <S extends z.ZodType<{ model: string }>>(
    path: string,
    schema: S,
    reply: (ctx: ReplyContext, body: z.output<S>) => Promise<RouteReply>,
  ) => {
    app.post(path, limitBody, async (c) => {
      const end = stats.begin();
      const release = batcher.hold();
      let lease: WeightsLease | undefined;
      try {
        const body = await readBody(c, schema);
        if (body.model !== modelName) throw unknownModel(body.model, modelName);
        if (limiter.active >= limiter.limit && limiter.waiting >= maxQueue) {
          c.header('retry-after', '1');
          throw new ServeError({
            status: 429,
            type: 'rate_limit_error',
            code: 'too_many_requests',
            message: `${limiter.active} requests are running and ${limiter.waiting} waiting; retry shortly or raise --max-concurrency`,
          });
        }
        // Waiting for a slot is not arriving: the running batch must not wait for this request.
        if (limiter.active >= limiter.limit) release();
        // Sampling submits to the batcher synchronously, before the first await inside `reply`.
        // The weights are leased when sampling starts: a request still waiting for a slot gets the newest.
        const out = await limiter.run(() => {
          lease = weights.acquire();
          const replying = reply({ ...ctx, model: lease.model }, body);
          release();
          return replying;
        });
        const elapsed = end();
        c.header(processingHeader, elapsed.toFixed(3));
        return out.kind === 'json' ? c.json(out.body) : sseResponse(out.chunks, elapsed);
      } finally {
        lease?.release();
        release();
        end();
      }
    });
    app.all(path, (c) => {
      c.header('allow', 'POST');
      return fail(c, { status: 405, message: `${path} takes POST, not ${c.req.method}`, code: 'method_not_allowed' });
    });
  };
  route('/v1/completions', completionRequestSchema, completionReply);
  route('/v1/chat/completions', chatRequestSchema, chatReply);

  app.post('/v1/reload', limitBody, async (c) => {
    const body = await readBody(c, reloadRequestSchema);
    return c.json(await reloadReply({ weights, resolvePath: resolveCheckpoint, body }));
  });
  app.all('/v1/reload', (c) => {
    c.header('allow', 'POST');
    return fail(c, { status: 405, message: `/v1/reload takes POST, not ${c.req.method}`, code: 'method_not_allowed' });
  });
  return app;
}

function fail(c: Context, error: ConstructorParameters<typeof ServeError>[0]): Response {
  const e = new ServeError(error);
  return c.json(e.body(), e.status);
}

function unknownModel(asked: string, served: string): ServeError {
  return new ServeError({
    status: 404,
    param: 'model',
    code: 'model_not_found',
    message: `the model "${asked}" does not exist here; this server serves "${served}"`,
  });
}

async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new ServeError({ status: 400, message: 'the request body is not valid JSON', code: 'invalid_json' });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Streams are sampled whole before the first byte is sent (generate is one synchronous call), then replayed. */
function sseResponse(chunks: readonly unknown[], elapsedMs: number): Response {
  const text = `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
  return new Response(text, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      [processingHeader]: elapsedMs.toFixed(3),
    },
  });
}

// Both sides are hashed first, so the comparison takes the same time whatever the key's length.
function bearerCheck(apiKey: string) {
  const expected = createHash('sha256').update(apiKey).digest();
  return async (c: Context, next: () => Promise<void>): Promise<Response | undefined> => {
    const header = c.req.header('authorization') ?? '';
    const given = createHash('sha256')
      .update(header.replace(/^Bearer\s+/i, ''))
      .digest();
    if (!/^Bearer\s+/i.test(header) || !timingSafeEqual(given, expected)) {
      return fail(c, {
        status: 401,
        message: 'missing or wrong API key: send the key as "Authorization: Bearer <key>"',
        code: 'invalid_api_key',
      });
    }
    await next();
    return undefined;
  };
}
