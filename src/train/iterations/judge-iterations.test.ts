import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import { alternativesFor, fileVerdict, startJudgeServer } from '../../preference/__fixtures__/judge-server.ts';
import { readPreferenceFile } from '../../preference/index.ts';
import { openRunStore } from '../../store/run-store.ts';
import { parseIterationConfig } from './iteration-config.ts';
import { trainIterations } from './train-iterations.ts';

const preferences = fileURLToPath(new URL('../../../data/preferences/intransitive-5.json', import.meta.url));

let server: ScriptedServer;
beforeAll(async () => {
  // A judge whose verdicts are the file's matrix: listed beats unlisted, unlisted ones tie.
  const verdict = fileVerdict(await readPreferenceFile(preferences));
  server = await startJudgeServer((q) => alternativesFor(verdict(q)));
});
afterAll(() => server.close());

/** A tiny SPPO run on the shipped file; `judge` swaps the file's matrix for the scripted judge. */
async function run(judge: boolean) {
  const config = parseIterationConfig({
    recipe: 'sppo',
    curate: 'win-rates',
    preferences,
    ...(judge ? { judge: { endpoint: `openai:${server.baseUrl}#judge` } } : {}),
    loss: { kind: 'sppo', eta: 2 },
    iterations: 3,
    seed: 7,
    model: { preset: 'small', config: { layers: 1, width: 32, heads: 2, context: 64 } },
    samples: 4,
    maxTokens: 16,
    warmup: { steps: 60, lr: 0.01, batch: 8 },
    epochs: 1,
    optim: { lr: 0.003 },
    evaluation: { every: 1 },
    checkpointEvery: 10,
  });
  const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-judge-')) });
  store.init({ id: 'judge', kind: 'train', config });
  const result = await trainIterations({ config, store });
  const rows = [...store.iterateSamples({})].map((r) => ({ completion: r.completion, reward: r.reward }));
  const requests = store.metrics(['judge/requests']).map((m) => m.value);
  store.close();
  return { result, rows, requests };
}

describe('outer iterations judged by an LLM', () => {
  it("reproduce the file oracle's run when the judge's verdicts are the file's matrix", async () => {
    const file = await run(false);
    const judged = await run(true);
    // The same samples, rewards equal up to the rounding of exp(log p) in the verdicts.
    expect(judged.rows.map((r) => r.completion)).toEqual(file.rows.map((r) => r.completion));
    judged.rows.forEach((r, i) => expect(r.reward).toBeCloseTo(file.rows[i]!.reward, 12));
    expect(judged.result.curve.map((p) => p.iteration)).toEqual([0, 1, 2, 3]);
    judged.result.curve.forEach((p, i) => expect(p.value).toBeCloseTo(file.result.curve[i]!.value, 9));
    // The measured matrix took 2 prompts × 10 pairs × 2 orders; each iteration adds its new pairs only.
    const stats = judged.result.judge!;
    expect(stats.invalidVerdicts).toBe(0);
    expect(stats.requests).toBe(2 * stats.pairs);
    expect(stats.pairs).toBeGreaterThanOrEqual(20);
    expect(judged.requests).toHaveLength(3);
    expect(judged.requests.at(-1)).toBe(stats.requests);
  });
});
