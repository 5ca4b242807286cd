import { pickThree as set } from '../../preference/__fixtures__/pick-three.ts';
import { describe, expect, it } from 'vitest';
import { preferenceOracle } from '../../preference/index.ts';
import { curateBatch, scoreSamples } from './curate-batch.ts';
import type { ResponseSample } from './response-samples.ts';

const prefer = set.prompts.map(preferenceOracle);

function sample(listed: number, text = ['a', 'b', 'c'][listed] ?? 'zzz'): ResponseSample {
  return {
    prompt: 0,
    text,
    promptTokens: [256, 1],
    completionTokens: [...Buffer.from(text)].concat(257),
    listed,
    tokenLogprobs: [...Buffer.from(text)].map(() => -1).concat(-1),
  };
}

describe("scoring an iterate's samples", () => {
  const samples = [sample(0), sample(1), sample(-1)];

  it('gives SPPO win rates over all K samples, itself included', () => {
    const scored = scoreSamples({ samples, prefer, curate: 'win-rates' });
    // a: vs a ½, vs b 0.8, vs other 1 → 2.3 / 3; other: vs a 0, vs b 0, vs itself ½.
    expect(scored[0]!.reward).toBeCloseTo(2.3 / 3, 12);
    expect(scored[1]!.reward).toBeCloseTo((0.2 + 0.5 + 1) / 3, 12);
    expect(scored[2]!.reward).toBeCloseTo(0.5 / 3, 12);
  });

  it('gives SPO win fractions over the other K − 1', () => {
    const scored = scoreSamples({ samples, prefer, curate: 'win-fraction' });
    expect(scored[0]!.reward).toBeCloseTo((0.8 + 1) / 2, 12);
    expect(scored[2]!.reward).toBe(0);
  });

  it('shapes rewards by the magnet around the prompt mean, leaving the mean as the oracle gave it', () => {
    const plain = scoreSamples({ samples, prefer, curate: 'win-rates' });
    const shaped = scoreSamples({
      samples,
      prefer,
      curate: 'win-rates',
      magnet: { alpha: 0.1, logRatio: [1, 0, -1] },
    });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(shaped.map((s) => s.shaped))).toBeCloseTo(mean(plain.map((s) => s.reward)), 12);
    // The sample the iterate has made likelier than the magnet does loses α·(1 − 0).
    expect(shaped[0]!.shaped).toBeCloseTo(plain[0]!.reward - 0.1, 12);
    expect(shaped[2]!.shaped).toBeCloseTo(plain[2]!.reward + 0.1, 12);
  });
});

describe('curating a batch', () => {
  it('pairs the best and the worst sample of a prompt for DPO, and nothing when all agree', () => {
    const scored = scoreSamples({ samples: [sample(1), sample(0), sample(2)], prefer, curate: 'win-fraction' });
    const batch = curateBatch('best-vs-worst', scored, []);
    if (batch.kind !== 'pairs') throw new Error('expected pairs');
    // Win fractions: b (0.2 + 0.6) / 2 = 0.4, a (0.8 + 0.3) / 2 = 0.55, c (0.4 + 0.7) / 2 = 0.55: a is first seen best.
    expect(batch.pairs).toHaveLength(1);
    expect(batch.pairs[0]!.chosenTokens).toEqual(sample(0).completionTokens);
    expect(batch.pairs[0]!.rejectedTokens).toEqual(sample(1).completionTokens);
    const same = scoreSamples({ samples: [sample(0), sample(0)], prefer, curate: 'win-fraction' });
    expect(curateBatch('best-vs-worst', same, [])).toEqual({ kind: 'pairs', pairs: [] });
  });

  it('centres SPO advantages on the prompt and keeps the sampler log-probs', () => {
    const scored = scoreSamples({ samples: [sample(0), sample(1), sample(2)], prefer, curate: 'win-fraction' });
    const batch = curateBatch('win-fraction', scored, []);
    if (batch.kind !== 'samples') throw new Error('expected samples');
    expect(batch.samples.reduce((s, x) => s + x.advantage, 0)).toBeCloseTo(0, 12);
    expect(batch.samples[0]!.samplingLogprobs).toEqual(sample(0).tokenLogprobs);
  });

  it("pairs data with the iterate's own samples for SPIN, dropping identical pairs", () => {
    const own = [sample(0), sample(1)].map((s) => ({ ...s, reward: 0, shaped: 0 }));
    const batch = curateBatch('data-vs-own', own, [sample(0), sample(2)]);
    if (batch.kind !== 'pairs') throw new Error('expected pairs');
    expect(batch.pairs).toHaveLength(1);
    expect(batch.pairs[0]!.chosenTokens).toEqual(sample(2).completionTokens);
    expect(batch.pairs[0]!.rejectedTokens).toEqual(sample(1).completionTokens);
  });

  it('clamps SPPO win rates the magnet pushed out of [0, 1]', () => {
    const own = [{ ...sample(0), reward: 0.9, shaped: 1.2 }];
    const batch = curateBatch('win-rates', own, []);
    if (batch.kind !== 'sequences') throw new Error('expected sequences');
    expect(batch.sequences[0]!.winRate).toBe(1);
  });
});
