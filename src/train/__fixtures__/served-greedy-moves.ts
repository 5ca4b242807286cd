import { expect } from 'vitest';
import { walkInfosets } from '../../eval/policy-table/infoset-walk.ts';
import { getGame } from '../../games/registry.ts';
import { createEndpointPolicy, parseEndpointSpec } from '../../llm/index.ts';
import type { LmModel } from '../../lm/index.ts';
import { createLmPolicy } from '../../rollout/lm-policy.ts';
import { startTinyServer } from '../../serve/__fixtures__/tiny-server.ts';
import { createRng } from '../../util/rng.ts';

/**
 * Serves `model` and checks that, asked through our `openai:` player with the spec options `options` (e.g.
 * `decoding=guided&`, or nothing for free text), it answers greedily at every Kuhn information set the move the
 * in-process constrained policy picks.
 */
export async function expectServedGreedyMoves(model: LmModel, options: string): Promise<void> {
  const kuhn = getGame('kuhn-poker');
  const server = await startTinyServer(model);
  const spec = `openai:${server.baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm&${options}format=compact&temperature=0`;
  const served = await createEndpointPolicy(parseEndpointSpec(spec));
  const local = createLmPolicy({ model, temperature: 0 });
  try {
    const sites = walkInfosets({ game: kuhn, format: 'compact' });
    expect(sites).toHaveLength(12);
    for (const site of sites) {
      const request = {
        game: kuhn.rules.info,
        player: site.player,
        observation: site.observation,
        legal: site.legal,
        infoKey: site.key,
        rng: createRng(1),
      };
      const [a, b] = await Promise.all([served.act(request), local.act(request)]);
      expect(a.text, site.key).toBe(b.text);
    }
  } finally {
    await served.close();
    await server.close();
  }
}
