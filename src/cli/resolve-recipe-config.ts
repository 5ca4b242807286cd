import { parseEndpointSpec, parseWeightSyncConfig } from '../llm/index.ts';
import { preferenceRecipeNames, preferenceRecipes } from '../recipes/preference-recipes.ts';
import { type IterationConfig, parseIterationConfig } from '../train/iterations/iteration-config.ts';
import { applyOverrides, mergeConfig, TrainConfigError } from '../train/train-config.ts';
import { didYouMean } from '../util/closest-name.ts';
import { CliUsageError } from './io.ts';
import { readJsonObject } from './resolve-train-config.ts';

/** The `selfplay train --recipe` options that choose an outer-iteration config. */
export interface RecipeConfigFlags {
  recipe: string;
  config?: string | undefined;
  preferences?: string | undefined;
  data?: string | undefined;
  /** An LLM judge (`openai:URL#MODEL?…`) as the oracle, in place of the preference file's matrix. */
  judge?: string | undefined;
  /** A server (`openai:URL#MODEL?kind=vllm&…`) that draws the iterate's samples, and how it gets its weights. */
  sampler?: string | undefined;
  sync?: string | undefined;
  iterations?: string | undefined;
  minutes?: string | undefined;
  seed?: string | undefined;
  set?: string[] | undefined;
}

export function isPreferenceRecipe(name: string): boolean {
  return (preferenceRecipeNames as readonly string[]).includes(name);
}

/** Recipe defaults (src/recipes/) < --config file < flags < --set, validated strictly. */
export async function resolveRecipeConfig(flags: RecipeConfigFlags): Promise<IterationConfig> {
  if (!isPreferenceRecipe(flags.recipe))
    throw new CliUsageError(
      `unknown recipe "${flags.recipe}"${didYouMean(flags.recipe, [...preferenceRecipeNames, 'spiral', 'azr'])}; recipes: spiral, ${preferenceRecipeNames.join(', ')}, azr`,
    );
  let raw: Record<string, unknown> = structuredClone(
    preferenceRecipes[flags.recipe as keyof typeof preferenceRecipes],
  ) as Record<string, unknown>;
  if (flags.config) raw = mergeConfig(raw, await readJsonObject(flags.config, 'config'));
  if (flags.preferences && 'data' in raw)
    throw new CliUsageError(`recipe ${flags.recipe} trains on a data file: pass --data, not --preferences`);
  if (flags.data && 'preferences' in raw)
    throw new CliUsageError(`recipe ${flags.recipe} plays a preference game: pass --preferences, not --data`);
  if (flags.judge !== undefined) checkJudgeFlag(flags.judge, flags.recipe, 'data' in raw);
  if (flags.sampler !== undefined || flags.sync !== undefined) checkSamplerFlags(flags.sampler, flags.sync);
  const flagOverrides = [
    ...(flags.preferences ? [`preferences=${JSON.stringify(flags.preferences)}`] : []),
    ...(flags.data ? [`data=${JSON.stringify(flags.data)}`] : []),
    ...(flags.judge ? [`judge.endpoint=${JSON.stringify(flags.judge)}`] : []),
    ...(flags.sampler ? [`sampler=${JSON.stringify({ sampler: flags.sampler, sync: flags.sync ?? 'reload' })}`] : []),
    ...(flags.iterations ? [`iterations=${flags.iterations}`] : []),
    ...(flags.minutes ? [`minutes=${flags.minutes}`] : []),
    ...(flags.seed ? [`seed=${flags.seed}`] : []),
  ];
  try {
    return parseIterationConfig(applyOverrides(raw, [...flagOverrides, ...(flags.set ?? [])]));
  } catch (error) {
    if (error instanceof TrainConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

/** `--judge` compares the iterate's own samples, so it needs a preference recipe, and a spec that parses. */
function checkJudgeFlag(spec: string, recipe: string, trainsOnData: boolean): void {
  if (trainsOnData)
    throw new CliUsageError(
      `--judge compares the iterate's own samples (recipes ${preferenceRecipeNames.filter((n) => !('data' in preferenceRecipes[n])).join(', ')}); recipe ${recipe} trains on a data file`,
    );
  try {
    parseEndpointSpec(spec);
  } catch (error) {
    throw new CliUsageError(`--judge: ${(error as Error).message}`);
  }
}

/** `--sampler SPEC [--sync reload|full]`: a spec that parses, of a server kind the sync method reaches. */
function checkSamplerFlags(spec: string | undefined, sync: string | undefined): void {
  if (spec === undefined) throw new CliUsageError('--sync is how --sampler SPEC gets new weights');
  if (sync === 'lora')
    throw new CliUsageError(
      '--sync lora: the built-in LM trains all its weights and writes no LoRA adapter; use reload (selfplay serve) or full',
    );
  try {
    parseWeightSyncConfig({ sampler: spec, sync: sync ?? 'reload' });
  } catch (error) {
    throw new CliUsageError(`--sampler/--sync: ${(error as Error).message}`);
  }
}
