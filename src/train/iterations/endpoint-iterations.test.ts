import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRun } from '../../export/export-run.ts';
import type { ScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import { serverRoot } from '../../llm/index.ts';
import { createModel, resolveModelConfig, saveCheckpoint } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { alternativesFor, fileVerdict, startJudgeServer } from '../../preference/__fixtures__/judge-server.ts';
import { readPreferenceFile } from '../../preference/index.ts';
import { startServer } from '../../serve/index.ts';
import { openRunStore, type RunStore, type SampleRow } from '../../store/run-store.ts';
import { createRng } from '../../util/rng.ts';
import { parseIterationConfig } from './iteration-config.ts';
import { createServedSampler } from './served-responses.ts';
import { trainIterations } from './train-iterations.ts';

const preferences = fileURLToPath(new URL('../../../data/preferences/intransitive-5.json', import.meta.url));
const tinyModel = { layers: 1, width: 32, heads: 2, context: 64 };
const iterations = 3;

let judge: ScriptedServer;
beforeAll(async () => {
  // A judge whose verdicts are the file's matrix: listed beats unlisted, unlisted ones tie.
  const verdict = fileVerdict(await readPreferenceFile(preferences));
  judge = await startJudgeServer((q) => alternativesFor(verdict(q)));
});
afterAll(() => judge.close());

/**
 * A tiny SPPO run (the budget of judge-iterations.test.ts) sampled by a `selfplay serve` of other weights (seed 99)
 * and judged by the scripted judge; `run` reads the store before it closes. `stale`: the server's reload always loads
 * its starting weights, as a sampler that silently ignored the sync would.
 */
async function servedRun<T>(stale: boolean, read: (store: RunStore, health: unknown) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'selfplay-endpoint-iter-'));
  const model = createModel({
    kernels: createKernels({ heap: createHeap() }),
    config: resolveModelConfig(tinyModel, 'small'),
    rng: createRng(99),
  });
  const startDir = join(root, 'start');
  await saveCheckpoint(startDir, { config: model.config, params: model.params().slice() });
  const server = await startServer({ model, port: 0, resolveCheckpoint: (path) => (stale ? startDir : path) });
  const config = parseIterationConfig({
    recipe: 'sppo',
    curate: 'win-rates',
    preferences,
    judge: { endpoint: `openai:${judge.baseUrl}#judge` },
    sampler: { sampler: `openai:${server.baseUrl}#selfplay?api=completions&template=lm-raw&kind=vllm`, sync: 'reload' },
    loss: { kind: 'sppo', eta: 2 },
    iterations,
    seed: 7,
    model: { preset: 'small', config: tinyModel },
    samples: 4,
    maxTokens: 16,
    warmup: { steps: 60, lr: 0.01, batch: 8 },
    epochs: 1,
    optim: { lr: 0.003 },
    evaluation: { every: 1 },
    checkpointEvery: 10,
  });
  const store = openRunStore({ dir: join(root, 'run') });
  store.init({ id: 'served', kind: 'train', config });
  try {
    await trainIterations({ config, store });
    const health = await (await fetch(`${serverRoot(server.baseUrl)}/health`)).json();
    return await read(store, health);
  } finally {
    store.close();
    await server.close();
  }
}

