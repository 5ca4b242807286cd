import type { Proposal, Verdict } from '../../executors/index.ts';

/**
 * AZR's format shaping (research/systems.md §2.5 (d)) for the proposer: a valid task earns its learnability f(p̂);
 * a reply written as a proposal that does not make a valid task (a program outside the language, one that fails on
 * its input, a repeated input, a task the solver's context cannot hold) earns −0.5; a reply that is not a proposal
 * at all earns −1.
 */
export function proposerReward(proposal: Proposal, learnabilityReward: number): number {
  if (proposal.ok) return learnabilityReward;
  return proposal.format ? -1 : -0.5;
}

/**
 * The solver: 1 for a correct answer, 0 for an answer that was read and is wrong, −1 for one that could not be read
 * (`verdict.format`: no integer, or no program of the language). AZR's −0.5 step is for well-formed outputs that are
 * invalid; a wrong answer here is simply not rewarded, so the ladder reads 1 / 0 / −1.
 */
export function solverReward(verdict: Verdict): number {
  if (verdict.correct) return 1;
  return verdict.format ? -1 : 0;
}
