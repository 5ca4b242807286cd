import { describe, expect, it } from 'vitest';
import { lossWeights } from './loss-weights.ts';

const ppo = { kind: 'ppo-clip', clip: 0.2, normalizer: 1 } as const;

describe('lossWeights', () => {
  it('is A·ρ on policy and zero where the clip is active', () => {
    const onPolicy = lossWeights({
      loss: ppo,
      advantage: 2,
      currentLogprobs: [-1, -2],
      samplingLogprobs: [-1, -2],
      samples: 1,
    });
    expect(onPolicy.weights).toEqual([2, 2]);
    expect(onPolicy.loss).toBeCloseTo(-4, 12);
    expect(onPolicy.clipped).toBe(0);
    // ρ = e^0.5 > 1.2 with A > 0: clipped; with A < 0 the same ρ is not clipped.
    const up = lossWeights({ loss: ppo, advantage: 1, currentLogprobs: [-0.5], samplingLogprobs: [-1], samples: 1 });
    expect(up.weights).toEqual([0]);
    expect(up.clipped).toBe(1);
    expect(up.loss).toBeCloseTo(-1.2, 12);
    const down = lossWeights({ loss: ppo, advantage: -1, currentLogprobs: [-0.5], samplingLogprobs: [-1], samples: 1 });
    expect(down.weights[0]).toBeCloseTo(-Math.exp(0.5), 12);
  });

  it('matches the finite-difference gradient of the PPO loss in log π', () => {
    const old = -1.3;
    for (const [a, cur] of [
      [1.5, -1.25],
      [-0.7, -1.2],
      [0.4, -1.6],
    ] as const) {
      const f = (lp: number) =>
        lossWeights({ loss: ppo, advantage: a, currentLogprobs: [lp], samplingLogprobs: [old], samples: 1 }).loss;
      const h = 1e-6;
      const dLossDLogp = (f(cur + h) - f(cur - h)) / (2 * h);
      const { weights } = lossWeights({
        loss: ppo,
        advantage: a,
        currentLogprobs: [cur],
        samplingLogprobs: [old],
        samples: 1,
      });
      // The weighted-NLL loss −w·log π has derivative −w in log π.
      expect(-weights[0]!).toBeCloseTo(dLossDLogp, 5);
    }
  });

  it('divides by the normaliser and the batch, and supports plain REINFORCE', () => {
    const r = lossWeights({
      loss: { kind: 'reinforce', normalizer: 4 },
      advantage: 2,
      currentLogprobs: [-1, -1],
      samplingLogprobs: [0, 0],
      samples: 2,
    });
    expect(r.weights).toEqual([0.25, 0.25]);
    expect(r.loss).toBeCloseTo(0.5, 12);
  });
});

describe('lossWeights masks and dual clip', () => {
  it('skips masked tokens and stops negative-advantage tokens past the dual clip', () => {
    const masked = lossWeights({
      loss: ppo,
      advantage: 1,
      currentLogprobs: [-1, -1],
      samplingLogprobs: [-1, -1],
      samples: 1,
      mask: [0, 1],
    });
    expect(masked.weights).toEqual([0, 1]);
    expect(masked.loss).toBeCloseTo(-1, 12);
    const dual = { ...ppo, dualClip: 3 };
    const far = lossWeights({ loss: dual, advantage: -1, currentLogprobs: [0], samplingLogprobs: [-2], samples: 1 });
    expect(far.weights).toEqual([0]);
    expect(far.loss).toBeCloseTo(3, 12);
  });

  it('adds the move-text likelihood to the tokens constrained decoding forced, and none to free text', () => {
    const loss = { ...ppo, moveText: 0.5 };
    const base = { loss, advantage: 2, currentLogprobs: [-1, -2, -0.5], samplingLogprobs: [-1, -2, -0.5], samples: 2 };
    const constrained = lossWeights({ ...base, mask: [0, 1, 0] });
    // Forced tokens: λ/samples; the choice token: A·ρ/samples alone (its legal mass is the choice fit's).
    expect(constrained.weights).toEqual([0.25, 1, 0.25]);
    const without = lossWeights({ ...base, loss: ppo, mask: [0, 1, 0] });
    expect(constrained.loss - without.loss).toBeCloseTo((0.5 * 1.5) / 2, 12);
    // Free text (no mask) may be garbage: it gets no likelihood term.
    expect(lossWeights(base).weights).toEqual([1, 1, 1]);
  });
});
