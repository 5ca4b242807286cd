import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDashboardApp } from './dashboard-app.ts';

export interface StartDashboardOptions {
  readonly root: string;
  /** Default 127.0.0.1: the page shows configs and transcripts, so it is not offered to the network unasked. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly pollMs?: number;
}

export interface RunningDashboard {
  readonly url: string;
  /** Ends the live streams, then stops the server. */
  close(): Promise<void>;
}

/** Serves the dashboard over HTTP until `close()`. */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  const streams = new AbortController();
  const app = createDashboardApp({
    root: options.root,
    signal: streams.signal,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, (info) =>
        resolve({ server, address: info }),
      );
      server.once('error', (error) => reject(new DashboardStartError(host, options.port ?? 0, error)));
    },
  );
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        streams.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

/** The server could not listen (port taken, host not local). */
export class DashboardStartError extends Error {
  override readonly name = 'DashboardStartError';
  constructor(host: string, port: number, cause: Error) {
    super(`cannot listen on ${host}:${port} (${cause.message}); pick another --port or --host`, { cause });
  }
}
