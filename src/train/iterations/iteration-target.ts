import {
  createLlmJudge,
  judgedPreferenceSet,
  type LlmJudge,
  type LlmJudgeDeps,
  llmJudgeOracle,
  preferenceFileOracle,
  type PreferenceOracle,
  readPreferenceFile,
  readSpinDataFile,
} from '../../preference/index.ts';
import type { IterationConfig } from './iteration-config.ts';
import type { IterationTarget } from './measure-iterate.ts';

/** What a run plays against and measures. */
export interface IterationSetup {
  readonly target: IterationTarget;
  /** The preference curations' oracle; none for the data curations. */
  readonly oracle?: PreferenceOracle;
  /** The LLM judge behind `oracle` when the config names one: its stats, and `close()` when the run ends. */
  readonly judge?: LlmJudge;
}

/**
 * Reads the run's file and makes its oracle: the preference file's own matrix, or the LLM judge (`judge`), whose
 * matrix over the file's listed responses then replaces the file's in the measured target — two requests per
 * unordered pair of listed responses, asked once here (and again on resume).
 */
export async function readIterationTarget(
  config: IterationConfig,
  options: { judgeDeps?: LlmJudgeDeps; signal?: AbortSignal } = {},
): Promise<IterationSetup> {
  if (config.preferences === undefined || config.curate === 'data' || config.curate === 'data-vs-own')
    return { target: { kind: 'data', data: await readSpinDataFile(config.data!) } };
  const set = await readPreferenceFile(config.preferences);
  if (!config.judge) return { target: { kind: 'preferences', set }, oracle: preferenceFileOracle(set) };
  const judge = await createLlmJudge(
    {
      endpoint: config.judge.endpoint,
      topLogprobs: config.judge.topLogprobs,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    options.judgeDeps,
  );
  try {
    const judged = await judgedPreferenceSet(judge, set);
    const oracle = llmJudgeOracle(
      judge,
      set.prompts.map((p) => p.prompt),
    );
    return { target: { kind: 'preferences', set: judged }, oracle, judge };
  } catch (error) {
    judge.close();
    throw error;
  }
}
