import { type TabularPolicy, tabularPolicy } from '../../solvers/tabular-policy.ts';
import {
  createPersuasionRules,
  type PersuasionConfig,
  type PersuasionConfigInput,
  percentOf,
  persuasionConfigSchema,
} from './rules.ts';

/**
 * Exact benchmarks of the persuasion game (rules.ts), for a receiver that best-responds and buys when indifferent
 * (the sender-preferred tie rule under which Kamenica & Gentzkow's optimum is attained).
 *
 * Derivation. Under scheme q a `high` signal has probability p + (1 − p)q and posterior P(high | high) =
 * p / (p + (1 − p)q); buying then pays the receiver that posterior and passing pays its complement, so it buys iff
 * p ≥ (1 − p)q. A `low` signal comes only from a low state (posterior 0), so the receiver passes. The sender's value
 * of q is therefore p + (1 − p)q when p ≥ (1 − p)q and 0 otherwise.
 *
 * Source: Kamenica & Gentzkow (2011), "Bayesian Persuasion", AER 101(6): 2590–2615, the prosecutor–judge example of the introduction (prior 0.3, value 0.6):
 * with prior p < ½ the sender's optimal value is 2p, reached by q = p / (1 − p) (the receiver is then just
 * indifferent after `high`); without information the receiver acts on the prior and buys iff p ≥ ½. On a discrete
 * menu the best entry is the largest q ≤ p / (1 − p), computed below entry by entry.
 */
export interface SchemeValue {
  /** Menu index (the sender's action). */
  readonly index: number;
  readonly q: number;
  /** P(signal `high`). */
  readonly highSignal: number;
  /** P(state high | signal `high`). */
  readonly posteriorHigh: number;
  /** The best-responding receiver buys after `high` (always passes after `low`). */
  readonly buysOnHigh: boolean;
  readonly senderValue: number;
  readonly receiverValue: number;
}

export interface PersuasionOptimum {
  readonly prior: number;
  /** Every menu entry's values, in menu order. */
  readonly schemes: readonly SchemeValue[];
  /** The sender-optimal menu entry (the first of equal values). */
  readonly best: SchemeValue;
  /** Sender value without information (q = 1 or no signal): 1 if p ≥ ½, else 0. */
  readonly noInformation: number;
  /** Sender value under full disclosure (q = 0): p. */
  readonly fullDisclosure: number;
  /** Kamenica–Gentzkow's optimum over all q ∈ [0, 1]: q* = min(1, p / (1 − p)), value min(1, 2p). */
  readonly continuous: { readonly q: number; readonly value: number };
}

/** Relative slack for the indifference test, so a tie in exact arithmetic reads as a tie (and the receiver buys). */
const tieTolerance = 1e-12;

/** The receiver's best response after `high` under scheme q (buy when indifferent). */
export function buysOnHigh(prior: number, q: number): boolean {
  return prior - (1 - prior) * q >= -tieTolerance;
}

export function persuasionOptimum(input: PersuasionConfigInput | PersuasionConfig = {}): PersuasionOptimum {
  const { prior: p, menu } = persuasionConfigSchema.parse(input);
  const schemes = menu.map((q, index): SchemeValue => {
    const highSignal = p + (1 - p) * q;
    const buys = buysOnHigh(p, q);
    return {
      index,
      q,
      highSignal,
      posteriorHigh: p / highSignal,
      buysOnHigh: buys,
      senderValue: buys ? highSignal : 0,
      // Buying after `high` is right in the high state (p); passing is right in the low state, after either signal.
      receiverValue: buys ? p + (1 - p) * (1 - q) : 1 - p,
    };
  });
  let best = schemes[0]!;
  for (const s of schemes) if (s.senderValue > best.senderValue + tieTolerance) best = s;
  return {
    prior: p,
    schemes,
    best,
    noInformation: p >= 0.5 ? 1 : 0,
    fullDisclosure: p,
    continuous: p < 0.5 ? { q: p / (1 - p), value: 2 * p } : { q: 1, value: 1 },
  };
}

/**
 * The optimum as a policy table of the game: the sender commits to `best`, the receiver best-responds at every
 * information set the tree holds (buy after `high` iff `buysOnHigh`, pass after `low`). Row order is `[buy, pass]`.
 */
export function optimalPersuasionPolicy(input: PersuasionConfigInput | PersuasionConfig = {}): TabularPolicy {
  const rules = createPersuasionRules(input);
  const { menu } = rules.config;
  const optimum = persuasionOptimum(rules.config);
  const rows: Record<string, number[]> = { S: menu.map((_, i) => (i === optimum.best.index ? 1 : 0)) };
  for (const s of optimum.schemes) {
    rows[`R q${percentOf(s.q)} high`] = s.buysOnHigh ? [1, 0] : [0, 1];
    // A scheme with q = 1 never signals `low`, so that information set is not in the tree.
    if (s.q < 1) rows[`R q${percentOf(s.q)} low`] = [0, 1];
  }
  return tabularPolicy(rules.info.id, rows);
}
