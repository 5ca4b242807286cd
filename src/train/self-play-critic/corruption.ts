import { checkStep, firstWrongStep, readStep, type TraceStep, type TraceTask } from '../../executors/index.ts';

/**
 * The sneaky's reply judged by the executor. `valid`: it reads as a step and its claim is false at the input, so the
 * corrupted trace (step k replaced, the rest unchanged) has a wrong step; `firstWrong` is computed with the checker
 * (it is k: the steps before k are right). `not-a-step`: it does not read as a step, or its EXPR is not in the
 * language. `true-claim`: a step whose claim holds (even about another expression) is no error.
 */
export type Corruption =
  | { readonly kind: 'valid'; readonly steps: readonly TraceStep[]; readonly firstWrong: number }
  | { readonly kind: 'not-a-step'; readonly reason: string }
  | { readonly kind: 'true-claim' };

export function judgeCorruption(options: {
  readonly task: TraceTask;
  readonly steps: readonly TraceStep[];
  /** The step replaced, 1-based. */
  readonly k: number;
  readonly reply: string;
}): Corruption {
  const { task, steps, k, reply } = options;
  const read = readStep(reply);
  if (!read.ok) return { kind: 'not-a-step', reason: read.reason };
  const check = checkStep(read.step, task.input);
  if (check === 'unparseable') return { kind: 'not-a-step', reason: 'the step’s expression is not in the language' };
  if (check === 'true') return { kind: 'true-claim' };
  const corrupted = steps.map((s, i) => (i === k - 1 ? read.step : s));
  const firstWrong = firstWrongStep(corrupted, task.input);
  // Unreachable while the steps before k are right; kept so a wrong prefix can never mislabel an episode.
  if (firstWrong === null) return { kind: 'true-claim' };
  return { kind: 'valid', steps: corrupted, firstWrong };
}

/** The sneaky's format ladder for a reply that makes no episode: −1 not a step, −0.5 a true claim. */
export function invalidCorruptionReward(corruption: Exclude<Corruption, { kind: 'valid' }>): number {
  return corruption.kind === 'not-a-step' ? -1 : -0.5;
}
