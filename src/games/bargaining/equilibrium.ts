import { TERMINAL } from '../../spec/game.ts';
import type { TabularPolicy } from '../../solvers/tabular-policy.ts';
import { ACCEPT, type BargainingRules, type BargainingState, proposerOf, REJECT } from './rules.ts';

/**
 * Values closer than this count as equal: continuation values are products of float discounts, so an offer that
 * exactly matches a continuation (e.g. 8/10 × 0.8² against 0.8³) must not flip on rounding.
 */
const tieTolerance = 1e-12;

/** One round of the subgame-perfect equilibrium; the same in every history reaching the round. */
export interface RoundPlan {
  /** 0-based. */
  readonly round: number;
  readonly proposer: number;
  /** Units the proposer keeps in its equilibrium offer. */
  readonly offer: number;
  /** The responder accepts exactly the offers that keep at most this many units for the proposer. */
  readonly acceptUpTo: number;
  /** Equilibrium values [player 0, player 1] of the subgame that starts with this round's proposal. */
  readonly values: readonly [number, number];
}

export interface BargainingSolution {
  /** Rounds 0..horizon − 1. */
  readonly rounds: readonly RoundPlan[];
  /** Units [player 0, player 1] agreed in round 0, where equilibrium play ends. */
  readonly split: readonly [number, number];
  /** Player 0's share of the pie, `split[0] / pie`. */
  readonly share: number;
  /** Each player's equilibrium value (its expected return). */
  readonly values: readonly [number, number];
}

export interface BargainingEquilibrium extends BargainingSolution {
  /** The equilibrium strategy at every information set of the game (one-hot rows), for `nashConv` and friends. */
  readonly policy: TabularPolicy;
}

/**
 * The subgame-perfect equilibrium of the discrete game by backward induction over rounds. Returns depend only on the
 * round and the split agreed, so every subgame starting in round t has the same continuation W_t (W_horizon = 0):
 * - the responder r of round t accepts an offer that keeps k units for the proposer iff (pie − k)/pie · δ_r^t ≥ W_t[r];
 *   ties are accepted (the usual selection; with rejection on ties the proposer would have no best offer in the
 *   continuous game);
 * - the proposer keeps the most it can get accepted, unless a rejected offer (worth W_t to it) pays strictly more,
 *   which cannot happen with δ ≤ 1 but is checked rather than assumed.
 * Linear in horizon × pie: works for any config.
 */
export function solveBargaining(rules: BargainingRules): BargainingSolution {
  const { pie, horizon, discounts } = rules.config;
  const rounds: RoundPlan[] = [];
  let next: readonly [number, number] = [0, 0];
  for (let t = horizon - 1; t >= 0; t--) {
    const proposer = proposerOf(t);
    const responder = 1 - proposer;
    const worth = (units: number, p: number) => (units / pie) * discounts[p]! ** t;
    let acceptUpTo = -1;
    for (let k = pie; k >= 0; k--)
      if (worth(pie - k, responder) >= next[responder]! - tieTolerance) {
        acceptUpTo = k;
        break;
      }
    let offer = acceptUpTo;
    let values: readonly [number, number] = next;
    const kept = acceptUpTo >= 0 ? worth(acceptUpTo, proposer) : -Infinity;
    if (kept >= next[proposer]! - tieTolerance) {
      const given = worth(pie - acceptUpTo, responder);
      values = proposer === 0 ? [kept, given] : [given, kept];
    } else offer = pie; // rejected: here acceptUpTo < pie, since keeping the whole pie beats any continuation
    rounds.unshift({ round: t, proposer, offer, acceptUpTo, values });
    next = values;
  }
  const first = rounds[0]!;
  const agreed = first.offer <= first.acceptUpTo;
  const split: [number, number] = agreed ? [first.offer, pie - first.offer] : [0, 0];
  return { rounds, split, share: split[0] / pie, values: first.values };
}

/** Stop before building a policy table larger than this many rows (the default config has 17,568). */
const maxPolicyRows = 2_000_000;

/**
 * `solveBargaining` plus the equilibrium strategy as a table over every information set (every history: the game has
 * perfect information), keyed by `informationStateKey`. The table has about (pie + 1)^horizon rows, so this throws a
 * `RangeError` for configs past two million rows; use `solveBargaining` there.
 */
export function bargainingEquilibrium(rules: BargainingRules): BargainingEquilibrium {
  const solution = solveBargaining(rules);
  const { pie, horizon } = rules.config;
  let rows = 0;
  for (let t = 0; t < horizon; t++) rows += (pie + 1) ** t * (pie + 2);
  if (rows > maxPolicyRows)
    throw new RangeError(
      `${rules.info.id}: the equilibrium table would have ${rows} rows; use solveBargaining for pie ${pie}, horizon ${horizon}`,
    );
  const table = new Map<string, number[]>();
  const visit = (state: BargainingState): void => {
    const actor = rules.currentPlayer(state);
    if (actor === TERMINAL) return;
    const plan = solution.rounds[rules.round(state)]!;
    const legal = rules.legalActions(state);
    const pending = rules.pendingOffer(state);
    const chosen = pending === undefined ? plan.offer : pending <= plan.acceptUpTo ? ACCEPT : REJECT;
    table.set(
      rules.informationStateKey(state, actor),
      legal.map((a) => (a === chosen ? 1 : 0)),
    );
    for (const a of legal) visit(rules.apply(state, a));
  };
  visit(rules.initialState());
  return { ...solution, policy: { game: rules.info.id, rows: table } };
}

/**
 * Player 0's share of the pie in the subgame-perfect equilibrium of the continuous game (any split allowed), player 0
 * proposing first. Infinite horizon: (1 − δ1) / (1 − δ0·δ1) (Rubinstein 1982, "Perfect Equilibrium in a Bargaining
 * Model", Econometrica 50(1) 97–109; research/games.md §8). A finite horizon T by backward induction on the
 * proposer's share x_t: x_(T−1) = 1, and x_t = 1 − δ_r · x_(t+1) with r the responder of round t, who proposes next.
 * The discrete game's share tends to the finite one as the pie grows, and that to the infinite one as T grows.
 */
export function rubinsteinShare(discounts: readonly [number, number], horizon = Infinity): number {
  const [d0, d1] = discounts;
  if (horizon === Infinity) return (1 - d1) / (1 - d0 * d1);
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new RangeError(`rubinsteinShare: horizon must be a whole number ≥ 1 or Infinity, got ${horizon}`);
  let share = 1;
  for (let t = horizon - 2; t >= 0; t--) share = 1 - (proposerOf(t) === 0 ? d1 : d0) * share;
  return share;
}
