import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { parseStateJson } from '../state-json.ts';

/**
 * Pig (research/spiral.md §4.4: SPIRAL's PigDice-v1). On your turn you roll a die as often as you like: 2–6 add to
 * the turn total, a 1 loses it and ends the turn; holding banks the turn total and ends the turn. One departure, as
 * in Neller & Presser's model of the game: once score + turn total reaches the target it is banked at once and the
 * mover wins. SPIRAL waits for a `[hold]` there and lets the player roll on, which can only lose a won game; without
 * that dominated choice optimal play and the game's value are unchanged, and the turn total stays below the target,
 * so the game is finite and every policy is a finite table.
 */
export const ROLL = 0;
export const HOLD = 1;

export interface PigVariant {
  readonly id: string;
  readonly title: string;
  readonly target: number;
  /**
   * Turns in the game, both players' together (SPIRAL's `max_turns`): after the last one the higher score wins and
   * equal scores draw. Absent: no cap.
   */
  readonly turnCap?: number;
  /**
   * Without a cap: decisions after which an episode runner stops and scores a draw (the solver scores a game that
   * never ends as a draw too). With a cap the bound is exact and computed.
   */
  readonly decisionCap?: number;
}

export interface PigState {
  /** Banked points of players 0 and 1. */
  readonly scores: readonly [number, number];
  /** Points rolled this turn: lost on a 1, banked on hold. */
  readonly turnTotal: number;
  /** Turns finished so far (SPIRAL's `turn_count`); player `turn % 2` is on turn. */
  readonly turn: number;
  /** The mover chose `[roll]` and the die is in the air: a chance node. */
  readonly rolling: boolean;
  /** Decisions taken so far. */
  readonly moves: number;
  /** The game has ended (a player reached the target, or the turn cap); the higher score wins. */
  readonly over: boolean;
}

export type PigRules = Game<PigState> & { readonly variant: PigVariant };

/** SPIRAL's PigDice-v1 registration: first to 50, 50 turns. */
export const pigVariant: PigVariant = {
  id: 'pig',
  title: 'Pig (SPIRAL PigDice-v1: first to 50, 50 turns)',
  target: 50,
  turnCap: 50,
};

/**
 * The small variant for exact measurement: first to 24, 4 turns (2 each), 12,282 positions, nearly fair (value
 * −0.024). Any Pig small enough to table is thin: without a cap rolling on is optimal at every position for targets up
 * to 38, and with one holding pays only on the last turn (docs/games/pig.md); the cap at least gives that decision.
 */
export const pigSmallVariant: PigVariant = {
  id: 'pig-small',
  title: 'Pig, small (first to 24, 4 turns; solved exactly)',
  target: 24,
  turnCap: 4,
};

/**
 * Most decisions a capped game can take: a turn is at most ⌈target/2⌉ decisions (each roll adds at least 2, and the
 * roll that reaches the target banks by itself).
 */
export function decisionBound(variant: PigVariant): number {
  if (variant.turnCap === undefined) return variant.decisionCap ?? 1000;
  return variant.turnCap * Math.ceil(variant.target / 2);
}

export function pigMover(state: PigState): number {
  return state.turn % 2;
}

/** Ends the mover's turn with `scores` banked: SPIRAL's order, the turn cap first, then the target. */
function endTurn(variant: PigVariant, state: PigState, scores: readonly [number, number]): PigState {
  const capped = variant.turnCap !== undefined && state.turn + 1 >= variant.turnCap;
  const over = capped || scores[0] >= variant.target || scores[1] >= variant.target;
  return { ...state, scores, turnTotal: 0, rolling: false, over, turn: over ? state.turn : state.turn + 1 };
}

function bank(state: PigState, points: number): [number, number] {
  const [a, b] = state.scores;
  return pigMover(state) === 0 ? [a + points, b] : [a, b + points];
}

const dieOutcomes: readonly ChanceOutcome<number>[] = [1, 2, 3, 4, 5, 6].map((action) => ({
  action,
  probability: 1 / 6,
}));

