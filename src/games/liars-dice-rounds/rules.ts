import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson } from '../state-json.ts';

/**
 * Liar's Dice over rounds, as SPIRAL's LiarsDice-v1 plays it with two players (research/spiral.md §4.4,
 * [SP] `spiral/envs/LiarsDice/env.py`): each player starts with `dicePerPlayer` six-sided dice (5), rolled in secret
 * at the start of every round. Players take turns bidding that at least Q of all the dice in play show face F, each
 * bid strictly higher than the last (more dice, or as many dice and a higher face; 1 ≤ Q ≤ dice in play, 1 ≤ F ≤ 6),
 * or calling the last bid. There are no wild faces. On a call every die is shown and face F counted: fewer than Q and
 * the bidder loses a die, otherwise the caller does. The loser of a challenge starts the next round, with every die
 * rerolled; player 0 starts the first. A player with no dice left has lost: +1 to the other, −1 to them.
 *
 * Action ids: a bid of Q dice showing F is `(Q − 1)·6 + (F − 1)`, so ids rank bids exactly as SPIRAL's "strictly
 * higher" rule does; the call is `bidCount` (one past the largest bid of the variant). Chance rolls one die per node
 * (outcome `face − 1`): player 0's dice, then player 1's.
 */
export const faces = 6;

export interface LiarsDiceRoundsVariant {
  readonly id: string;
  readonly title: string;
  /** Dice each player starts with (SPIRAL: 5). */
  readonly dicePerPlayer: number;
}

/** SPIRAL's LiarsDice-v1 registration (5 dice each), two players. */
export const liarsDiceRoundsVariant: LiarsDiceRoundsVariant = {
  id: 'liars-dice-rounds',
  title: "Liar's Dice (SPIRAL LiarsDice-v1: 5 dice each, rounds)",
  dicePerPlayer: 5,
};

export interface LiarsDiceRound {
  /** Who bids first this round: player 0 in round 1, then the loser of the last challenge. */
  readonly starter: number;
  /** Faces rolled so far this round (1..6), per player, in roll order. */
  readonly dice: readonly [readonly number[], readonly number[]];
  /** Bid ids in order, and last the call once someone calls (which ends the round). */
  readonly moves: readonly number[];
}

export interface LiarsDiceRoundsState {
  /** Dice each player holds now: a challenge's loss is taken off as soon as the call resolves. */
  readonly counts: readonly [number, number];
  /** Every round so far; the last is the one being played (or, once a player has no dice, the final one). */
  readonly rounds: readonly LiarsDiceRound[];
}

export interface Bid {
  readonly quantity: number;
  readonly face: number;
}

/** A bid's id: `(quantity − 1)·6 + (face − 1)`. */
export function bidId(bid: Bid): number {
  return (bid.quantity - 1) * faces + (bid.face - 1);
}

export function bidOf(action: number): Bid {
  return { quantity: Math.floor(action / faces) + 1, face: (action % faces) + 1 };
}

/** How a called round ended. */
export interface Challenge {
  readonly bid: Bid;
  readonly bidder: number;
  readonly caller: number;
  /** Dice of both players that show the bid's face. */
  readonly matching: number;
  /** The bid holds when at least `quantity` dice show its face; then the caller loses a die, else the bidder does. */
  readonly holds: boolean;
  readonly loser: number;
}

export type LiarsDiceRoundsRules = Game<LiarsDiceRoundsState> & {
  readonly variant: LiarsDiceRoundsVariant;
  /** The call's action id (bids are 0 … `call − 1`). */
  readonly call: number;
  /** The challenge that ended `round`; undefined while it is still being played. */
  challenge(round: LiarsDiceRound): Challenge | undefined;
};

/**
 * Most decisions a game can take: a round with T dice in play has at most 6·T bids (each strictly higher) and a call,
 * and every round removes one die, so the rounds have T = 2n, 2n − 1, … , 2 dice at most (the game ends once a player
 * has none): Σ (6·T + 1). 333 for 5 dice each; finite, so no extra cap is needed.
 */
