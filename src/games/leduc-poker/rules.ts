import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson } from '../state-json.ts';

/**
 * Two-player Leduc Hold'em with OpenSpiel's default rules (research/games.md §2.1, `leduc_poker.cc`):
 * six cards J J Q Q K K (ids 0..5, rank = floor(id / 2)); ante 1 each; one private card each, then a public
 * card after round 1; raises of 2 in round 1 and 4 in round 2, at most 2 raises a round; player 0 opens both
 * rounds. Actions 0 = fold, 1 = call (a check when nothing is owed), 2 = raise. Returns are chips won or lost.
 */
export const FOLD = 0;
export const CALL = 1;
export const RAISE = 2;
export const rankNames = ['J', 'Q', 'K'] as const;
export const deckSize = 6;

const raiseAmounts = [2, 4] as const;
const maxRaises = 2;

export interface LeducState {
  /** Cards dealt so far, by id: [player 0's, player 1's, public]. */
  readonly cards: readonly number[];
  /** Betting actions of each round so far; round 2 stays empty until the public card is out. */
  readonly rounds: readonly [readonly number[], readonly number[]];
}

export const leducInfo: GameInfo = {
  id: 'leduc-poker',
  title: "Leduc Hold'em",
  players: 2,
  zeroSum: true,
  perfectInformation: false,
  chance: true,
  // Four actions a round at most: check, raise, re-raise, call.
  maxTurns: 8,
  actionSpace: 'finite',
  // Ante 1 + two raises of 2 + two raises of 4 = 13 chips in at most.
  returnRange: [-13, 13],
  winDrawLoss: false,
};

export function cardRank(card: number): number {
  return Math.floor(card / 2);
}

export function cardName(card: number): string {
  return rankNames[cardRank(card)] ?? '?';
}

/** What the betting so far adds up to; derived by one pass over at most 8 actions, so cheap to recompute. */
export interface BettingSummary {
  /** Chips each player has put in, ante included. */
  readonly contributions: readonly [number, number];
  /** The round being played (0 or 1); 1 as soon as round 1 is over. */
  readonly round: number;
  /** Raises made in that round. */
  readonly raises: number;
  /** The player who folded, if anyone did. */
  readonly folder: number | undefined;
}

export function summarizeBetting(state: LeducState): BettingSummary {
  const contributions: [number, number] = [1, 1];
  let round = 0;
  let raises = 0;
  let folder: number | undefined;
  for (let r = 0; r < 2; r++) {
    const actions = state.rounds[r] ?? [];
    // Round 2 starts (with no raises yet) as soon as round 1 is over, before anyone acts in it.
    if (r === 1 && !roundOver(state.rounds[0])) break;
    round = r;
    raises = 0;
    for (let i = 0; i < actions.length; i++) {
      const player = i % 2;
      const stakes = Math.max(contributions[0], contributions[1]);
      const action = actions[i];
      if (action === FOLD) folder = player;
      else if (action === CALL) contributions[player] = stakes;
      else {
        contributions[player] = stakes + (raiseAmounts[r] ?? 0);
        raises++;
      }
    }
  }
  return { contributions, round, raises, folder };
}

/**
 * A round is over once its last action is a call that answers something: a check after a check, or a call
 * after a raise. Every other sequence ending in a call has length 1 (an opening check).
 */
export function roundOver(actions: readonly number[]): boolean {
  return actions.length >= 2 && actions[actions.length - 1] === CALL;
}

function currentPlayer(state: LeducState): number {
  const { cards, rounds } = state;
  if (cards.length < 2) return CHANCE;
  const [first, second] = rounds;
  if (first.includes(FOLD) || second.includes(FOLD)) return TERMINAL;
  if (!roundOver(first)) return first.length % 2;
  if (cards.length < 3) return CHANCE;
  if (roundOver(second)) return TERMINAL;
  return second.length % 2;
}

/** True when `player` owes chips, i.e. the opponent has put in more; fold is legal only then. */
export function facingBet(state: LeducState, player: number): boolean {
  const { contributions } = summarizeBetting(state);
  return (contributions[player] ?? 0) < Math.max(contributions[0], contributions[1]);
}

function legalActions(state: LeducState): number[] {
  const actor = currentPlayer(state);
  if (actor < 0) return [];
  const { contributions, raises } = summarizeBetting(state);
  const facing = (contributions[actor] ?? 0) < Math.max(contributions[0], contributions[1]);
  const legal = facing ? [FOLD, CALL] : [CALL];
  if (raises < maxRaises) legal.push(RAISE);
  return legal;
}

