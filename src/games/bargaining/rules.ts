import { z } from 'zod';
import { type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { parseStateJson } from '../state-json.ts';

/**
 * Rubinstein alternating offers over a finite horizon, as GLEE's bargaining family plays it (Shapira et al. 2024,
 * arXiv 2410.05254; research/games.md §8): two players split a pie of `pie` whole units. In round t = 0, 1, …,
 * horizon − 1 player t mod 2 proposes how many units it keeps; the other accepts or rejects. An agreement in round t
 * pays each player its share of the pie times its own discount factor to the power t (GLEE's δ^(rounds − 1)); when
 * every offer is rejected both get 0. Perfect information, no chance, general-sum.
 *
 * Action ids depend on the turn, as Kuhn's do: at a proposal an action is the units the proposer keeps, 0..pie; at a
 * response it is `ACCEPT` (0) or `REJECT` (1).
 */
export const ACCEPT = 0;
export const REJECT = 1;

export const bargainingConfigSchema = z
  .object({
    /** Registry id; a variant (other pie, horizon or discounts) must carry its own. */
    id: z.string().min(1).default('bargaining'),
    title: z.string().min(1).default('Bargaining (Rubinstein alternating offers, GLEE-style)'),
    /** Units to split; an offer is the proposer's own share, a whole number 0..pie. */
    pie: z.number().int().min(1).max(1000).default(10),
    /** Rounds of offer and answer before the pie is lost. */
    horizon: z.number().int().min(1).max(50).default(4),
    /** Per-round discount factors [δ0, δ1]: player 1 is more impatient by default, as in GLEE's asymmetric games. */
    discounts: z.tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)]).default([0.9, 0.8]),
  })
  .strict();

export type BargainingConfig = z.output<typeof bargainingConfigSchema>;
export type BargainingConfigInput = z.input<typeof bargainingConfigSchema>;

export interface BargainingState {
  /**
   * Moves so far, alternating: an offer (units the proposer keeps) at even positions, the answer (`ACCEPT` /
   * `REJECT`) at odd ones. Round t's offer is `moves[2t]`; only the last move may be an `ACCEPT`.
   */
  readonly moves: readonly number[];
}

/** An accepted offer: in which round, who proposed, and the units each player got. */
export interface Agreement {
  readonly round: number;
  readonly proposer: number;
  /** Units of the pie per player, `[player 0, player 1]`, summing to `pie`. */
  readonly units: readonly [number, number];
}

export type BargainingRules = Game<BargainingState> & {
  readonly config: BargainingConfig;
  /** The round being played (at a terminal state: the last round reached). */
  round(state: BargainingState): number;
  /** The offer awaiting an answer, or undefined at a proposal or terminal state. */
  pendingOffer(state: BargainingState): number | undefined;
  agreement(state: BargainingState): Agreement | undefined;
};

/** Player t mod 2 proposes in round t. */
export function proposerOf(round: number): number {
  return round % 2;
}

/** Thrown when a bargaining config breaks the schema; says which field and how. */
export class BargainingConfigError extends Error {
  override readonly name = 'BargainingConfigError';
}

export function createBargainingRules(input: BargainingConfigInput = {}): BargainingRules {
  const parsed = bargainingConfigSchema.safeParse(input);
  if (!parsed.success) throw new BargainingConfigError(`bargaining: invalid config: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const { id, pie, horizon, discounts } = config;

  const info: GameInfo = {
    id,
    title: config.title,
    players: 2,
    zeroSum: false,
    perfectInformation: true,
    chance: false,
    maxTurns: 2 * horizon,
    actionSpace: 'finite',
    returnRange: [0, 1],
    winDrawLoss: false,
  };

  const offers = Array.from({ length: pie + 1 }, (_, k) => k);
  const answers = [ACCEPT, REJECT];

  const isOver = (s: BargainingState) => s.moves[s.moves.length - 1] === ACCEPT && s.moves.length % 2 === 0;
  const currentPlayer = (s: BargainingState) => {
    if (isOver(s) || s.moves.length >= 2 * horizon) return TERMINAL;
    const round = Math.floor(s.moves.length / 2);
    return s.moves.length % 2 === 0 ? proposerOf(round) : 1 - proposerOf(round);
  };
  // A terminal state's moves end with an answer, so its round is the last offer's.
  const round = (s: BargainingState) =>
    currentPlayer(s) === TERMINAL ? s.moves.length / 2 - 1 : Math.floor(s.moves.length / 2);
  const pendingOffer = (s: BargainingState) =>
    s.moves.length % 2 === 1 && currentPlayer(s) !== TERMINAL ? s.moves[s.moves.length - 1] : undefined;
  const agreement = (s: BargainingState): Agreement | undefined => {
    if (!isOver(s)) return undefined;
    const t = s.moves.length / 2 - 1;
    const kept = s.moves[2 * t] ?? 0;
    const proposer = proposerOf(t);
    return { round: t, proposer, units: proposer === 0 ? [kept, pie - kept] : [pie - kept, kept] };
  };

  // Offers in range at even positions, answers at odd ones, an accept only last, no more than the horizon allows.
  const stateSchema = z
    .object({ moves: z.array(z.number().int().min(0).max(pie)).max(2 * horizon) })
    .strict()
    .superRefine((s, ctx) => {
      s.moves.forEach((m, i) => {
        if (i % 2 === 1 && m !== ACCEPT && m !== REJECT)
          ctx.addIssue({ code: 'custom', path: ['moves', i], message: `an answer must be ${ACCEPT} or ${REJECT}` });
        if (i % 2 === 1 && m === ACCEPT && i !== s.moves.length - 1)
          ctx.addIssue({ code: 'custom', path: ['moves', i], message: 'no move can follow an accepted offer' });
      });
    });

  return {
    info,
    config,
    round,
    pendingOffer,
    agreement,
    initialState: () => ({ moves: [] }),
    currentPlayer,
    chanceOutcomes: () => [],
    legalActions(state) {
      if (currentPlayer(state) === TERMINAL) return [];
      return state.moves.length % 2 === 0 ? offers : answers;
    },
    apply(state, action) {
      if (currentPlayer(state) === TERMINAL) throw new RangeError(`${id}: the game is over`);
      const legal = state.moves.length % 2 === 0 ? offers : answers;
      if (!legal.includes(action)) throw new RangeError(`${id}: illegal action ${action}`);
      return { moves: [...state.moves, action] };
    },
    returns(state) {
      const deal = agreement(state);
      if (!deal) return [0, 0];
      return [0, 1].map((p) => (deal.units[p]! / pie) * discounts[p]! ** deal.round);
    },
    /**
     * The whole history, the same for both players (perfect information): `-` before any move, else each offer as its
     * number followed by its answer, `a` (accept) or `x` (reject). `6x4` is round 1 with player 1's offer to keep 4
     * awaiting player 0's answer, after player 0's offer to keep 6 was rejected; `6x` is player 1 about to propose.
     */
    informationStateKey: (state) => historyKey(state.moves),
    turnCount: (state) => state.moves.length,
    clone: (state) => ({ moves: [...state.moves] }),
    serialize: (state) => JSON.stringify({ moves: state.moves }),
    deserialize: (text) => parseStateJson(id, stateSchema, text),
  };
}

/** See `informationStateKey`. */
export function historyKey(moves: readonly number[]): string {
  if (moves.length === 0) return '-';
  return moves.map((m, i) => (i % 2 === 0 ? String(m) : m === ACCEPT ? 'a' : 'x')).join('');
}
