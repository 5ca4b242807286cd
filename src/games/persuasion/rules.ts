import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson, replayMoves } from '../state-json.ts';

/**
 * Bayesian persuasion (Kamenica & Gentzkow 2011, "Bayesian Persuasion", AER 101(6)) played once, as a finite
 * extensive-form game in which the sender's commitment is a move, so the commitment optimum is an ordinary
 * subgame-perfect value a tree solver can check. It is the one-round core of GLEE's persuasion family
 * (research/systems.md §2.20), where the seller knows the product's quality and the buyer decides whether to buy.
 *
 * Order of play:
 * 1. The sender (player 0) publicly commits to a signalling scheme from `menu`: entry `q` is the probability of
 *    signalling `high` when the state is low; a high state always signals `high`. Action = menu index.
 * 2. Chance draws the state: high with probability `prior` (action 1 = high, 0 = low).
 * 3. Chance draws the signal from the committed scheme (action 1 = `high`, 0 = `low`); outcomes of probability 0 are
 *    not listed, so a scheme with `q = 1` never shows a `low` signal.
 * 4. The receiver (player 1) sees the commitment and the signal, not the state, and chooses `BUY` or `PASS`.
 *
 * Payoffs: the receiver gets 1 for a matching choice (buy when high, pass when low), else 0; the sender gets 1
 * whenever the receiver buys, else 0. General-sum, returns in [0, 1].
 */
export const BUY = 0;
export const PASS = 1;
export const LOW = 0;
export const HIGH = 1;

export const persuasionConfigSchema = z.object({
  /** Registry id; give a variant its own. */
  id: z.string().min(1).default('persuasion'),
  /** Probability the state is high (default 0.3, below ½ so that an uninformed receiver passes). */
  prior: z.number().gt(0).lt(1).default(0.3),
  /**
   * The schemes the sender may commit to, as P(signal high | state low), each a whole number of percent (so moves
   * read `[q25]`), distinct. Default {0, ¼, ½, ¾, 1}: full disclosure … no information.
   */
  menu: z
    .array(
      z
        .number()
        .min(0)
        .max(1)
        .refine((q) => Math.abs(q * 100 - Math.round(q * 100)) < 1e-9, 'each q must be a whole number of percent'),
    )
    .min(1)
    .max(101)
    .refine((m) => new Set(m.map(percentOf)).size === m.length, 'menu entries must be distinct')
    .default([0, 0.25, 0.5, 0.75, 1]),
});
export type PersuasionConfig = z.output<typeof persuasionConfigSchema>;
export type PersuasionConfigInput = z.input<typeof persuasionConfigSchema>;

/** `q` as a whole number of percent (`0.25` → 25), the form moves and keys show. */
export function percentOf(q: number): number {
  return Math.round(q * 100);
}

/** Each field is `null` until its move is made, in this order. */
export interface PersuasionState {
  /** Menu index the sender committed to. */
  readonly commitment: number | null;
  /** The state chance drew: `HIGH` or `LOW`. */
  readonly world: number | null;
  /** The signal chance drew from the scheme: `HIGH` or `LOW`. */
  readonly signal: number | null;
  /** The receiver's choice: `BUY` or `PASS`. */
  readonly choice: number | null;
}

const initial: PersuasionState = { commitment: null, world: null, signal: null, choice: null };

export type PersuasionRules = Game<PersuasionState> & { readonly config: PersuasionConfig };

const stateSchema = z.strictObject({
  commitment: z.number().int().min(0).nullable(),
  world: z.number().int().min(0).max(1).nullable(),
  signal: z.number().int().min(0).max(1).nullable(),
  choice: z.number().int().min(0).max(1).nullable(),
});

function currentPlayer(state: PersuasionState): number {
  if (state.commitment === null) return 0;
  if (state.world === null || state.signal === null) return CHANCE;
  if (state.choice === null) return 1;
  return TERMINAL;
}

/** P(signal = `high` | world) under scheme `q`. */
export function highSignalProbability(q: number, world: number): number {
  return world === HIGH ? 1 : q;
}

