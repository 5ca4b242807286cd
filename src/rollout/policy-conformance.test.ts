import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGame } from '../games/registry.ts';
import { createEndpointPolicy, parseEndpointSpec } from '../llm/index.ts';
import type { LmModel } from '../lm/index.ts';
import { startTinyServer, tinyModel } from '../serve/__fixtures__/tiny-server.ts';
import type { RunningServer } from '../serve/start-server.ts';
import type { Policy } from '../spec/policy.ts';
import { createRng } from '../util/rng.ts';
import { createLmPolicy, freeMoveMaxTokens } from './lm-policy.ts';
import { checkPolicy, type PolicySubject } from './policy-conformance.ts';
import { createRandomPlayer } from './players/random-player.ts';
import { createTablePlayer } from './players/table-player.ts';

const game = getGame('kuhn-poker');
let model: LmModel;
let server: RunningServer;

beforeAll(async () => {
  model = await tinyModel();
  server = await startTinyServer(model);
});
afterAll(() => server.close());

const subjects: Record<string, () => Omit<PolicySubject, 'game'>> = {
  'LM, legal decoding, its own RNG': () => ({
    legalOnly: true,
    make: () => createLmPolicy({ model, rng: createRng(3) }),
  }),
  'LM, legal decoding, seeded by the request': () => ({ legalOnly: true, make: () => createLmPolicy({ model }) }),
  'LM, free decoding': () => ({
    legalOnly: false,
    make: () => createLmPolicy({ model, rng: createRng(3), decoding: 'free', maxTokens: freeMoveMaxTokens }),
  }),
  random: () => ({ legalOnly: true, make: () => createRandomPlayer() }),
  table: () => ({
    legalOnly: true,
    make: () => createTablePlayer({ name: 'table', probabilities: (_, n) => (n === 2 ? [0.25, 0.75] : undefined) }),
  }),
  'endpoint client, guided decoding': () => ({
    legalOnly: true,
    make: () =>
      createEndpointPolicy(
        parseEndpointSpec(
          `openai:${server.baseUrl}#tiny?api=completions&template=lm-raw&kind=vllm&decoding=guided&format=compact&temperature=0`,
        ),
      ),
  }),
};

describe('policy conformance', () => {
  for (const [name, subject] of Object.entries(subjects)) {
    it(`holds for ${name}`, async () => {
      expect(await checkPolicy({ ...subject(), game })).toEqual([]);
    });
  }

  it('rejects a policy that ignores the signal, answers off the legal list, or depends on more than its RNG', async () => {
    let calls = 0;
    const sloppy: Policy = {
      name: 'sloppy',
      act: async ({ legal }) => ({ text: calls++ % 3 === 0 ? 'pass' : legal[0]! }),
    };
    const checks = (await checkPolicy({ game, legalOnly: true, make: () => sloppy })).map((f) => f.check);
    expect(new Set(checks)).toEqual(new Set(['legal', 'deterministic', 'abort']));
  });
});
