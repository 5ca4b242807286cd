import { type CheckResult, passed } from './check-result.ts';
import type { DoctorTargets } from './doctor-config.ts';
import { checkLearner } from './learner-checks.ts';
import { checkSampler } from './sampler-checks.ts';

export interface DoctorDeps {
  readonly fetch?: typeof globalThis.fetch;
  /** Where API keys are read: the sampler's key_env and `TINKER_API_KEY`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Limit per learner request in ms (default 30 s). */
  readonly learnerTimeoutMs?: number;
}

/** Runs the checks of every target, sampler first, reporting each as it ends; the list is all of them. */
export async function runDoctor(
  targets: DoctorTargets,
  options: DoctorDeps & { onResult?: (result: CheckResult) => void } = {},
): Promise<CheckResult[]> {
  const env = options.env ?? process.env;
  const onResult = options.onResult ?? (() => {});
  const results: CheckResult[] = [];
  const add = (result: CheckResult) => {
    results.push(result);
    onResult(result);
  };
  const fetchDep = options.fetch ? { fetch: options.fetch } : {};
  if (targets.sampler) {
    await checkSampler({ ...targets.sampler, deps: { env, ...fetchDep }, onResult: add });
  }
  const learner = targets.learner;
  const choice = learner?.choice;
  if (choice && choice.kind !== 'tinker') {
    // The trainer runs these itself (in its process, or a learner-serve child it starts): nothing to reach.
    add(passed('learner', `${choice.kind}: the trainer starts it, there is no endpoint to check`));
  } else if (learner && choice) {
    const apiKey = env['TINKER_API_KEY'];
    await checkLearner({
      url: choice.url,
      model: learner.model,
      ...(apiKey ? { apiKey } : {}),
      ...(options.learnerTimeoutMs === undefined ? {} : { timeoutMs: options.learnerTimeoutMs }),
      ...fetchDep,
      onResult: add,
    });
  }
  return results;
}