/** The rules for one configuration; `config` is checked with `persuasionConfigSchema`. */
export function createPersuasionRules(input: PersuasionConfigInput = {}): PersuasionRules {
  const config = persuasionConfigSchema.parse(input);
  const { id, prior, menu } = config;
  const info: GameInfo = {
    id,
    title: `Bayesian persuasion (prior ${prior}, ${menu.length} schemes)`,
    players: 2,
    zeroSum: false,
    perfectInformation: false,
    chance: true,
    maxTurns: 2,
    actionSpace: 'finite',
    returnRange: [0, 1],
    winDrawLoss: false,
  };

  const chanceOutcomes = (state: PersuasionState): ChanceOutcome<number>[] => {
    if (currentPlayer(state) !== CHANCE) return [];
    if (state.world === null)
      return [
        { action: LOW, probability: 1 - prior },
        { action: HIGH, probability: prior },
      ];
    const high = highSignalProbability(menu[state.commitment ?? 0] ?? 0, state.world);
    const outcomes = [
      { action: LOW, probability: 1 - high },
      { action: HIGH, probability: high },
    ];
    return outcomes.filter((o) => o.probability > 0);
  };

  const legalActions = (state: PersuasionState): number[] => {
    const who = currentPlayer(state);
    if (who === 0) return menu.map((_, i) => i);
    if (who === 1) return [BUY, PASS];
    return [];
  };

  const apply = (state: PersuasionState, action: number): PersuasionState => {
    const who = currentPlayer(state);
    if (who === TERMINAL) throw new RangeError(`${id}: the game is over`);
    if (who === CHANCE) {
      if (!chanceOutcomes(state).some((o) => o.action === action))
        throw new RangeError(`${id}: chance outcome ${action} is impossible here`);
      return state.world === null ? { ...state, world: action } : { ...state, signal: action };
    }
    if (!legalActions(state).includes(action)) throw new RangeError(`${id}: illegal action ${action}`);
    return who === 0 ? { ...initial, commitment: action } : { ...state, choice: action };
  };

  const returns = (state: PersuasionState): number[] => {
    if (state.choice === null) return [0, 0];
    const bought = state.choice === BUY;
    const matched = bought === (state.world === HIGH);
    return [bought ? 1 : 0, matched ? 1 : 0];
  };

  /** Canonical field order, so equal states serialise to equal text. */
  const canonical = (s: PersuasionState): PersuasionState => ({
    commitment: s.commitment,
    world: s.world,
    signal: s.signal,
    choice: s.choice,
  });

  const deserialize = (text: string): PersuasionState => {
    const raw = parseStateJson(id, stateSchema, text);
    // Replay the fields in order: every one must have been a legal move (or a possible chance outcome) when made.
    const steps = [raw.commitment, raw.world, raw.signal, raw.choice];
    const last = steps.findLastIndex((v) => v !== null);
    const moves = steps.slice(0, last + 1);
    if (moves.some((move) => move === null))
      throw new GameStateError(`${id}: not a valid state: a field before the last one is missing`);
    return replayMoves(id, initial, moves as number[], apply);
  };

  return {
    config,
    info,
    initialState: () => initial,
    currentPlayer,
    chanceOutcomes,
    legalActions,
    apply,
    returns,
    /**
     * Sender: `S` (its one decision, at the root). Receiver: `R q<percent> <signal>`, e.g. `R q25 high`: the
     * committed scheme and the signal, never the state.
     */
    informationStateKey(state, player) {
      if (player === 0) return 'S';
      const q = state.commitment === null ? '' : ` q${percentOf(menu[state.commitment] ?? 0)}`;
      const signal = state.signal === null ? '' : state.signal === HIGH ? ' high' : ' low';
      return `R${q}${signal}`;
    },
    turnCount: (state) => (state.commitment === null ? 0 : 1) + (state.choice === null ? 0 : 1),
    clone: (state) => canonical(state),
    serialize: (state) => JSON.stringify(canonical(state)),
    deserialize,
  };
}
