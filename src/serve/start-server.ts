import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { LmModel } from '../lm/index.ts';
import { createRng } from '../util/rng.ts';
import { createBatcher } from './batcher.ts';
import { ServeError } from './openai-error.ts';
import type { CheckpointPathResolver } from './reload-route.ts';
import { createServeApp, type ServeStats } from './serve-app.ts';
import { createStatsRecorder } from './server-stats.ts';

export interface StartServerOptions {
  readonly model: LmModel;
  /** The name clients send as `model`; default `selfplay`. */
  readonly modelName?: string;
  /** Default 127.0.0.1: nothing is offered to the network unasked. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly apiKey?: string;
  readonly maxConcurrency?: number;
  readonly maxBodyBytes?: number;
  /** How long the first request of a batch waits for others to join (ms); default 2. */
  readonly batchWindowMs?: number;
  /** Most sequences per generate call; default 256. */
  readonly maxBatch?: number;
  /** Seeds requests that carry no seed; default 0, so a server restarted and replayed answers the same. */
  readonly seed?: number;
  /** How `POST /v1/reload` finds the checkpoint folder for the path it is sent; default: the path is the folder. */
  readonly resolveCheckpoint?: CheckpointPathResolver;
}

export interface RunningServer {
  /** The OpenAI base URL, ending in /v1. */
  readonly baseUrl: string;
  readonly port: number;
  readonly modelName: string;
  stats(): ServeStats;
  /** Refuses waiting work, closes connections and stops listening. */
  close(): Promise<void>;
}

/** Serves `model` over the OpenAI API until `close()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const modelName = options.modelName ?? 'selfplay';
  const batcher = createBatcher({
    ...(options.batchWindowMs === undefined ? {} : { windowMs: options.batchWindowMs }),
    ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
  });
  const stats = createStatsRecorder();
  const app = createServeApp({
    model: options.model,
    modelName,
    batcher,
    stats,
    seedRng: createRng(options.seed ?? 0),
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.resolveCheckpoint === undefined ? {} : { resolveCheckpoint: options.resolveCheckpoint }),
  });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8000 }, (info) =>
        resolve({ server, address: info }),
      );
      server.once('error', (error) => reject(new ServeStartError(host, options.port ?? 8000, error)));
    },
  );
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    baseUrl: `http://${shownHost}:${address.port}/v1`,
    port: address.port,
    modelName,
    stats: () => ({ ...stats.snapshot(), batcher: batcher.stats() }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        batcher.close(new ServeError({ status: 503, message: 'the server is shutting down', code: 'shutting_down' }));
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

/** The server could not listen (port taken, address not local). */
export class ServeStartError extends Error {
  override readonly name = 'ServeStartError';
  constructor(host: string, port: number, cause: Error) {
    super(`cannot listen on ${host}:${port} (${cause.message}); pick another --port or --host`, { cause });
  }
}
