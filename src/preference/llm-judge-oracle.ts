import type { LlmJudge } from './llm-judge.ts';
import type { PreferencePrompt, PreferenceSet } from './preference-file.ts';
import type { PreferenceOracle } from './preference-oracle.ts';

/**
 * The LLM judge as the loop's oracle over `prompts` (by index). The judge reads each response's text as written,
 * a response cut at the token limit included: unlike a preference file it has no list to fall outside of.
 */
export function llmJudgeOracle(judge: Pick<LlmJudge, 'prefer'>, prompts: readonly string[]): PreferenceOracle {
  return {
    prefer: (promptIndex, a, b) => {
      const prompt = prompts[promptIndex];
      if (prompt === undefined) throw new RangeError(`prompt ${promptIndex} is not among the ${prompts.length} judged`);
      return judge.prefer(prompt, a.text, b.text);
    },
  };
}

/**
 * A preference set with the judge's matrix over each prompt's listed responses in place of the file's: every
 * unordered pair judged once (two requests), all pairs of all prompts at once. The exact measurement then reads the
 * preference game as the judge sees it; "other" still loses to every listed response.
 */
export async function judgedPreferenceSet(judge: Pick<LlmJudge, 'prefer'>, set: PreferenceSet): Promise<PreferenceSet> {
  const prompts = await Promise.all(set.prompts.map((p) => judgedPrompt(judge, p)));
  return { prompts };
}

async function judgedPrompt(judge: Pick<LlmJudge, 'prefer'>, p: PreferencePrompt): Promise<PreferencePrompt> {
  const n = p.responses.length;
  const upper = await Promise.all(
    p.responses.map((a, i) =>
      Promise.all(p.responses.map((b, j) => (j > i ? judge.prefer(p.prompt, a, b) : Promise.resolve(0.5)))),
    ),
  );
  const preferences = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 0.5 : j > i ? upper[i]![j]! : 1 - upper[j]![i]!)),
  );
  return { prompt: p.prompt, responses: p.responses, preferences };
}
