import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGame } from '../../games/registry.ts';
import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { saveTinyCheckpoint, startTinyServer } from '../../serve/__fixtures__/tiny-server.ts';
import type { RunningServer } from '../../serve/start-server.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { LegalMassError, measurePlayerExploitability } from './player-exploitability.ts';

// The acceptance of "one policy everywhere": a checkpoint measured in-process and the same checkpoint behind
// `selfplay serve`, read through the spec serve prints (guided decoding, its observation layout).
describe('a served checkpoint measured through the OpenAI API', () => {
  const kuhn = getGame('kuhn-poker');
  const io = captureIo();
  let dir: string;
  let server: RunningServer;
  const spec = (extra: string) => `openai:${server.baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm${extra}`;

  beforeAll(async () => {
    dir = await saveTinyCheckpoint();
    const { model } = await loadModel(dir, { kernels: createKernels({ heap: createHeap() }) });
    server = await startTinyServer(model);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('scored with guided decoding equals the in-process checkpoint to 1e-6', async () => {
    const local = await measurePlayerExploitability({ game: kuhn, spec: `checkpoint:${dir}`, format: 'compact', io });
    const served = await measurePlayerExploitability({
      game: kuhn,
      spec: spec('&decoding=guided&format=compact'),
      method: 'scored',
      io,
    });
    expect(served.format).toBe('compact');
    expect(served.scored!.legalMass.min).toBeCloseTo(1, 9);
    expect(served.measurement.exploitability).toBeCloseTo(local.measurement.exploitability, 6);
  });

  it('refuses to score free decoding of a model that writes no legal move, unless forced; auto samples instead', async () => {
    const free = spec('&format=compact');
    await expect(measurePlayerExploitability({ game: kuhn, spec: free, method: 'scored', io })).rejects.toThrow(
      LegalMassError,
    );
    const forced = await measurePlayerExploitability({
      game: kuhn,
      spec: free,
      method: 'scored',
      forceScored: true,
      io,
    });
    expect(forced.scored!.legalMass.mean).toBeLessThan(0.5);
    const auto = await measurePlayerExploitability({ game: kuhn, spec: free, samples: 4, bootstrap: 10, io });
    expect(auto.method).toBe('sampled');
    expect(auto.fallback).toMatch(/legal moves/);
  });
});
