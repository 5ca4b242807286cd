/**
 * Vision-Zero's zero-sum vote-potential rewards (research/systems.md §2.10 (d); Vision-Zero's
 * `clevr_spotdiff_generator.py`, `_calculate_strategic_clue_rewards`, with β = λ = 0.1):
 * - v_p: votes player p received; v̄_C: the civilians' mean; Ψ = v_spy − v̄_C (the suspicion potential).
 * - Spy: r = −βΨ. Civilian j: r = βΨ / n_c − λ(v_j − v̄_C), n_c the number of civilians.
 * The civilians' shares add up to βΨ and their individual terms to 0, so the returns sum to zero.
 * Vision-Zero counts the votes of its separate "God" decision samples; here the players' own votes are counted. Its
 * further role-baseline correction (r − b_role, an EMA per role) is a training-side baseline, which this engine keeps
 * per (game, role) from `TextGame.roleOf`, so it is not part of the returns.
 */
export interface VotePotentialCoefficients {
  /** Weight of the camp-shared potential Ψ (Vision-Zero: 0.1). */
  readonly beta: number;
  /** Weight of a civilian's own votes against the civilians' mean (Vision-Zero: 0.1). */
  readonly lambda: number;
}

export const visionZeroCoefficients: VotePotentialCoefficients = Object.freeze({ beta: 0.1, lambda: 0.1 });

export interface VotePotentialInput {
  /** Votes each player received: `received[p]`. */
  readonly received: readonly number[];
  /** The spy's seat. */
  readonly spy: number;
  /** Default: Vision-Zero's β = λ = 0.1. */
  readonly coefficients?: VotePotentialCoefficients;
}

/** Returns per player from the votes each received and the spy's seat. */
export function votePotentialRewards(input: VotePotentialInput): number[] {
  const { received, spy } = input;
  const { beta, lambda } = input.coefficients ?? visionZeroCoefficients;
  const civilians = received.length - 1;
  const civilianMean = received.reduce((s, v, p) => (p === spy ? s : s + v), 0) / civilians;
  const psi = (received[spy] ?? 0) - civilianMean;
  return received.map((v, p) => (p === spy ? -beta * psi : (beta * psi) / civilians - lambda * (v - civilianMean)));
}

/**
 * The least and greatest return any seat can get with `players` voters, each voting for one other player. Both
 * rewards are linear in (v_spy, v_j), so the extremes lie among the vote counts with v_spy, v_j ≤ players − 1 and
 * v_spy + v_j ≤ players, and for three or more players every extreme found here is reachable (spy: no votes or all
 * the others'; civilian j: all the others' votes while the spy has none, or none while the spy has all the others').
 */
export function votePotentialRange(
  players: number,
  coefficients: VotePotentialCoefficients = visionZeroCoefficients,
): [min: number, max: number] {
  let min = Infinity;
  let max = -Infinity;
  for (let spyVotes = 0; spyVotes < players; spyVotes++) {
    for (let own = 0; own < players && spyVotes + own <= players; own++) {
      // Seat 0 the spy with `spyVotes`, seat 1 a civilian with `own`, the remaining votes on seat 2.
      const received = new Array<number>(players).fill(0);
      received[0] = spyVotes;
      received[1] = own;
      received[2] = players - spyVotes - own;
      const [spyReturn = 0, civilianReturn = 0] = votePotentialRewards({ received, spy: 0, coefficients });
      min = Math.min(min, spyReturn, civilianReturn);
      max = Math.max(max, spyReturn, civilianReturn);
    }
  }
  return [min, max];
}
