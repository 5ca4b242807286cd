import { describe, expect, it } from 'vitest';
import { readVerdict, verdictAlternatives, verdictReplySchema } from './judge-verdict.ts';

describe('reading a verdict', () => {
  it('normalises over A and B, summing the spellings of each letter', () => {
    const verdict = readVerdict([
      { token: 'A', logprob: Math.log(0.5) },
      { token: ' A', logprob: Math.log(0.1) },
      { token: '\nB', logprob: Math.log(0.2) },
      { token: 'The', logprob: Math.log(0.2) },
    ]);
    expect(verdict.valid && verdict.probabilityA).toBeCloseTo(0.6 / 0.8, 12);
  });

  it('reads a letter missing from the top-k as probability 0, and neither letter as invalid', () => {
    expect(readVerdict([{ token: 'B', logprob: -0.01 }])).toEqual({ valid: true, probabilityA: 0 });
    expect(readVerdict([{ token: ' A', logprob: -900 }])).toEqual({ valid: true, probabilityA: 1 });
    expect(readVerdict([{ token: 'a', logprob: -0.1 }])).toEqual({ valid: false });
    expect(readVerdict([])).toEqual({ valid: false });
  });

  it('finds the alternatives in the chat and the legacy completions layouts, and none when absent', () => {
    const chat = verdictReplySchema.parse({
      choices: [{ logprobs: { content: [{ token: 'A', logprob: -1, top_logprobs: [{ token: 'A', logprob: -1 }] }] } }],
    });
    expect(verdictAlternatives(chat)).toEqual([{ token: 'A', logprob: -1 }]);
    const legacy = verdictReplySchema.parse({ choices: [{ logprobs: { top_logprobs: [{ ' B': -0.5 }] } }] });
    expect(verdictAlternatives(legacy)).toEqual([{ token: ' B', logprob: -0.5 }]);
    expect(verdictAlternatives(verdictReplySchema.parse({ choices: [{ logprobs: null }] }))).toBeUndefined();
  });
});
