import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createLearnerApp, type LearnerAppOptions } from './learner-app.ts';

export interface StartLearnerServerOptions extends LearnerAppOptions {
  /** Default 127.0.0.1: a learner takes weights and gradients from whoever reaches it, so nothing is offered unasked. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
}

export interface RunningLearnerServer {
  /** The service root a Tinker client takes (`http://host:port`). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the Tinker training API over the built-in LM until `close()`. */
export async function startLearnerServer(options: StartLearnerServerOptions): Promise<RunningLearnerServer> {
  const host = options.host ?? '127.0.0.1';
  const app = createLearnerApp(options);
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, hostname: host, port: options.port }, (info) =>
        resolve({ server, address: info }),
      );
      server.once('error', (error) => reject(new Error(`cannot listen on ${host}:${options.port}: ${error.message}`)));
    },
  );
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
