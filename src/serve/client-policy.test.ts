import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import { createEndpointPolicy, parseEndpointSpec } from '../llm/index.ts';
import { generate, type LmModel, scoreCompletions } from '../lm/index.ts';
import { playEpisode } from '../rollout/episode.ts';
import { lmPromptTokens } from '../rollout/lm-policy.ts';
import { playMatch } from '../rollout/match.ts';
import { resolvePlayer } from '../rollout/players/player-spec.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { startTinyServer, tinyModel } from './__fixtures__/tiny-server.ts';
import type { RunningServer } from './start-server.ts';

let model: LmModel;
let server: RunningServer;

beforeAll(async () => {
  model = await tinyModel();
  server = await startTinyServer(model);
});
afterAll(() => server.close());

const io = { stdin: process.stdin, stdout: process.stdout };

describe('our endpoint policy against selfplay serve', () => {
  it('completions with the lm-raw template: the in-process prompt, tokens and log-probs', async () => {
    const spec = `openai:${server.baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm&max_tokens=8&seed=42`;
    const policy = await resolvePlayer({ spec, game: kuhnPoker, io });
    const result = await playEpisode({
      game: kuhnPoker,
      policies: [policy, createRandomPlayer()],
      seed: 3,
      format: 'compact',
    });
    const turn = result.turns.find((t) => t.player === 0)!;
    const trace = turn.trace!;
    const prompt = lmPromptTokens(turn.observation);
    expect(trace.promptTokenIds).toEqual(prompt);
    expect(trace.completionTokenIds!.length).toBeGreaterThan(0);
    expect(trace.completionLogprobs).toHaveLength(trace.completionTokenIds!.length);
    // The same prompt and seed in-process sample the very same tokens with the same log-probs.
    const [local] = generate({ model, prompts: [prompt], rng: createRng(deriveSeed(42, 0)), maxTokens: 8 });
    expect(trace.completionTokenIds).toEqual(local!.tokens);
    const [scored] = scoreCompletions({ model, items: [{ prompt, completion: local!.tokens }] });
    trace.completionLogprobs!.forEach((lp, i) => expect(lp).toBeCloseTo(scored!.modelTokenLogprobs[i]!, 4));
    await policy.close?.();
  });

  it('chat mode plays a seat-swapped match and captures token ids and log-probs', async () => {
    // One user message holding the observation renders as the in-process prompt (see render-chat.ts).
    const policy = await createEndpointPolicy(
      parseEndpointSpec(`openai:${server.baseUrl}#tiny?api=chat&kind=vllm&max_tokens=6&max_concurrency=16`),
      { template: { name: 'observation-only', kind: 'chat', user: '{observation}' } },
    );
    const report = await playMatch({
      game: kuhnPoker,
      players: [policy, createRandomPlayer()],
      games: 4,
      seed: 9,
      format: 'compact',
    });
    expect(report.games).toBe(4);
    const turns = report.results.flatMap((r) => r.turns).filter((t) => t.trace?.completionTokenIds);
    expect(turns.length).toBeGreaterThanOrEqual(4);
    for (const t of turns) {
      expect(t.trace!.completionLogprobs).toHaveLength(t.trace!.completionTokenIds!.length);
      expect(t.trace!.promptTokenIds).toEqual(lmPromptTokens(t.observation));
      expect(t.trace!.finishReason).toMatch(/^(stop|length)$/);
    }
    await policy.close();
  });
});
