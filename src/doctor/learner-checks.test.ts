import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, type LmModel } from '../lm/index.ts';
import { tinyModel } from '../serve/__fixtures__/tiny-server.ts';
import { createLearnerApp } from '../serve/learner-server/learner-app.ts';
import { type RunningLearnerServer, startLearnerServer } from '../serve/learner-server/start-learner-server.ts';
import { checkLearner } from './learner-checks.ts';

let model: LmModel;
const servers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  model = await tinyModel();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const newModel = () => createModel({ kernels: model.kernels, config: model.config, params: model.params().slice() });

async function learnerServer(apiKey?: string): Promise<RunningLearnerServer> {
  const server = await startLearnerServer({ baseModel: 'tiny', newModel, port: 0, ...(apiKey ? { apiKey } : {}) });
  servers.push(server);
  return server;
}

/** learner-serve without `/api/v1/forward`, as SkyRL's Tinker server has none. */
async function serverWithoutForward(): Promise<string> {
  const app = new Hono();
  app.post('/api/v1/forward', (c) => c.json({ detail: 'Not Found' }, 404));
  app.route('/', createLearnerApp({ baseModel: 'tiny', newModel }));
  return new Promise<string>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
    servers.push({ close: () => new Promise((done) => server.close(() => done())) });
  });
}

describe('the learner checks', () => {
  it('pass against selfplay learner-serve: healthz, capabilities, session + model, a one-datum forward', async () => {
    const server = await learnerServer();
    const results = await checkLearner({ url: server.url, model: 'tiny' });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['learner reachable', true],
      ['learner model', true],
      ['learner session + model', true],
      ['learner forward', true],
    ]);
    expect(results[3]!.detail).toMatch(/^\d+ log-probs \(mean -\d+\.\d{3}\)$/);
  });

  it('fall back to a zero-weight forward_backward where there is no forward route, and say so', async () => {
    const url = await serverWithoutForward();
    const results = await checkLearner({ url, model: 'tiny' });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[3]!.detail).toMatch(/^no forward route \(404\): the trainer reads log-probs with a zero-weight/);
  });

  it("report another model, a missing key and a dead port with the service's answer and the fix", async () => {
    const server = await learnerServer('tk-doctor');
    const unkeyed = await checkLearner({ url: server.url, model: 'tiny' });
    expect(unkeyed.map((r) => r.ok)).toEqual([true, false]);
    expect(unkeyed[1]!.detail).toMatch(
      /answered GET \/api\/v1\/get_server_capabilities with 401: .*set TINKER_API_KEY/,
    );

    const other = await checkLearner({ url: server.url, model: 'qwen', apiKey: 'tk-doctor' });
    expect(other[1]!.detail).toBe('the service trains "tiny", not "qwen": pass --model with one of them');

    const dead = await learnerServer();
    await servers.pop()!.close();
    const [refused, ...rest] = await checkLearner({ url: dead.url, model: 'tiny' });
    expect(rest).toEqual([]);
    expect(refused!.detail).toMatch(/did not answer GET \/api\/v1\/healthz: .*ECONNREFUSED.*; start the service/);
  });
});
