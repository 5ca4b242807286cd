import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getGame } from '../../games/registry.ts';
import { parseEndpointConfig } from '../../llm/endpoint-config.ts';
import { resolveModelConfig } from '../../lm/config.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createModel } from '../../lm/model.ts';
import { scoreCompletions } from '../../lm/scoring.ts';
import { encode } from '../../lm/tokenizer.ts';
import { lmPromptTokens } from '../../rollout/lm-policy.ts';
import { startServer } from '../../serve/index.ts';
import { createRng } from '../../util/rng.ts';
import { lmPolicyTable } from '../lm-policy-table.ts';
import { endpointActionScores } from './endpoint-action-scores.ts';
import { walkInfosets } from './infoset-walk.ts';
import { scoredPolicyTable } from './scored-policy-table.ts';

/** A random-init model wide-spread enough to have distinct move probabilities, behind `selfplay serve`'s server. */
async function servedModel(seed: number) {
  const model = createModel({
    kernels: createKernels({ heap: createHeap() }),
    config: resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 512, initStd: 0.3 }),
    rng: createRng(seed),
  });
  return { model, server: await startServer({ model, port: 0 }) };
}

// `selfplay serve` over the built-in LM: the echo form must give the model's own teacher-forced log-probs.
describe('scoring against selfplay serve', () => {
  it('reproduces the built-in LM’s log-probs of each move (no EOS), renormalised over the legal moves', async () => {
    const game = getGame('kuhn-poker');
    const { model, server } = await servedModel(3);
    try {
      // The built-in LM reads BOS, the observation and a newline; serve adds the BOS to a text prompt.
      const templateFile = join(await mkdtemp(join(tmpdir(), 'serve-score-')), 'lm.json');
      await writeFile(templateFile, JSON.stringify({ name: 'built-in', text: '{observation}\n' }));
      const config = parseEndpointConfig({
        baseUrl: server.baseUrl,
        model: server.modelName,
        api: 'completions',
        template: templateFile,
      });
      const source = await endpointActionScores({ config, game: game.rules.info });
      const { table } = await scoredPolicyTable({ game, format: 'compact', source });
      expect(source.scorer.mode).toBe('echo');
      // vLLM's prompt_logprobs form, which serve also answers, gives the same table.
      const vllmForm = await endpointActionScores({ config, game: game.rules.info, mode: 'prompt-logprobs' });
      const again = await scoredPolicyTable({ game, format: 'compact', source: vllmForm });
      for (const [key, row] of table.rows)
        again.table.rows.get(key)!.forEach((p, i) => expect(p).toBeCloseTo(row[i]!, 12));
      for (const site of walkInfosets({ game, format: 'compact' })) {
        const scores = scoreCompletions({
          model,
          items: site.legal.map((move) => ({ prompt: lmPromptTokens(site.observation), completion: encode(move) })),
        }).map((s) => Math.exp(s.modelLogprob));
        const total = scores.reduce((a, b) => a + b, 0);
        table.rows.get(site.key)!.forEach((p, i) => expect(p).toBeCloseTo(scores[i]! / total, 6));
      }
    } finally {
      await server.close();
    }
  });

  it('with decoding=guided scores the policy guided decoding samples: the in-process constrained table', async () => {
    const game = getGame('kuhn-poker');
    const { model, server } = await servedModel(4);
    try {
      const config = parseEndpointConfig({
        baseUrl: server.baseUrl,
        model: server.modelName,
        api: 'completions',
        kind: 'vllm',
        template: 'lm-raw',
        decoding: 'guided',
      });
      const source = await endpointActionScores({ config, game: game.rules.info });
      const served = await scoredPolicyTable({ game, format: 'compact', source });
      const local = lmPolicyTable({ game, model, format: 'compact' });
      expect(served.legalMass.min).toBeCloseTo(1, 12);
      for (const [key, row] of local.rows)
        served.table.rows.get(key)!.forEach((p, i) => expect(p).toBeCloseTo(row[i]!, 6));
      await expect(
        endpointActionScores({ config, game: game.rules.info, answerTemplate: '\\boxed{{action}}' }),
      ).rejects.toThrow(/guided/);
    } finally {
      await server.close();
    }
  });
});
