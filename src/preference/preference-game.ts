import { maxEntropyNash, type PayoffMatrix, symmetricExploitability } from '../solvers/index.ts';
import type { PreferencePrompt } from './preference-file.ts';
import { checkDistribution, type ResponseDistribution } from './response-distribution.ts';

/**
 * The symmetric zero-sum game of one prompt: A = P − ½ over the listed responses plus one last outcome, "other"
 * (every answer outside the list), which loses to each listed response (P = 0) and ties with itself (½). A is
 * antisymmetric, so the game's value is 0 and either seat plays the same equilibrium: the von Neumann winner.
 */
export function preferencePayoff(prompt: PreferencePrompt): PayoffMatrix {
  const n = prompt.responses.length;
  const rows = prompt.preferences.map((row) => [...row.map((p) => p - 0.5), 0.5]);
  return [...rows, [...new Array<number>(n).fill(-0.5), 0]];
}

/**
 * The oracle of one prompt as a function of two outcomes: P(i ≻ j) for listed indices, with −1 standing for "other",
 * which loses to every listed response and ties with itself.
 */
export function preferenceOracle(prompt: PreferencePrompt): (i: number, j: number) => number {
  const payoff = preferencePayoff(prompt);
  const other = prompt.responses.length;
  return (i, j) => payoff[i < 0 ? other : i]![j < 0 ? other : j]! + 0.5;
}

/** What each listed response wins against a policy playing `d`: Σ_i π_i P(j ≻ i), "other" included (P(j ≻ other) = 1). */
export function replyWinRates(prompt: PreferencePrompt, d: ResponseDistribution): number[] {
  checkDistribution(d, prompt.responses.length);
  const x = [...d.probabilities, d.other];
  return preferencePayoff(prompt)
    .slice(0, prompt.responses.length)
    .map((row) => 0.5 + row.reduce((s, a, i) => s + a * x[i]!, 0));
}

/**
 * The duality gap of a policy in the preference game: max_j Σ_i π_i P(j ≻ i) − ½ over listed responses j, "other"
 * in π included. How much more than half the best single response wins against the policy; 0 exactly at a von
 * Neumann winner, and at most ½ (a policy all on "other").
 */
export function preferenceDualityGap(prompt: PreferencePrompt, d: ResponseDistribution): number {
  checkDistribution(d, prompt.responses.length);
  // "other" as the reply never earns more than a listed one, so the max over all outcomes is the max over listed.
  return symmetricExploitability(preferencePayoff(prompt), [...d.probabilities, d.other]);
}

export interface VonNeumannWinner {
  /** The winner's distribution: on listed responses only ("other" loses to all of them). */
  readonly distribution: ResponseDistribution;
  /** Its duality gap, measured: 0 up to rounding certifies it. */
  readonly gap: number;
}

/**
 * The von Neumann winner: a distribution no single response beats more than half the time, the Nash equilibrium
 * of the preference game. When several exist (tied responses), the maximum-entropy one, which splits weight evenly
 * among interchangeable responses.
 */
export function vonNeumannWinner(prompt: PreferencePrompt): VonNeumannWinner {
  const { strategy } = maxEntropyNash(prompt.preferences.map((row) => row.map((p) => p - 0.5)));
  const distribution = { probabilities: strategy, other: 0 };
  return { distribution, gap: preferenceDualityGap(prompt, distribution) };
}
