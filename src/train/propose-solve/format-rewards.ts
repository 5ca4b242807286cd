import type { Judgement, Proposal, Verdict } from '../../executors/index.ts';
import type { VerifierName } from './propose-solve-config.ts';

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
 * invalid; a wrong answer here is simply not rewarded, so the ladder reads 1 / 0 / −1. `credited` is whether the
 * verifier counts a readable answer right (`verifiedCorrect`; the rule's verdict by default).
 */
export function solverReward(verdict: Verdict, credited: boolean = verdict.correct): number {
  if (!verdict.correct && verdict.format) return -1;
  return credited ? 1 : 0;
}

/**
 * Whether the verifier counts a readable answer right, for the solver's reward and the proposer's p̂: `rule` is the
 * executor; `judge` is the judge's verdict (no verdict counts wrong; MAE, §2.9); `max` is SPELL's r = max(rule,
 * judge), the judge counted only where its verdict is valid (§2.13 (d)). `judgement` is unused under `rule`.
 */
export function verifiedCorrect(verifier: VerifierName, rule: boolean, judgement: Judgement | undefined): boolean {
  const judged = judgement?.ok === true && judgement.right;
  switch (verifier) {
    case 'rule':
      return rule;
    case 'judge':
      return judged;
    case 'max':
      return rule || judged;
    default:
      return verifier satisfies never;
  }
}

/**
 * The judge (SPELL's verifier reward, §2.13 (d)): +1 when its verdict equals the label, 0 when not, −1 for no
 * verdict. SPELL's label is the majority of its judgements; ours is the executor's, exact on this language.
 */
export function judgeReward(judgement: Judgement, rule: boolean): number {
  if (!judgement.ok) return -1;
  return judgement.right === rule ? 1 : 0;
}
