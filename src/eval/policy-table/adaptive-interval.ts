import type { GameTree } from '../../solvers/index.ts';
import { type AnswerGroup, answerGroups } from './answer-groups.ts';
import { type ExploitabilityInterval, exploitabilityInterval } from './exploitability-interval.ts';
import type { AnswerSampler } from './sampled-answers.ts';

export interface AdaptiveRun {
  /** The last look's interval; its `level` is the overall level the sequence of looks keeps. */
  readonly interval: ExploitabilityInterval;
  readonly groups: readonly AnswerGroup[];
  /** Rounds of extra answers after the first k per batch. */
  readonly rounds: number;
  /** Why it stopped: the width was reached, the call budget ran out, or no target was set. */
  readonly stopped: 'width' | 'budget' | 'no-target';
  readonly targetWidth?: number;
  readonly maxCalls?: number;
  /** The level the last look was computed at (higher than `interval.level`: the error is spent over the looks). */
  readonly lookLevel?: number;
}

/**
 * Measures the interval from the sampler's answers; with `targetWidth`, keeps asking for more answers where they
 * narrow it most until high − low ≤ targetWidth or `maxCalls` calls (all calls, the first k per batch included)
 * are spent.
 *
 * Each round at most doubles the calls spent so far, moving the batches toward the allocation that minimises the
 * variance for the calls (n_b ∝ √(per-answer variance of batch b), Neyman's allocation); so a budget of F times the
 * first round's calls takes about log2 F rounds. Stopping when the interval looks narrow enough would make it
 * optimistic (the bench measured 0.942 coverage on one Kuhn policy when every look used 95%), so the error is spent
 * over the looks: look r (0, 1, …) is computed at level 1 − (1 − level)·6/(π²(r+1)²), which sums to (1 − level) —
 * by the union bound the interval it stops on covers with the stated level whatever the stopping rule.
 */
export async function adaptiveInterval(options: {
  tree: GameTree;
  sampler: AnswerSampler;
  level?: number;
  targetWidth?: number;
  maxCalls?: number;
}): Promise<AdaptiveRun> {
  const { tree, sampler, targetWidth } = options;
  const level = options.level ?? 0.95;
  const measure = (lookLevel: number) => {
    // Groups follow the sampler's batches: both are numbered by first appearance in walk order.
    const groups = answerGroups(tree, sampler.infosets);
    const interval = { ...exploitabilityInterval({ tree, groups, level: lookLevel }), level };
    return { groups, interval };
  };
  if (targetWidth === undefined) return { ...measure(level), rounds: 0, stopped: 'no-target' };
  if (!(targetWidth > 0)) throw new RangeError(`target width must be positive, got ${targetWidth}`);
  const maxCalls = options.maxCalls ?? 10 * sampler.calls();
  const levelAt = (look: number) => 1 - ((1 - level) * 6) / (Math.PI ** 2 * (look + 1) ** 2);
  let rounds = 0;
  let { groups, interval } = measure(levelAt(0));
  for (;;) {
    if (interval.high - interval.low <= targetWidth) return done('width');
    const budget = Math.min(maxCalls - sampler.calls(), sampler.calls());
    const plan = planRound(groups, interval.groupVariance, budget);
    if (plan.size === 0) return done('budget');
    await sampler.extend([...plan.keys()], (b) => plan.get(b)!);
    rounds++;
    ({ groups, interval } = measure(levelAt(rounds)));
  }
  function done(stopped: 'width' | 'budget'): AdaptiveRun {
    return { interval, groups, rounds, stopped, targetWidth: targetWidth!, maxCalls, lookLevel: levelAt(rounds) };
  }
}

/**
 * Batch → answers it should hold after this round, adding at most `budget` calls: toward n_b ∝ √(n_b · variance_b)
 * for the total after the round; when that asks for nothing new, every batch grows alike.
 */
function planRound(groups: readonly AnswerGroup[], variance: readonly number[], budget: number): Map<number, number> {
  const plan = new Map<number, number>();
  if (budget <= 0) return plan;
  const sizes = groups.map((g) => g.answers.length);
  const spent = sizes.reduce((a, b) => a + b, 0);
  const weights = sizes.map((n, b) => Math.sqrt(n * (variance[b] ?? 0)));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const wanted = sizes.map((n, b) =>
    totalWeight > 0 ? Math.max(0, ((spent + budget) * weights[b]!) / totalWeight - n) : n,
  );
  const totalWanted = wanted.reduce((a, b) => a + b, 0);
  const extra = totalWanted > 0 ? wanted : sizes;
  const scale = Math.min(1, budget / extra.reduce((a, b) => a + b, 0));
  let left = budget;
  extra.forEach((x, b) => {
    const more = Math.min(left, Math.floor(x * scale));
    if (more <= 0) return;
    plan.set(b, sizes[b]! + more);
    left -= more;
  });
  // What rounding down left goes to the neediest batch, so a round spends its whole budget (fewer, larger looks).
  if (left > 0) {
    const b = extra.indexOf(Math.max(...extra));
    plan.set(b, (plan.get(b) ?? sizes[b]!) + left);
  }
  return plan;
}
