import { pickThree as set } from './__fixtures__/pick-three.ts';
import { describe, expect, it } from 'vitest';
import { judgedPreferenceSet, llmJudgeOracle } from './llm-judge-oracle.ts';
import { parsePreferenceFile } from './preference-file.ts';
import { preferenceOracle } from './preference-game.ts';
import { preferenceFileOracle } from './preference-oracle.ts';

const done = (text: string) => ({ text, finished: true });

describe('the preference file as an oracle over text', () => {
  it("gives the file's values for listed responses and treats the rest as other", async () => {
    const oracle = preferenceFileOracle(set);
    const byIndex = preferenceOracle(set.prompts[0]!);
    expect(await oracle.prefer(0, done('a'), done('b'))).toBe(byIndex(0, 1));
    expect(await oracle.prefer(0, done('c'), done('zzz'))).toBe(1);
    expect(await oracle.prefer(0, done('zzz'), done('yyy'))).toBe(0.5);
    // Cut before its EOS, "a" is not the listed response "a".
    expect(await oracle.prefer(0, { text: 'a', finished: false }, done('b'))).toBe(0);
    await expect(oracle.prefer(3, done('a'), done('b'))).rejects.toThrow(/prompt 3 is not in the preference file/);
  });
});

describe('the LLM judge as an oracle', () => {
  // A stand-in judge: the longer text wins 0.9 of the time.
  const judge = {
    asked: [] as string[][],
    prefer(prompt: string, a: string, b: string) {
      this.asked.push([prompt, a, b]);
      return Promise.resolve(a === b ? 0.5 : a.length > b.length ? 0.9 : 0.1);
    },
  };

  it('asks about the prompt text and the responses as written', async () => {
    const oracle = llmJudgeOracle(judge, ['pick']);
    expect(await oracle.prefer(0, { text: 'long', finished: false }, done('x'))).toBe(0.9);
    expect(judge.asked.at(-1)).toEqual(['pick', 'long', 'x']);
  });

  it("replaces a file's matrix by the judge's over the listed responses, each pair asked once", async () => {
    judge.asked.length = 0;
    const judged = await judgedPreferenceSet(
      judge,
      parsePreferenceFile(
        JSON.stringify({
          prompts: [
            {
              prompt: 'p',
              responses: ['x', 'yy', 'zzz'],
              preferences: [
                [0.5, 0.5, 0.5],
                [0.5, 0.5, 0.5],
                [0.5, 0.5, 0.5],
              ],
            },
          ],
        }),
      ),
    );
    // 1 − 0.1 is 0.9 in floating point too.
    expect(judged.prompts[0]!.preferences).toEqual([
      [0.5, 0.1, 0.1],
      [0.9, 0.5, 0.1],
      [0.9, 0.9, 0.5],
    ]);
    expect(judge.asked).toHaveLength(3);
  });
});