export function decisionBound(dicePerPlayer: number): number {
  let bound = 0;
  for (let t = 2; t <= 2 * dicePerPlayer; t++) bound += faces * t + 1;
  return bound;
}

export function createLiarsDiceRoundsRules(variant: LiarsDiceRoundsVariant): LiarsDiceRoundsRules {
  const n = variant.dicePerPlayer;
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new RangeError(`${variant.id}: dicePerPlayer must be an integer in 1..20, got ${n}`);
  const { id } = variant;
  const bidCount = 2 * n * faces;
  const call = bidCount;

  const info: GameInfo = {
    id,
    title: variant.title,
    players: 2,
    zeroSum: true,
    perfectInformation: false,
    chance: true,
    maxTurns: decisionBound(n),
    actionSpace: 'finite',
    returnRange: [-1, 1],
    winDrawLoss: true,
  };

  const current = (state: LiarsDiceRoundsState): LiarsDiceRound => state.rounds[state.rounds.length - 1]!;

  const challenge = (round: LiarsDiceRound): Challenge | undefined => {
    const { moves } = round;
    if (moves.length < 2 || moves[moves.length - 1] !== call) return undefined;
    const bid = bidOf(moves[moves.length - 2]!);
    const caller = (round.starter + moves.length - 1) % 2;
    const bidder = 1 - caller;
    const matching =
      round.dice[0].filter((d) => d === bid.face).length + round.dice[1].filter((d) => d === bid.face).length;
    const holds = matching >= bid.quantity;
    return { bid, bidder, caller, matching, holds, loser: holds ? caller : bidder };
  };

  const currentPlayer = (state: LiarsDiceRoundsState): number => {
    if (state.counts[0] === 0 || state.counts[1] === 0) return TERMINAL;
    const round = current(state);
    if (round.dice[0].length < state.counts[0] || round.dice[1].length < state.counts[1]) return CHANCE;
    return (round.starter + round.moves.length) % 2;
  };

  const legalActions = (state: LiarsDiceRoundsState): number[] => {
    if (currentPlayer(state) < 0) return [];
    const { moves } = current(state);
    const top = (state.counts[0] + state.counts[1]) * faces;
    const legal: number[] = [];
    for (let b = (moves[moves.length - 1] ?? -1) + 1; b < top; b++) legal.push(b);
    if (moves.length > 0) legal.push(call);
    return legal;
  };

  const apply = (state: LiarsDiceRoundsState, action: number): LiarsDiceRoundsState => {
    const actor = currentPlayer(state);
    if (actor === TERMINAL) throw new RangeError(`${id}: the game is over; start a new state`);
    const round = current(state);
    const earlier = state.rounds.slice(0, -1);
    if (actor === CHANCE) {
      if (!Number.isInteger(action) || action < 0 || action >= faces)
        throw new RangeError(`${id}: cannot roll outcome ${action}; chance outcomes are 0..${faces - 1}`);
      const p = round.dice[0].length < state.counts[0] ? 0 : 1;
      const dice: [number[], number[]] = [[...round.dice[0]], [...round.dice[1]]];
      dice[p].push(action + 1);
      return { counts: state.counts, rounds: [...earlier, { ...round, dice }] };
    }
    if (!legalActions(state).includes(action))
      throw new RangeError(`${id}: action ${action} is not legal here; use one of legalActions(state)`);
    const played: LiarsDiceRound = { ...round, moves: [...round.moves, action] };
    if (action !== call) return { counts: state.counts, rounds: [...earlier, played] };
    const { loser } = challenge(played)!;
    const counts: [number, number] =
      loser === 0 ? [state.counts[0] - 1, state.counts[1]] : [state.counts[0], state.counts[1] - 1];
    const rounds = [...earlier, played];
    if (counts[0] > 0 && counts[1] > 0) rounds.push({ starter: loser, dice: [[], []], moves: [] });
    return { counts, rounds };
  };

  const returns = (state: LiarsDiceRoundsState): number[] => {
    if (currentPlayer(state) !== TERMINAL) return [0, 0];
    return state.counts[0] > 0 ? [1, -1] : [-1, 1];
  };

  /**
   * Perfect recall: `P1 | 22456 1-2 3-2 Call 13356 | 1334 …`: the player, then per round its own dice (sorted), every
   * move in order (`quantity-face`, `Call`) and, once called, the opponent's dice as shown.
   */
  const informationStateKey = (state: LiarsDiceRoundsState, player: number): string => {
    const parts = [`P${player}`];
    for (const round of state.rounds) {
      const own = sortedDice(round.dice[player] ?? []).join('');
      const moves = round.moves.map((m) => (m === call ? 'Call' : bidName(bidOf(m))));
      if (moves[moves.length - 1] === 'Call') moves.push(sortedDice(round.dice[1 - player] ?? []).join(''));
      parts.push([own, ...moves].join(' '));
    }
    return parts.join(' | ');
  };

  const stateSchema = z.strictObject({
    rounds: z
      .array(
        z.strictObject({
          starter: z.number().int().min(0).max(1),
          dice: z.tuple([
            z.array(z.number().int().min(1).max(faces)).max(n),
            z.array(z.number().int().min(1).max(faces)).max(n),
          ]),
          moves: z.array(z.number().int().min(0).max(call)).max(bidCount + 1),
        }),
      )
      .min(1)
      .max(2 * n),
  });

  const serialize = (state: LiarsDiceRoundsState): string =>
    JSON.stringify({
      rounds: state.rounds.map(cloneRound),
    });

  /** Replays the text through `apply` (dice, then moves, round by round), so only reachable states come back. */
  const deserialize = (text: string): LiarsDiceRoundsState => {
    const parsed = parseStateJson(id, stateSchema, text);
    let state = initialState();
    try {
      parsed.rounds.forEach((round, r) => {
        if (state.rounds.length !== r + 1) throw new RangeError(`round ${r + 1} is never reached`);
        if (round.starter !== current(state).starter)
          throw new RangeError(`round ${r + 1} is started by player ${current(state).starter}, not ${round.starter}`);
        for (const face of [...round.dice[0], ...round.dice[1]]) {
          if (currentPlayer(state) !== CHANCE) throw new RangeError(`round ${r + 1} has more dice than are in play`);
          state = apply(state, face - 1);
        }
        for (const move of round.moves) state = apply(state, move);
      });
    } catch (cause) {
      throw new GameStateError(`${id}: not a reachable state: ${(cause as Error).message}`, { cause });
    }
    if (state.rounds.length !== parsed.rounds.length)
      throw new GameStateError(`${id}: not a reachable state: the last round ended and the next one is missing`);
    // Dice fill player 0's hand first: a round whose text gives player 1 dice before player 0 has all of theirs differs.
    if (serialize(state) !== serialize({ counts: state.counts, rounds: parsed.rounds }))
      throw new GameStateError(
        `${id}: not a reachable state: player 1's dice are rolled before player 0 has all of theirs`,
      );
    return state;
  };

  const initialState = (): LiarsDiceRoundsState => ({
    counts: [n, n],
    rounds: [{ starter: 0, dice: [[], []], moves: [] }],
  });

  return {
    info,
    variant,
    call,
    challenge,
    initialState,
    currentPlayer,
    chanceOutcomes(state): ChanceOutcome<number>[] {
      if (currentPlayer(state) !== CHANCE) return [];
      return Array.from({ length: faces }, (_, action) => ({ action, probability: 1 / faces }));
    },
    legalActions,
    apply,
    returns,
    informationStateKey,
    turnCount: (state) => state.rounds.reduce((sum, r) => sum + r.moves.length, 0),
    clone: (state) => ({ counts: [state.counts[0], state.counts[1]], rounds: state.rounds.map(cloneRound) }),
    serialize,
    deserialize,
  };
}

function cloneRound(r: LiarsDiceRound): LiarsDiceRound {
  return { starter: r.starter, dice: [[...r.dice[0]], [...r.dice[1]]], moves: [...r.moves] };
}

/** `3-4`: a bid as OpenSpiel-style `quantity-face`. */
export function bidName(bid: Bid): string {
  return `${bid.quantity}-${bid.face}`;
}

export function sortedDice(dice: readonly number[]): number[] {
  return [...dice].sort((a, b) => a - b);
}
