import { taskInstructions } from '../executors/index.ts';
import {
  createInstructedEndpoint,
  EndpointConfigError,
  endpointSpecHelp,
  endpointSpecPrefix,
  PromptTemplateError,
} from '../llm/index.ts';
import { loadModel, type Sampling } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { createLmPolicy, withinContext } from '../rollout/lm-policy.ts';
import { PlayerSpecError } from '../rollout/players/player-spec.ts';
import type { Policy } from '../spec/policy.ts';
import { resolveCheckpoint } from '../store/resolve-checkpoint.ts';
import { describeSampling, intOption, lmSampling } from './args.ts';
import { CliUsageError } from './io.ts';

/** A free-text player and how it decodes. */
export interface FreeTextPlayer {
  readonly policy: Policy;
  /** How it decodes, for the header line. */
  readonly decoding: string;
  /** The checkpoint's context length, when prompts must fit one. */
  readonly context?: number;
}

/**
 * The policy behind a command's `--checkpoint`/`--player` for free-text prompts (program tasks, critiques): the
 * built-in LM of a checkpoint with the command's sampling flags, or an endpoint that gets `prompts`' instructions
 * unless its spec names a template (default: the task instructions).
 */
export async function resolveFreeTextPlayer(
  spec: string,
  values: { temperature?: string; 'top-p'?: string; 'max-tokens'?: string },
  prompts: { readonly name: string; readonly instructions: string } = {
    name: 'program-tasks',
    instructions: taskInstructions,
  },
): Promise<FreeTextPlayer> {
  if (spec.startsWith('checkpoint:')) {
    const sampling: Sampling = lmSampling(values);
    const maxTokens = intOption('max-tokens', values['max-tokens'], 64, 1);
    const path = spec.slice('checkpoint:'.length);
    let dir: string;
    try {
      dir = resolveCheckpoint(path).dir;
    } catch (cause) {
      throw new PlayerSpecError((cause as Error).message, { cause });
    }
    const { model } = await loadModel(dir, { kernels: createKernels({ heap: createHeap() }) });
    const lm = createLmPolicy({ model, name: `lm ${path}`, ...sampling, decoding: 'free', maxTokens });
    const policy = withinContext(lm, model.config.context);
    return {
      policy,
      decoding: `checkpoint: free text at ${describeSampling(sampling)}, at most ${maxTokens} tokens per answer`,
      context: model.config.context,
    };
  }
  const stray = (['temperature', 'top-p', 'max-tokens'] as const).find((name) => values[name] !== undefined);
  if (stray) {
    throw new CliUsageError(
      `--${stray} is for checkpoints; an endpoint takes its sampling in the spec (temperature=…)`,
    );
  }
  if (!spec.startsWith(endpointSpecPrefix)) {
    throw new PlayerSpecError(
      `plays checkpoint:PATH or an endpoint, not "${spec}"; players:\n  checkpoint:PATH\n${endpointSpecHelp}`,
    );
  }
  try {
    const policy = await createInstructedEndpoint(spec, prompts);
    const { temperature, topP, maxTokens } = policy.config.sampling;
    return {
      policy,
      decoding: `endpoint: free text at temperature ${temperature}, top-p ${topP}, at most ${maxTokens} tokens; template ${policy.template.name}`,
    };
  } catch (cause) {
    if (cause instanceof EndpointConfigError || cause instanceof PromptTemplateError) {
      throw new PlayerSpecError(cause.message, { cause });
    }
    throw cause;
  }
}
