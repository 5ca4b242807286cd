/**
 * Where a run's learner lives (`selfplay train --learner SPEC`): in this process; in a `selfplay learner-serve` child
 * process the trainer starts and stops (`local-server`); or at a Tinker-compatible service (`tinker:URL`). It is not
 * part of a run's config: every choice trains the same weights, so a run may resume on another.
 */
/** The `base_model` `selfplay learner-serve` trains unless told otherwise, and the one a run asks for by default. */
export const defaultLearnerModel = 'selfplay-lm';

export type LearnerChoice =
  | { readonly kind: 'in-process' }
  | { readonly kind: 'local-server' }
  | { readonly kind: 'tinker'; readonly url: string };

export function parseLearnerSpec(spec: string): LearnerChoice {
  if (spec === 'in-process' || spec === 'local-server') return { kind: spec };
  if (spec.startsWith('tinker:')) {
    const url = spec.slice('tinker:'.length);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RangeError(`--learner ${spec}: "${url}" is not a URL (e.g. tinker:http://127.0.0.1:8765)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new RangeError(`--learner ${spec}: the service URL must be http or https`);
    }
    return { kind: 'tinker', url };
  }
  throw new RangeError(`--learner takes in-process, local-server or tinker:URL, got "${spec}"`);
}