async function exportLines(store: RunStore, format: 'sppo' | 'dpo-trl'): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  await exportRun({ store, format, writeLine: (line) => void lines.push(line) });
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('outer iterations in endpoint mode (sampled by selfplay serve, judged by an endpoint)', () => {
  it('syncs the iterate to the server every iteration, trains on its samples and exports their pairs', async () => {
    const { rows, gaps, health, sppo, dpo } = await servedRun(false, async (store, health) => ({
      rows: [...store.iterateSamples({})],
      gaps: store.metrics(['sampler_logprob_gap']).map((m) => m.value),
      health,
      sppo: await exportLines(store, 'sppo'),
      dpo: await exportLines(store, 'dpo-trl'),
    }));
    // One reload per iteration, labelled with the iteration whose iterate it loaded.
    expect(health).toEqual({ status: 'ok', weight_version: String(iterations), reloads: iterations });
    // The server's log-probs of its own samples are the iterate's, scored in process: it played the synced weights.
    expect(gaps).toHaveLength(iterations);
    for (const gap of gaps) expect(gap).toBeLessThan(1e-5);
    // Every served response is a sample row: 2 prompts × 4 samples per iteration, with the server's tokens.
    expect(rows).toHaveLength(iterations * 2 * 4);
    for (const r of rows) expect(r.logprobs).toHaveLength(r.completionTokenIds.length);

    // SPPO's layout: per (iteration, prompt), the best and the worst sample by the win rate the run recorded.
    const expected = bestAndWorst(rows);
    expect(expected.length).toBeGreaterThan(0);
    expect(sppo.map((l) => [l['prompt'], l['chosen_probs_win'], l['chosen_probs_lose']])).toEqual(
      expected.map((g) => [g.prompt, g.best, g.worst]),
    );
    sppo.forEach((line, i) => {
      expect(expected[i]!.completions.get(line['chosen'] as string)).toBe(line['chosen_probs_win']);
      expect(expected[i]!.completions.get(line['rejected'] as string)).toBe(line['chosen_probs_lose']);
    });
    // TRL's layout: per prompt, two of the run's completions, the chosen one with the better mean reward.
    expect(dpo.length).toBeGreaterThan(0);
    for (const pair of dpo) {
      const mean = (completion: unknown) => {
        const of = rows.filter((r) => r.prompt === pair['prompt'] && r.completion === completion);
        expect(of.length).toBeGreaterThan(0);
        return of.reduce((s, r) => s + r.reward, 0) / of.length;
      };
      expect(mean(pair['chosen'])).toBeGreaterThan(mean(pair['rejected']));
    }
  }, 60_000);

  it('catches a server that ignores the sync: its log-probs are not the iterate’s', async () => {
    const gaps = await servedRun(true, async (store) => store.metrics(['sampler_logprob_gap']).map((m) => m.value));
    expect(gaps).toHaveLength(iterations);
    for (const gap of gaps) expect(gap).toBeGreaterThan(1e-2);
  }, 60_000);
});

/** Per (iteration, prompt) with two distinct rewards: its best and worst reward and each completion's reward. */
function bestAndWorst(rows: readonly SampleRow[]) {
  const groups = new Map<string, { prompt: string; best: number; worst: number; completions: Map<string, number> }>();
  for (const r of rows) {
    const key = `${r.step}\u0000${r.prompt}`;
    const group = groups.get(key) ?? { prompt: r.prompt, best: -Infinity, worst: Infinity, completions: new Map() };
    group.best = Math.max(group.best, r.reward);
    group.worst = Math.min(group.worst, r.reward);
    group.completions.set(r.completion, r.reward);
    groups.set(key, group);
  }
  return [...groups.values()].filter((g) => g.best > g.worst);
}

describe('the served sampler', () => {
  it('refuses a server that reads the prompt as other tokens than the learner trains on', async () => {
    const root = mkdtempSync(join(tmpdir(), 'selfplay-served-'));
    const template = join(root, 'qa.json');
    writeFileSync(template, JSON.stringify({ text: 'Q: {observation}\n' }));
    const model = createModel({
      kernels: createKernels({ heap: createHeap() }),
      config: resolveModelConfig(tinyModel, 'small'),
      rng: createRng(1),
    });
    const server = await startServer({ model, port: 0 });
    const sampler = await createServedSampler({
      settings: {
        sampler: `openai:${server.baseUrl}#selfplay?api=completions&template=${encodeURIComponent(template)}&kind=vllm`,
        sync: 'reload',
      },
      prompts: [{ prompt: 'Name a colour.', responses: ['red'] }],
      samples: 2,
      maxTokens: 4,
      now: () => 0,
    });
    try {
      await expect(sampler.sample({ iterate: model, iteration: 1, rng: createRng(2) })).rejects.toThrow(
        /the sampler read prompt "Name a colour\." as other tokens than the learner trains on; use template=lm-raw/,
      );
    } finally {
      await sampler.close();
      await server.close();
    }
  });
});
