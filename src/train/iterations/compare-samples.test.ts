import { describe, expect, it } from 'vitest';
import { EOS_ID } from '../../lm/index.ts';
import type { OracleResponse } from '../../preference/index.ts';
import { compareSamples } from './compare-samples.ts';
import type { ResponseSample } from './response-samples.ts';

function sample(prompt: number, text: string, finished = true): ResponseSample {
  const bytes = [...Buffer.from(text)];
  return {
    prompt,
    text,
    promptTokens: [256, 1],
    completionTokens: finished ? [...bytes, EOS_ID] : bytes,
    listed: -1,
    tokenLogprobs: bytes.map(() => -1),
  };
}

describe('comparing an iteration’s samples', () => {
  it('starts every comparison of every prompt before awaiting any, once per distinct response pair', async () => {
    const samples = [sample(0, 'x'), sample(0, 'yy'), sample(0, 'x'), sample(1, 'x'), sample(1, 'x', false)];
    // Prompt 0 has 2 distinct responses, prompt 1 two (finished and cut): 2 × 2 + 2 × 2 ordered pairs.
    const expected = 8;
    const asked: [number, OracleResponse, OracleResponse][] = [];
    // Longer wins; between equal texts, the finished one.
    const score = (r: OracleResponse) => r.text.length + (r.finished ? 0.5 : 0);
    let release!: () => void;
    const all = new Promise<void>((resolve) => (release = resolve));
    const prefer = await compareSamples({
      samples,
      oracle: {
        prefer: async (prompt, a, b) => {
          asked.push([prompt, a, b]);
          if (asked.length === expected) release();
          // No verdict until all were asked: a loop that awaited each before asking the next would hang here.
          await all;
          return score(a) > score(b) ? 0.75 : score(a) < score(b) ? 0.25 : 0.5;
        },
      },
    });
    expect(asked).toHaveLength(expected);
    expect(prefer(1, 0)).toBe(0.75);
    expect(prefer(0, 1)).toBe(0.25);
    expect(prefer(0, 2)).toBe(0.5);
    expect(prefer(3, 4)).toBe(0.75);
    expect(() => prefer(0, 3)).toThrow(/different prompts/);
  });
});
