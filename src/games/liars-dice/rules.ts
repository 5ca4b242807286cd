import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson } from '../state-json.ts';

/**
 * Liar's Dice with OpenSpiel's default `liars_dice` rules (research/games.md §6, `liars_dice.cc`): two players, one
 * six-sided die each, the highest face (6) wild, one round. Chance rolls player 0's die, then player 1's (outcome
 * `face − 1`, as OpenSpiel's "Roll n"). Player 0 bids first; players alternate, each either raising the bid or calling
 * "liar" (not as the first move). Bid ids rank bids as OpenSpiel's "reset-face" rule does:
 * `id = (quantity − 1)·6 + (face − 1)`, 0 = one 1 … 11 = two 6s; action 12 = liar. On liar the bidder wins (+1/−1)
 * when at least `quantity` dice show the bid face or the wild face.
 */
export const sides = 6;
export const wildFace = sides;
export const totalDice = 2;
/** Bids there are (ids 0 … bidCount − 1); the liar action's id is `bidCount`, as in OpenSpiel. */
export const bidCount = totalDice * sides;
export const LIAR = bidCount;

export interface LiarsDiceState {
  /** Faces rolled so far (1..6), in roll order: [player 0's, player 1's]. */
  readonly dice: readonly number[];
  /** Bid ids and, last, `LIAR` once someone calls (which ends the game). */
  readonly moves: readonly number[];
}

export interface Bid {
  readonly quantity: number;
  readonly face: number;
}

export const liarsDiceInfo: GameInfo = {
  id: 'liars-dice',
  title: "Liar's Dice (1 die each, 6s wild)",
  players: 2,
  zeroSum: true,
  perfectInformation: false,
  chance: true,
  // Every one of the 12 bids in increasing order, then liar.
  maxTurns: bidCount + 1,
  actionSpace: 'finite',
  returnRange: [-1, 1],
  winDrawLoss: true,
};

/** The bid an action id names (OpenSpiel's `UnrankBid` under "reset-face"). */
export function bidOf(action: number): Bid {
  return { quantity: Math.floor(action / sides) + 1, face: (action % sides) + 1 };
}

/** Dice that count toward a bid on `face`: that face or the wild one (a wild die counts once, also on a bid of 6s). */
export function matchingDice(dice: readonly number[], face: number): number {
  return dice.filter((d) => d === face || d === wildFace).length;
}

/** How a called game ended: whose bid it was, who called, and whether the bid held (then the bidder wins). */
export interface Showdown {
  readonly bid: Bid;
  readonly bidder: number;
  readonly caller: number;
  readonly matching: number;
  readonly holds: boolean;
  readonly winner: number;
}

/** The showdown of a finished game; undefined before anyone calls. */
export function showdown(state: LiarsDiceState): Showdown | undefined {
  const { moves } = state;
  if (moves[moves.length - 1] !== LIAR || moves.length < 2) return undefined;
  const bid = bidOf(moves[moves.length - 2] ?? 0);
  const bidder = (moves.length - 2) % 2;
  const caller = 1 - bidder;
  const matching = matchingDice(state.dice, bid.face);
  const holds = matching >= bid.quantity;
  return { bid, bidder, caller, matching, holds, winner: holds ? bidder : caller };
}

function currentPlayer(state: LiarsDiceState): number {
  if (state.dice.length < totalDice) return CHANCE;
  if (state.moves[state.moves.length - 1] === LIAR) return TERMINAL;
  return state.moves.length % 2;
}

/** Every bid above the current one, then liar once there is a bid to call (OpenSpiel's order). */
function legalActions(state: LiarsDiceState): number[] {
  if (currentPlayer(state) < 0) return [];
  const { moves } = state;
  const legal: number[] = [];
  for (let b = (moves[moves.length - 1] ?? -1) + 1; b < bidCount; b++) legal.push(b);
  if (moves.length > 0) legal.push(LIAR);
  return legal;
}

function apply(state: LiarsDiceState, action: number): LiarsDiceState {
  const actor = currentPlayer(state);
  if (actor === CHANCE) {
    if (!Number.isInteger(action) || action < 0 || action >= sides)
      throw new RangeError(`liars-dice: cannot roll outcome ${action}; chance outcomes are 0..${sides - 1}`);
    return { dice: [...state.dice, action + 1], moves: state.moves };
  }
  if (actor === TERMINAL) throw new RangeError('liars-dice: the game is over; start a new state');
  if (!legalActions(state).includes(action))
    throw new RangeError(`liars-dice: action ${action} is not legal here; use one of legalActions(state)`);
  return { dice: state.dice, moves: [...state.moves, action] };
}

function returns(state: LiarsDiceState): number[] {
  const result = showdown(state);
  if (!result) return [0, 0];
  return result.winner === 0 ? [1, -1] : [-1, 1];
}

/** A move as OpenSpiel's information-state string writes it: `2-5` (quantity-face) or `Liar`. */
export function openSpielMoveName(action: number): string {
  if (action === LIAR) return 'Liar';
  const { quantity, face } = bidOf(action);
  return `${quantity}-${face}`;
}

/**
 * OpenSpiel's `InformationStateString`: the player's own die, then every move so far, space-separated
 * (`"3"`, `"3 1-2 2-5"`); the number of moves tells whose turn it is. So tables diff against OpenSpiel's.
 */
function informationStateKey(state: LiarsDiceState, player: number): string {
  let key = String(state.dice[player] ?? '');
  for (const m of state.moves) key += ` ${openSpielMoveName(m)}`;
  return key;
}

const stateSchema = z.object({
  dice: z.array(z.number().int().min(1).max(sides)).max(totalDice),
  moves: z.array(z.number().int().min(0).max(LIAR)).max(bidCount + 1),
});

/** Replays parsed text through `apply`, so a state that no play could reach is rejected. */
function deserialize(text: string): LiarsDiceState {
  const parsed = parseStateJson('liars-dice', stateSchema, text);
  if (parsed.moves.length > 0 && parsed.dice.length < totalDice)
    throw new GameStateError('liars-dice: not a reachable state: moves before both dice are rolled');
  let state: LiarsDiceState = { dice: [], moves: [] };
  try {
    for (const face of parsed.dice) state = apply(state, face - 1);
    for (const move of parsed.moves) state = apply(state, move);
  } catch (cause) {
    throw new GameStateError(`liars-dice: not a reachable state: ${(cause as Error).message}`, { cause });
  }
  return state;
}

export const liarsDiceRules: Game<LiarsDiceState> = {
  info: liarsDiceInfo,
  initialState: () => ({ dice: [], moves: [] }),
  currentPlayer,
  chanceOutcomes(state): ChanceOutcome<number>[] {
    if (currentPlayer(state) !== CHANCE) return [];
    return Array.from({ length: sides }, (_, action) => ({ action, probability: 1 / sides }));
  },
  legalActions,
  apply,
  returns,
  informationStateKey,
  turnCount: (state) => state.moves.length,
  clone: (state) => ({ dice: [...state.dice], moves: [...state.moves] }),
  serialize: (state) => JSON.stringify({ dice: state.dice, moves: state.moves }),
  deserialize,
};
