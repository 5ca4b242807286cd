import type { PreferenceSet } from './preference-file.ts';
import { preferenceOracle } from './preference-game.ts';

/** A response as an oracle sees it: its text, and whether the model ended it (EOS) or it was cut at a token limit. */
export interface OracleResponse {
  readonly text: string;
  readonly finished: boolean;
}

/**
 * What the outer-iteration loop asks of a preference oracle (research/systems.md §3, "PreferenceOracle"): P(a ≻ b)
 * for two responses to one prompt, named by its index in the run's prompt list. Asynchronous, so an oracle behind a
 * server (the LLM judge) can take many comparisons at once; callers start every comparison they need before
 * awaiting any. Not to be confused with `preferenceOracle(prompt)`, the index-level function of one file prompt.
 */
export interface PreferenceOracle {
  prefer(promptIndex: number, a: OracleResponse, b: OracleResponse): Promise<number>;
}

/**
 * A preference file as an oracle over text: a finished response that is exactly a listed one is that outcome;
 * anything else (unlisted, or cut before its EOS) is "other", which loses to every listed response and ties with
 * itself. The values are the file's, through `preferenceOracle`, bit for bit.
 */
export function preferenceFileOracle(set: PreferenceSet): PreferenceOracle {
  const byIndex = set.prompts.map(preferenceOracle);
  const outcome = (promptIndex: number, r: OracleResponse) =>
    r.finished ? set.prompts[promptIndex]!.responses.indexOf(r.text) : -1;
  return {
    prefer: async (promptIndex, a, b) => {
      const prefer = byIndex[promptIndex];
      if (!prefer) throw new RangeError(`prompt ${promptIndex} is not in the preference file (${set.prompts.length})`);
      return prefer(outcome(promptIndex, a), outcome(promptIndex, b));
    },
  };
}
