import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { BET, betLetters, facingBet, type KuhnState, kuhnRules, PASS } from '../kuhn-poker/rules.ts';
import { GameStateError, parseStateJson } from '../state-json.ts';

/**
 * A match of several Kuhn Poker hands, as SPIRAL's `KuhnPoker-v1` plays it (research/spiral.md §4.1) with its
 * two bugs fixed: chips bet and called go into the pot, and the chip leader after the last hand wins the match.
 * Player 1 starts hand 1 and the starter alternates. Each hand is one `kuhnRules` hand whose seat 0 is that
 * hand's starter; returns are +1 / −1 by total chips, 0 / 0 when level (docs/games/kuhn-poker-rounds.md).
 */
export interface KuhnRoundsState {
  /** Hands so far, the last one in play; each in Kuhn seat order (seat 0 = the player who starts that hand). */
  readonly hands: readonly KuhnState[];
}

/** Hands in a match unless told otherwise: SPIRAL registers `KuhnPoker-v1` with `max_rounds=5`. */
export const defaultRounds = 5;

export interface KuhnRoundsOptions {
  /** Hands in a match (default 5, as SPIRAL registers it). */
  readonly rounds?: number;
}

/** The player who acts first in hand `hand` (0-based): player 1 in hands 1, 3, 5…, player 0 in 2, 4… */
export function handStarter(hand: number): number {
  return hand % 2 === 0 ? 1 : 0;
}

/** The Kuhn seat `player` holds in hand `hand`: seat 0 acts first. */
export function seatOf(player: number, hand: number): number {
  return player === handStarter(hand) ? 0 : 1;
}

/** True once a finished hand went to a showdown, where both cards are shown (a fold shows neither). */
export function wentToShowdown(hand: KuhnState): boolean {
  if (kuhnRules.currentPlayer(hand) !== TERMINAL) return false;
  const last = hand.bets[hand.bets.length - 1];
  return !(last === PASS && facingBet({ cards: hand.cards, bets: hand.bets.slice(0, -1) }));
}

/** Chips won (+) or lost (−) by each player in one finished hand; [0, 0] while it is in play. */
export function handChips(hand: KuhnState, index: number): [number, number] {
  if (kuhnRules.currentPlayer(hand) !== TERMINAL) return [0, 0];
  const bySeat = kuhnRules.returns(hand);
  return [bySeat[seatOf(0, index)] ?? 0, bySeat[seatOf(1, index)] ?? 0];
}

/** Net chips of each player over the match so far. */
export function chipTotals(state: KuhnRoundsState): [number, number] {
  const totals: [number, number] = [0, 0];
  state.hands.forEach((hand, i) => {
    const [a, b] = handChips(hand, i);
    totals[0] += a;
    totals[1] += b;
  });
  return totals;
}