/**
 * Information-state keys, the same for both players (perfect information): `t7 12-9 k5` is turn 7 (0-based, so
 * player 1 moves), player 0 has 12, player 1 has 9, turn total 5. Without a cap the turn number is left out and
 * only the mover kept, `p1 12-9 k5`, so the game has finitely many keys. A die in the air adds ` roll`; a finished
 * game is `end 52-9`.
 */
export function pigKey(variant: PigVariant, state: PigState): string {
  const [a, b] = state.scores;
  if (state.over) return `end ${a}-${b}`;
  const turn = variant.turnCap === undefined ? `p${pigMover(state)}` : `t${state.turn}`;
  return `${turn} ${a}-${b} k${state.turnTotal}${state.rolling ? ' roll' : ''}`;
}

export function createPigRules(variant: PigVariant): PigRules {
  const { id, title, target, turnCap } = variant;
  const info: GameInfo = {
    id,
    title,
    players: 2,
    zeroSum: true,
    perfectInformation: true,
    chance: true,
    maxTurns: decisionBound(variant),
    actionSpace: 'finite',
    returnRange: [-1, 1],
    winDrawLoss: true,
  };
  const stateSchema = z
    .object({
      scores: z.tuple([
        z
          .number()
          .int()
          .min(0)
          .max(target + 5),
        z
          .number()
          .int()
          .min(0)
          .max(target + 5),
      ]),
      turnTotal: z
        .number()
        .int()
        .min(0)
        .max(target + 5),
      turn: z.number().int().min(0),
      rolling: z.boolean(),
      moves: z.number().int().min(0),
      over: z.boolean(),
    })
    .refine((s) => turnCap === undefined || s.turn < turnCap, { message: `turn must be below ${turnCap}` })
    .refine((s) => s.over || (s.scores.every((x) => x < target) && s.scores[s.turn % 2]! + s.turnTotal < target), {
      message: `a game still on has scores and score + turn total below ${target}`,
    });

  const currentPlayer = (state: PigState): number => {
    if (state.over) return TERMINAL;
    return state.rolling ? CHANCE : pigMover(state);
  };

  return {
    info,
    variant,
    initialState: () => ({ scores: [0, 0], turnTotal: 0, turn: 0, rolling: false, moves: 0, over: false }),
    currentPlayer,
    chanceOutcomes: (state) => (currentPlayer(state) === CHANCE ? dieOutcomes : []),
    legalActions: (state) => (currentPlayer(state) >= 0 ? [ROLL, HOLD] : []),
    apply(state, action) {
      const actor = currentPlayer(state);
      if (actor === TERMINAL) throw new RangeError(`${id}: the game is over`);
      if (actor === CHANCE) {
        if (!Number.isInteger(action) || action < 1 || action > 6) throw new RangeError(`${id}: no die face ${action}`);
        if (action === 1) return endTurn(variant, state, state.scores);
        const turnTotal = state.turnTotal + action;
        if (state.scores[pigMover(state)]! + turnTotal >= target)
          return endTurn(variant, state, bank(state, turnTotal));
        return { ...state, turnTotal, rolling: false };
      }
      if (action === ROLL) return { ...state, rolling: true, moves: state.moves + 1 };
      if (action === HOLD) return endTurn(variant, { ...state, moves: state.moves + 1 }, bank(state, state.turnTotal));
      throw new RangeError(`${id}: illegal action ${action}`);
    },
    returns(state) {
      if (!state.over) return [0, 0];
      const r = Math.sign(state.scores[0] - state.scores[1]);
      return r === 0 ? [0, 0] : [r, -r];
    },
    informationStateKey: (state) => pigKey(variant, state),
    turnCount: (state) => state.moves,
    clone: (state) => ({ ...state, scores: [state.scores[0], state.scores[1]] }),
    serialize: (state) => JSON.stringify(state),
    deserialize: (text) => parseStateJson(id, stateSchema, text),
  };
}
