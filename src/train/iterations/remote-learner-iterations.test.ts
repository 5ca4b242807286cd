import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { startLearnerServer } from '../../serve/learner-server/start-learner-server.ts';
import { createRng } from '../../util/rng.ts';
import { parseIterationConfig } from './iteration-config.ts';
import { trainIterations } from './train-iterations.ts';

const model = { layers: 1, width: 32, heads: 2, context: 64 };
const config = parseIterationConfig({
  recipe: 'sppo',
  curate: 'win-rates',
  preferences: fileURLToPath(new URL('../../../data/preferences/intransitive-5.json', import.meta.url)),
  loss: { kind: 'sppo', eta: 2 },
  magnet: { alpha: 0.05 },
  iterations: 3,
  seed: 5,
  model: { preset: 'small', config: model },
  samples: 4,
  maxTokens: 16,
  warmup: { steps: 10, lr: 0.01, batch: 8 },
  epochs: 2,
  optim: { lr: 0.003 },
  evaluation: { every: 1 },
  checkpointEvery: 3,
});

describe('a preference recipe with the learner behind the Tinker API', () => {
  it('trains the in-process run to the bit: warm-up, SPPO steps and measured gaps', async () => {
    const kernels = createKernels({ heap: createHeap() });
    const server = await startLearnerServer({
      baseModel: 'selfplay-lm',
      // Other weights than the run's: the trainer uploads its own exact state first.
      newModel: () => createModel({ kernels, config: resolveModelConfig(model, 'small'), rng: createRng(9) }),
      port: 0,
    });
    try {
      const remote = await trainIterations({ config, remoteLearner: { choice: { kind: 'tinker', url: server.url } } });
      const local = await trainIterations({ config });
      expect(remote.curve.map((p) => p.value)).toEqual(local.curve.map((p) => p.value));
      expect(local.curve).toHaveLength(4);
    } finally {
      await server.close();
    }
  }, 120_000);
});
