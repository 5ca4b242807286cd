import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import { createTinkerClient, RemoteLearnerError } from './tinker-client.ts';

const noWait = { sleep: async () => {}, random: () => 0.5 };
const root = (baseUrl: string) => baseUrl.replace(/\/v1$/, '');
const resultSchema = z.object({ metrics: z.record(z.string(), z.number()) });

describe('the Tinker client', () => {
  it('polls a future through try_again to its result, with one idempotency key per request across its retries', async () => {
    const server = await startScriptedServer((req, i) => {
      if (i === 0) return { status: 503, json: { error: 'busy' } };
      if (req.path === '/api/v1/optim_step') return { json: { request_id: 'r1' } };
      if (i < 4) return { json: { type: 'try_again', request_id: 'r1', queue_state: 'active' } };
      return { json: { type: 'optim_step', metrics: { grad_norm: 2.5, step: 1 } } };
    });
    try {
      const client = createTinkerClient({ baseUrl: root(server.baseUrl), apiKey: 'tml-secret', ...noWait });
      const result = await client.call('/api/v1/optim_step', { model_id: 'm' }, resultSchema);
      expect(result.metrics['grad_norm']).toBe(2.5);
      const paths = server.requests.map((r) => r.path);
      expect(paths).toEqual([
        '/api/v1/optim_step',
        '/api/v1/optim_step',
        '/api/v1/retrieve_future',
        '/api/v1/retrieve_future',
        '/api/v1/retrieve_future',
      ]);
      // The retried optim_step kept its key (the server then runs it once); each poll has its own.
      const keys = server.requests.map((r) => r.headers['x-idempotency-key']);
      expect(keys[0]).toBe(keys[1]);
      expect(new Set(keys).size).toBe(4);
      expect(server.requests.every((r) => r.headers['x-api-key'] === 'tml-secret')).toBe(true);
      expect(server.requests[2]!.body).toEqual({ request_id: 'r1' });
    } finally {
      await server.close();
    }
  });

  it('reports a request the service failed, with its category, and does not retry a user error', async () => {
    const server = await startScriptedServer((req) =>
      req.path === '/api/v1/forward_backward'
        ? { json: { request_id: 'r9' } }
        : { json: { error: 'token 999 is outside the vocabulary', category: 'user' } },
    );
    try {
      const client = createTinkerClient({ baseUrl: root(server.baseUrl), ...noWait });
      const failure = await client.call('/api/v1/forward_backward', {}, resultSchema).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(RemoteLearnerError);
      expect((failure as Error).message).toMatch(/failed \/api\/v1\/forward_backward \(user error\): token 999/);
      expect(server.requests).toHaveLength(2);
      const bad = await client
        .post('/api/v1/create_session', {}, z.object({ session_id: z.string() }))
        .catch((e: unknown) => e);
      expect((bad as Error).message).toMatch(/JSON that is not Tinker's reply/);
    } finally {
      await server.close();
    }
  });

  it('gives up on a server that keeps failing, naming it and the attempts, without leaking the key', async () => {
    const server = await startScriptedServer(() => ({ status: 500, json: { error: 'boom tml-secret' } }));
    try {
      const client = createTinkerClient({
        baseUrl: root(server.baseUrl),
        apiKey: 'tml-secret',
        maxAttempts: 3,
        ...noWait,
      });
      const failure = (await client.get('/api/v1/healthz', z.unknown()).catch((e: unknown) => e)) as Error;
      expect(failure.message).toMatch(/answered GET \/api\/v1\/healthz with 500.*gave up after 3 attempts/s);
      expect(failure.message).not.toContain('tml-secret');
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('reports a learner that is not there as unreachable after its retries', async () => {
    const server = await startScriptedServer(() => ({ json: {} }));
    const url = root(server.baseUrl);
    await server.close();
    const client = createTinkerClient({ baseUrl: url, maxAttempts: 2, ...noWait });
    const failure = (await client.post('/api/v1/create_session', {}, z.unknown()).catch((e: unknown) => e)) as Error;
    expect(failure).toBeInstanceOf(RemoteLearnerError);
    expect(failure.message).toMatch(
      /did not answer POST \/api\/v1\/create_session: .*ECONNREFUSED.*gave up after 2 attempts/s,
    );
  });

  it("follows an archive answered with a signed URL (Tinker's JSON contract) to the bytes", async () => {
    const server = await startScriptedServer((req) =>
      req.path.endsWith('/archive')
        ? { json: { url: `${root(base)}/blob/abc`, expires: '2026-12-07T20:00:00Z' } }
        : { body: 'weights-bytes', headers: { 'content-type': 'application/octet-stream' } },
    );
    const base = server.baseUrl;
    try {
      const client = createTinkerClient({ baseUrl: root(base), ...noWait });
      const bytes = await client.download('/api/v1/training_runs/m/checkpoints/weights/w1/archive');
      expect(new TextDecoder().decode(bytes)).toBe('weights-bytes');
      expect(server.requests.map((r) => r.path)).toEqual([
        '/api/v1/training_runs/m/checkpoints/weights/w1/archive',
        '/blob/abc',
      ]);
    } finally {
      await server.close();
    }
  });
});
