import { describe, expect, it } from 'vitest';
import { createModel, createOptimizer } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import type { Learner } from '../spec/learner.ts';
import { createInProcessLearner } from './in-process-learner.ts';
import { checkLearner, type LearnerFactory } from './learner-conformance.ts';

const inProcess: LearnerFactory = async ({ config, params, optim }) => {
  const model = createModel({ kernels: createKernels({ heap: createHeap() }), config, params });
  // A small micro-batch, so the suite's batches span several passes.
  return createInProcessLearner({ model, optimizer: createOptimizer({ model, config: optim }), microBatch: 2 });
};

/** A learner with one bug, made by wrapping a conforming one. */
const broken =
  (bug: (learner: Learner) => Partial<Learner>): LearnerFactory =>
  async (setup) => {
    const learner = await inProcess(setup);
    return { ...learner, ...bug(learner) };
  };

describe('learner conformance', () => {
  it('passes for the in-process learner', async () => {
    expect(await checkLearner(inProcess)).toEqual([]);
  });

  it('rejects learners with one bug each: doubled gradients, gradients kept after a step, lr ignored, no restore', async () => {
    const doubles = broken((l) => ({
      forwardBackward: async (samples, loss) => {
        await l.forwardBackward(samples, loss);
        return l.forwardBackward(samples, loss);
      },
    }));
    const failed = async (factory: LearnerFactory) => (await checkLearner(factory)).map((f) => f.check);
    expect(await failed(doubles)).toEqual(expect.arrayContaining(['gradient/ppo-clip', 'gradient/reinforce']));
    // Keeps the gradient past a step (as if it forgot to zero it): replays the last batch after every step.
    let last: (() => Promise<unknown>) | undefined;
    const keeps = broken((l) => ({
      forwardBackward: (samples, loss) => {
        last = () => l.forwardBackward(samples, loss);
        return l.forwardBackward(samples, loss);
      },
      optimStep: async (options) => {
        const result = await l.optimStep(options);
        await last?.();
        return result;
      },
    }));
    expect(await failed(keeps)).toContain('optimStep/clears');
    expect(await failed(broken((l) => ({ optimStep: () => l.optimStep() })))).toEqual(['optimStep/applies']);
    expect(await failed(broken(() => ({ restore: async () => {} })))).toEqual(['save-restore']);
  });

  it('rejects learners that get a sequence-level loss wrong: roles swapped, reference dropped, win rate flipped', async () => {
    const failed = async (factory: LearnerFactory) => (await checkLearner(factory)).map((f) => f.check);
    const pairLosses = ['gradient/dpo', 'gradient/dpo-hinge', 'gradient/ipo', 'gradient/rpo'];
    const swaps = broken((l) => ({
      forwardBackwardPairs: (pairs, loss) =>
        l.forwardBackwardPairs(
          pairs.map((p) => ({
            ...p,
            chosenTokens: p.rejectedTokens,
            rejectedTokens: p.chosenTokens,
            chosenRefLogprob: p.rejectedRefLogprob,
            rejectedRefLogprob: p.chosenRefLogprob,
          })),
          loss,
        ),
    }));
    expect(await failed(swaps)).toEqual(pairLosses);
    const noReference = broken((l) => ({
      forwardBackwardPairs: (pairs, loss) =>
        l.forwardBackwardPairs(
          pairs.map((p) => ({ ...p, chosenRefLogprob: 0, rejectedRefLogprob: 0 })),
          loss,
        ),
    }));
    expect(await failed(noReference)).toEqual(pairLosses);
    const flipped = broken((l) => ({
      forwardBackwardSequences: (sequences, loss) =>
        l.forwardBackwardSequences(
          sequences.map((s) => ({ ...s, winRate: 1 - s.winRate })),
          loss,
        ),
    }));
    expect(await failed(flipped)).toEqual(['gradient/sppo']);
  });
});