function apply(state: LeducState, action: number): LeducState {
  const actor = currentPlayer(state);
  if (actor === CHANCE) {
    if (!Number.isInteger(action) || action < 0 || action >= deckSize || state.cards.includes(action))
      throw new RangeError(`leduc-poker: cannot deal card ${action}; deal one of the cards not yet dealt`);
    return { cards: [...state.cards, action], rounds: state.rounds };
  }
  if (actor === TERMINAL) throw new RangeError('leduc-poker: the hand is over; start a new state');
  if (!legalActions(state).includes(action))
    throw new RangeError(`leduc-poker: action ${action} is not legal here; use one of legalActions(state)`);
  const [first, second] = state.rounds;
  return roundOver(first)
    ? { cards: state.cards, rounds: [first, [...second, action]] }
    : { cards: state.cards, rounds: [[...first, action], second] };
}

/** Showdown winner (0 or 1), or undefined on a split: a pair with the public card wins, else the higher rank. */
export function showdownWinner(cards: readonly number[]): number | undefined {
  const [c0 = 0, c1 = 0, pub = 0] = cards;
  const pair0 = cardRank(c0) === cardRank(pub);
  const pair1 = cardRank(c1) === cardRank(pub);
  if (pair0 !== pair1) return pair0 ? 0 : 1;
  if (cardRank(c0) === cardRank(c1)) return undefined;
  return cardRank(c0) > cardRank(c1) ? 0 : 1;
}

function returns(state: LeducState): number[] {
  if (currentPlayer(state) !== TERMINAL) return [0, 0];
  const { contributions, folder } = summarizeBetting(state);
  const winner = folder !== undefined ? 1 - folder : showdownWinner(state.cards);
  if (winner === undefined) return [0, 0];
  const loss = contributions[1 - winner] ?? 0;
  return winner === 0 ? [loss, -loss] : [-loss, loss];
}

const letters = ['f', 'c', 'r'] as const;

/** Betting actions as letters: `f` fold, `c` call/check, `r` raise. */
export function actionLetters(actions: readonly number[]): string {
  return actions.map((a) => letters[a] ?? '?').join('');
}

/**
 * `<player>:<private card id>:<round-1 letters>`, and once the public card is out
 * `…:<public card id>:<round-2 letters>` (docs/games/leduc-poker.md). Card ids, not ranks, so it has
 * OpenSpiel's 936 information sets.
 */
function informationStateKey(state: LeducState, player: number): string {
  const own = state.cards[player];
  const head = `${player}:${own ?? ''}:${actionLetters(state.rounds[0])}`;
  const pub = state.cards[2];
  return pub === undefined ? head : `${head}:${pub}:${actionLetters(state.rounds[1])}`;
}

const cardSchema = z.number().int().min(0).max(5);
const actionSchema = z.number().int().min(FOLD).max(RAISE);
const stateSchema = z.object({
  cards: z.array(cardSchema).max(3),
  rounds: z.tuple([z.array(actionSchema).max(4), z.array(actionSchema).max(4)]),
});

/** Replays parsed text through `apply`, so a state that no play could reach is rejected. */
function deserialize(text: string): LeducState {
  const parsed = parseStateJson('leduc-poker', stateSchema, text);
  const [first, second] = parsed.rounds;
  const script: number[] = [...parsed.cards.slice(0, 2), ...first, ...parsed.cards.slice(2), ...second];
  let state: LeducState = { cards: [], rounds: [[], []] };
  try {
    for (const move of script) state = apply(state, move);
  } catch (cause) {
    throw new GameStateError(`leduc-poker: not a reachable state: ${(cause as Error).message}`, { cause });
  }
  if (JSON.stringify(state) !== JSON.stringify(parsed))
    throw new GameStateError('leduc-poker: cards and betting are out of order (public card dealt mid-round?)');
  return state;
}

export const leducRules: Game<LeducState> = {
  info: leducInfo,
  initialState: () => ({ cards: [], rounds: [[], []] }),
  currentPlayer,
  chanceOutcomes(state): ChanceOutcome<number>[] {
    if (currentPlayer(state) !== CHANCE) return [];
    const remaining: number[] = [];
    for (let c = 0; c < deckSize; c++) if (!state.cards.includes(c)) remaining.push(c);
    return remaining.map((action) => ({ action, probability: 1 / remaining.length }));
  },
  legalActions,
  apply,
  returns,
  informationStateKey,
  turnCount: (state) => state.rounds[0].length + state.rounds[1].length,
  clone: (state) => ({ cards: [...state.cards], rounds: [[...state.rounds[0]], [...state.rounds[1]]] }),
  serialize: (state) => JSON.stringify({ cards: state.cards, rounds: state.rounds }),
  deserialize,
};