/** The Kuhn match game for `rounds` hands; id `kuhn-poker-rounds` for 5, `kuhn-poker-rounds-<n>` otherwise. */
export function createKuhnRoundsRules(options: KuhnRoundsOptions = {}): Game<KuhnRoundsState> {
  const rounds = options.rounds ?? defaultRounds;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 99)
    throw new RangeError(`kuhn-poker-rounds: rounds must be an integer from 1 to 99, got ${rounds}`);
  const id = rounds === defaultRounds ? 'kuhn-poker-rounds' : `kuhn-poker-rounds-${rounds}`;
  const info: GameInfo = {
    id,
    title: `Kuhn Poker (${rounds}-hand match)`,
    players: 2,
    zeroSum: true,
    perfectInformation: false,
    chance: true,
    maxTurns: 3 * rounds,
    actionSpace: 'finite',
    returnRange: [-1, 1],
    winDrawLoss: true,
  };

  const current = (state: KuhnRoundsState): KuhnState | undefined => state.hands[state.hands.length - 1];

  const currentPlayer = (state: KuhnRoundsState): number => {
    const hand = current(state);
    if (hand === undefined) return CHANCE;
    const actor = kuhnRules.currentPlayer(hand);
    if (actor === TERMINAL) return state.hands.length < rounds ? CHANCE : TERMINAL;
    if (actor === CHANCE) return CHANCE;
    // Seat 0 is the hand's starter; seat 1 the other player.
    const starter = handStarter(state.hands.length - 1);
    return actor === 0 ? starter : 1 - starter;
  };

  const apply = (state: KuhnRoundsState, action: number): KuhnRoundsState => {
    const actor = currentPlayer(state);
    if (actor === TERMINAL) throw new RangeError(`${id}: the match is over; start a new state`);
    const hand = current(state);
    // A finished (or missing) hand at a chance node means this deal opens the next hand.
    if (hand === undefined || kuhnRules.currentPlayer(hand) === TERMINAL)
      return { hands: [...state.hands, kuhnRules.apply(kuhnRules.initialState(), action)] };
    return { hands: [...state.hands.slice(0, -1), kuhnRules.apply(hand, action)] };
  };

  const stateSchema = z.object({
    hands: z
      .array(
        z.object({
          cards: z.array(z.number().int().min(0).max(2)).max(2),
          bets: z.array(z.number().int().min(PASS).max(BET)).max(3),
        }),
      )
      .max(rounds),
  });

  return {
    info,
    initialState: () => ({ hands: [] }),
    currentPlayer,
    chanceOutcomes(state): ChanceOutcome<number>[] {
      if (currentPlayer(state) !== CHANCE) return [];
      const hand = current(state);
      const dealing =
        hand === undefined || kuhnRules.currentPlayer(hand) === TERMINAL ? kuhnRules.initialState() : hand;
      return [...kuhnRules.chanceOutcomes(dealing)];
    },
    legalActions: (state) => {
      const hand = current(state);
      return currentPlayer(state) >= 0 && hand !== undefined ? kuhnRules.legalActions(hand) : [];
    },
    apply,
    returns(state) {
      if (currentPlayer(state) !== TERMINAL) return [0, 0];
      const [a, b] = chipTotals(state);
      return a === b ? [0, 0] : a > b ? [1, -1] : [-1, 1];
    },
    /**
     * `<player>|` then one field per hand joined by `|`: own card digit, the hand's betting letters (`p`/`b`,
     * in order of play), and `:<opponent's card>` only if the hand went to a showdown.
     */
    informationStateKey(state, player) {
      const fields = state.hands.map((hand, i) => {
        const own = hand.cards[seatOf(player, i)];
        const shown = wentToShowdown(hand) ? `:${hand.cards[seatOf(1 - player, i)]}` : '';
        return `${own ?? ''}${betLetters(hand)}${shown}`;
      });
      return [String(player), ...fields].join('|');
    },
    turnCount: (state) => state.hands.reduce((n, hand) => n + hand.bets.length, 0),
    clone: (state) => ({ hands: state.hands.map((h) => kuhnRules.clone(h)) }),
    serialize: (state) => JSON.stringify({ hands: state.hands }),
    deserialize(text) {
      const parsed = parseStateJson(id, stateSchema, text);
      // Replay every deal and bet, so states no play reaches (a card dealt twice, a bet after a fold) fail here.
      let state: KuhnRoundsState = { hands: [] };
      try {
        for (const hand of parsed.hands) for (const move of [...hand.cards, ...hand.bets]) state = apply(state, move);
      } catch (cause) {
        throw new GameStateError(`${id}: not a reachable state: ${(cause as Error).message}`, { cause });
      }
      if (JSON.stringify(state) !== JSON.stringify(parsed))
        throw new GameStateError(`${id}: every hand must be non-empty and finished before the next one is dealt`);
      return state;
    },
  };
}

export const kuhnRoundsRules: Game<KuhnRoundsState> = createKuhnRoundsRules();
