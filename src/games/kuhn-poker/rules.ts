import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { parseStateJson } from '../state-json.ts';

/**
 * One hand of Kuhn Poker with OpenSpiel's semantics (research/games.md §1.1): cards J=0, Q=1, K=2; both ante 1;
 * a bet adds 1 chip; actions 0 = pass (check/fold), 1 = bet (bet/call). Player 0's value is −1/18.
 */
export const PASS = 0;
export const BET = 1;
export const cardNames = ['J', 'Q', 'K'] as const;

export interface KuhnState {
  /** Cards dealt so far: [player 0's, player 1's]. */
  readonly cards: readonly number[];
  /** Betting actions so far (PASS/BET). */
  readonly bets: readonly number[];
}

export const kuhnInfo: GameInfo = {
  id: 'kuhn-poker',
  title: 'Kuhn Poker (one hand)',
  players: 2,
  zeroSum: true,
  perfectInformation: false,
  chance: true,
  maxTurns: 3,
  actionSpace: 'finite',
  returnRange: [-2, 2],
  winDrawLoss: false,
};

const terminalSequences = new Set(['pp', 'bb', 'bp', 'pbb', 'pbp']);

/** Betting history as OpenSpiel letters: `p` pass, `b` bet. */
export function betLetters(state: KuhnState): string {
  return state.bets.map((a) => (a === BET ? 'b' : 'p')).join('');
}

/** True when the player to act faces an unanswered bet (pass then means fold, bet means call). */
export function facingBet(state: KuhnState): boolean {
  return state.bets.includes(BET);
}

const stateSchema = z.object({
  cards: z.array(z.number().int().min(0).max(2)).max(2),
  bets: z.array(z.number().int().min(0).max(1)).max(3),
});

function currentPlayer(state: KuhnState): number {
  if (state.cards.length < 2) return CHANCE;
  if (terminalSequences.has(betLetters(state))) return TERMINAL;
  return state.bets.length % 2;
}

export const kuhnRules: Game<KuhnState> = {
  info: kuhnInfo,
  initialState: () => ({ cards: [], bets: [] }),
  currentPlayer,
  chanceOutcomes(state): ChanceOutcome<number>[] {
    if (state.cards.length >= 2) return [];
    const remaining = [0, 1, 2].filter((c) => !state.cards.includes(c));
    return remaining.map((action) => ({ action, probability: 1 / remaining.length }));
  },
  legalActions: (state) => (currentPlayer(state) >= 0 ? [PASS, BET] : []),
  apply(state, action) {
    const actor = currentPlayer(state);
    if (actor === CHANCE) {
      if (state.cards.includes(action) || action < 0 || action > 2)
        throw new RangeError(`kuhn-poker: cannot deal card ${action}`);
      return { cards: [...state.cards, action], bets: state.bets };
    }
    if (actor === TERMINAL) throw new RangeError('kuhn-poker: the hand is over');
    if (action !== PASS && action !== BET) throw new RangeError(`kuhn-poker: illegal action ${action}`);
    return { cards: state.cards, bets: [...state.bets, action] };
  },
  returns(state) {
    const seq = betLetters(state);
    if (!terminalSequences.has(seq) || state.cards.length < 2) return [0, 0];
    const [c0 = 0, c1 = 0] = state.cards;
    // Chips each player put in: ante 1, plus 1 for each bet or call they made.
    const paid = [1, 1];
    state.bets.forEach((a, i) => {
      if (a === BET) paid[i % 2]! += 1;
    });
    let winner: number;
    if (seq === 'bp') winner = 0;
    else if (seq === 'pbp') winner = 1;
    else winner = c0 > c1 ? 0 : 1;
    const pot = paid[0]! + paid[1]!;
    return [0, 1].map((p) => (p === winner ? pot - paid[p]! : -paid[p]!));
  },
  informationStateKey(state, player) {
    const card = state.cards[player];
    return `${card ?? ''}${betLetters(state)}`;
  },
  turnCount: (state) => state.bets.length,
  clone: (state) => ({ cards: [...state.cards], bets: [...state.bets] }),
  serialize: (state) => JSON.stringify(state),
  deserialize: (text) => parseStateJson('kuhn-poker', stateSchema, text),
};
