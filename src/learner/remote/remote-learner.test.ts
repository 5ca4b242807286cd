import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { adamwConfigSchema } from '../../lm/adamw.ts';
import { createModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createLearnerApp } from '../../serve/learner-server/learner-app.ts';
import { startLearnerServer, type RunningLearnerServer } from '../../serve/learner-server/start-learner-server.ts';
import { checkLearner, type LearnerFactory } from '../learner-conformance.ts';
import { createRemoteLearner } from './remote-learner.ts';
import { createTinkerClient } from './tinker-client.ts';

const servers: RunningLearnerServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A fresh learner-serve over the setup's weights (one model heap per server), and a remote learner talking to it over HTTP. */
const remote =
  (microBatch: number): LearnerFactory =>
  async ({ config, params, optim }) => {
    const kernels = createKernels({ heap: createHeap() });
    const server = await startLearnerServer({
      baseModel: 'probe',
      newModel: () => createModel({ kernels, config, params }),
      port: 0,
      microBatch,
    });
    servers.push(server);
    const sampler = createModel({ kernels: createKernels({ heap: createHeap() }), config, params });
    return createRemoteLearner({
      client: createTinkerClient({ baseUrl: server.url }),
      baseModel: 'probe',
      sampler,
      optim: adamwConfigSchema.parse(optim),
      microBatch,
    });
  };

/** learner-serve without `/api/v1/forward`, as SkyRL's Tinker server has none: the client reads log-probs otherwise. */
const withoutForward: LearnerFactory = async ({ config, params, optim }) => {
  const kernels = createKernels({ heap: createHeap() });
  const inner = createLearnerApp({ baseModel: 'probe', newModel: () => createModel({ kernels, config, params }) });
  const app = new Hono();
  app.post('/api/v1/forward', (c) => c.json({ detail: 'Not Found' }, 404));
  app.route('/', inner);
  const url = await new Promise<string>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
    servers.push({ url: '', port: 0, close: () => new Promise((done) => server.close(() => done())) });
  });
  return createRemoteLearner({
    client: createTinkerClient({ baseUrl: url }),
    baseModel: 'probe',
    sampler: createModel({ kernels: createKernels({ heap: createHeap() }), config, params }),
    optim: adamwConfigSchema.parse(optim),
    microBatch: 2,
  });
};

describe('the remote learner over selfplay learner-serve', () => {
  it('passes the learner conformance suite: every loss, the choice fits, steps, save/restore and publish', async () => {
    expect(await checkLearner(remote(2))).toEqual([]);
  });

  it('passes it against a service without forward (log-probs from a zero-weight forward_backward)', async () => {
    expect(await checkLearner(withoutForward)).toEqual([]);
  });
});
