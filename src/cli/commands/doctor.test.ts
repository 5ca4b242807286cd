import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import { createModel } from '../../lm/index.ts';
import { startTinyServer, tinyModel } from '../../serve/__fixtures__/tiny-server.ts';
import { type RunningLearnerServer, startLearnerServer } from '../../serve/learner-server/start-learner-server.ts';
import type { RunningServer } from '../../serve/start-server.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { main } from '../main.ts';

// A real `selfplay serve` and a real `selfplay learner-serve`, in process on free ports, over one tiny model.
let sampler: RunningServer;
let learner: RunningLearnerServer;
let dir: string;
beforeAll(async () => {
  vi.stubEnv('TINKER_API_KEY', '');
  const model = await tinyModel();
  sampler = await startTinyServer(model);
  learner = await startLearnerServer({
    baseModel: 'tiny',
    newModel: () => createModel({ kernels: model.kernels, config: model.config, params: model.params().slice() }),
    port: 0,
  });
  dir = await mkdtemp(join(tmpdir(), 'doctor-cli-'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([sampler.close(), learner.close(), rm(dir, { recursive: true, force: true })]);
});

const samplerSpec = (baseUrl: string) =>
  `openai:${baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm&decoding=guided&format=compact`;

/** A port nothing listens on: taken from the system, then let go (fetch has no pooled connection to it). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function doctor(...args: string[]) {
  const io = captureIo();
  const code = await main(['doctor', ...args], io);
  return { code, lines: io.out().trimEnd().split('\n'), err: io.err() };
}

describe('selfplay doctor', () => {
  it('passes every check against selfplay serve and learner-serve, one line each, exit 0', async () => {
    const { code, lines } = await doctor(
      '--sampler',
      samplerSpec(sampler.baseUrl),
      '--learner',
      `tinker:${learner.url}`,
      '--model',
      'tiny',
    );
    expect(lines.map((l) => l.slice(0, 36).trimEnd())).toEqual([
      'ok    sampler reachable',
      'ok    sampler model',
      'ok    sampler token ids + log-probs',
      'ok    sampler guided decoding',
      'ok    sampler weight sync',
      'ok    learner reachable',
      'ok    learner model',
      'ok    learner session + model',
      'ok    learner forward',
      'all 9 checks passed',
    ]);
    expect(lines[4]).toMatch(/reload: selfplay serve, weight_version "0"/);
    expect(code).toBe(0);
  });

  it('reads the same keys from --config, and names a bad key', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ learner: `tinker:${learner.url}`, model: 'tiny' }));
    const passed = await doctor('--config', good);
    expect(passed.code).toBe(0);
    expect(passed.lines.at(-1)).toBe('all 4 checks passed');

    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ sampler: samplerSpec(sampler.baseUrl), learnr: 'tinker:http://x' }));
    const refused = await doctor('--config', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${bad}: unknown key "learnr"; the keys are sampler, sync, learner, model`);
  });

  it('fails the right check with a one-line fix: a server without log-probs, a dead port', async () => {
    // vLLM without log-probs and without dev mode: no /collective_rpc for sync full either.
    const scripted = await startScriptedServer((request) => {
      if (request.path === '/v1/models') return { json: { data: [{ id: 'tiny' }] } };
      if (request.path !== '/v1/completions') return { status: 404, json: { detail: 'Not Found' } };
      return { json: { choices: [{ index: 0, text: '[bet]', token_ids: [1], prompt_token_ids: [2] }] } };
    });
    const noLogprobs = await doctor('--sampler', samplerSpec(scripted.baseUrl), '--sync', 'full');
    await scripted.close();
    expect(noLogprobs.code).toBe(1);
    expect(noLogprobs.lines[2]).toMatch(
      /^FAIL {2}sampler token ids \+ log-probs {2}the reply has no per-token log-probs; vLLM returns log-probs unless/,
    );
    expect(noLogprobs.lines[4]).toMatch(/^FAIL {2}sampler weight sync .*VLLM_SERVER_DEV_MODE=1/);
    expect(noLogprobs.lines.at(-1)).toBe('2 of 5 checks failed');

    const port = await deadPort();
    const dead = await doctor(
      '--sampler',
      samplerSpec(`http://127.0.0.1:${port}/v1`),
      '--learner',
      `tinker:http://127.0.0.1:${port}`,
    );
    expect(dead.code).toBe(1);
    expect(dead.lines[0]).toMatch(/^FAIL {2}sampler reachable {14}cannot reach .* \(connection refused\)/);
    expect(dead.lines[1]).toMatch(/^FAIL {2}learner reachable {14}the learner at .* did not answer .*ECONNREFUSED/);
  });
});
