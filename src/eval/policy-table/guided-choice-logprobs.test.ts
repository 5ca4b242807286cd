import { describe, expect, it } from 'vitest';
import { guidedChoiceLogprobs } from './guided-choice-logprobs.ts';

describe('guidedChoiceLogprobs', () => {
  it('renormalises only where the moves part, and treats the rest as forced', async () => {
    // A model that puts most of its mass off the moves: p("[") = 0.1, then p("c") = 0.02, p("b") = 0.06.
    const logp: Record<string, number> = { '[c': Math.log(0.1 * 0.02), '[b': Math.log(0.1 * 0.06) };
    const asked: string[] = [];
    const got = await guidedChoiceLogprobs(['[check]', '[bet]'], async (prefix) => {
      asked.push(prefix);
      return logp[prefix]!;
    });
    expect(got.map(Math.exp)).toEqual([expect.closeTo(0.25, 12), expect.closeTo(0.75, 12)]);
    expect(asked.sort()).toEqual(['[b', '[c']);
  });

  it('walks several branch points (a character trie) and refuses moves that prefix one another', async () => {
    // Moves [a1] [a2] [b]: parting at "[" (a vs b) and at "[a" (1 vs 2).
    const p: Record<string, number> = { '[a': 0.3, '[b': 0.1, '[a1': 0.3 * 0.5, '[a2': 0.3 * 0.25 };
    const got = await guidedChoiceLogprobs(['[a1]', '[a2]', '[b]'], async (prefix) => Math.log(p[prefix]!));
    expect(got.map(Math.exp)).toEqual([
      expect.closeTo(0.75 * (2 / 3), 12),
      expect.closeTo(0.75 * (1 / 3), 12),
      expect.closeTo(0.25, 12),
    ]);
    await expect(guidedChoiceLogprobs(['[a]', '[a]x'], async () => 0)).rejects.toThrow(/prefix/);
  });
});
