import { z } from 'zod';
import { defaultLearnerModel, type LearnerChoice, parseLearnerSpec } from '../learner/remote/learner-spec.ts';
import { type EndpointConfig, EndpointConfigError } from '../llm/endpoint-config.ts';
import { parseEndpointSpec } from '../llm/endpoint-spec.ts';
import { type WeightSyncMethod, weightSyncMethods } from '../llm/weight-sync-config.ts';

/** The base model a Tinker service is asked for when `model` is not given: what `selfplay learner-serve` serves. */
export const defaultDoctorModel = defaultLearnerModel;

/**
 * What `selfplay doctor` checks, as `--config FILE` writes it: the same names as `selfplay train`'s flags. Strict, so
 * a misspelt key is named rather than silently leaving an endpoint unchecked.
 */
export const doctorConfigSchema = z.strictObject({
  /** The sampler's endpoint spec, `openai:URL#MODEL?kind=…` (train's `--sampler`). */
  sampler: z.string().min(1).optional(),
  /** How the sampler gets new weights (train's `--sync`); default `reload`, as train's, when a sampler is named. */
  sync: z.enum(weightSyncMethods).optional(),
  /** `in-process`, `local-server` or `tinker:URL` (train's `--learner`). */
  learner: z.string().min(1).optional(),
  /** The base model a `tinker:URL` learner trains; default `selfplay-lm`. */
  model: z.string().min(1).optional(),
});
export type DoctorConfigInput = z.input<typeof doctorConfigSchema>;

/** The endpoints to check, parsed. */
export interface DoctorTargets {
  readonly sampler?: { readonly config: EndpointConfig; readonly sync: WeightSyncMethod };
  readonly learner?: { readonly choice: LearnerChoice; readonly model: string };
}

/** A bad doctor config; the message is one line and names each bad key. */
export class DoctorConfigError extends Error {
  override readonly name = 'DoctorConfigError';
}

/** Validates the keys, parses the sampler spec and the learner spec, and fills the defaults train would. */
export function parseDoctorConfig(input: unknown): DoctorTargets {
  const parsed = doctorConfigSchema.safeParse(input);
  if (!parsed.success) throw new DoctorConfigError(parsed.error.issues.map(describeIssue).join('; '));
  const { sampler, sync, learner, model } = parsed.data;
  if (sampler === undefined && learner === undefined) {
    throw new DoctorConfigError('nothing to check: name a sampler (openai:URL#MODEL…) or a learner (tinker:URL)');
  }
  if (sync !== undefined && sampler === undefined) {
    throw new DoctorConfigError('sync is how the sampler gets new weights: name the sampler too');
  }
  if (model !== undefined && learner === undefined) {
    throw new DoctorConfigError('model names the base model of a tinker:URL learner: name that learner too');
  }
  return {
    ...(sampler === undefined ? {} : { sampler: { config: samplerConfig(sampler), sync: sync ?? 'reload' } }),
    ...(learner === undefined
      ? {}
      : { learner: { choice: learnerChoice(learner), model: model ?? defaultDoctorModel } }),
  };
}

function samplerConfig(spec: string): EndpointConfig {
  try {
    return parseEndpointSpec(spec);
  } catch (error) {
    if (!(error instanceof EndpointConfigError)) throw error;
    // The spec's error ends with the whole option list; the first part says what is wrong.
    const [what = error.message] = error.message.split('\nexpected:');
    throw new DoctorConfigError(`sampler: ${what.replace(/\s*\n\s*/g, '; ')}`, { cause: error });
  }
}

function learnerChoice(spec: string): LearnerChoice {
  try {
    return parseLearnerSpec(spec);
  } catch (error) {
    throw new DoctorConfigError(`learner: ${(error as Error).message}`, { cause: error });
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}; the keys are ${Object.keys(doctorConfigSchema.shape).join(', ')}`;
  }
  return `${issue.path.join('.') || 'the config'}: ${issue.message}`;
}
