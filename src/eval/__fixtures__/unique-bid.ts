import { z } from 'zod';
import { matchLegal } from '../../games/answer.ts';
import { parseStateJson } from '../../games/state-json.ts';
import { type Game, TERMINAL } from '../../spec/game.ts';
import type { ParseOptions, ParseResult, TextGame } from '../../spec/game-text.ts';

/**
 * A three-player test game: each player in turn seals a bid of 0, 1 or 2 (nobody sees another's bid); the highest
 * bid that nobody else made wins 1, everyone else gets 0, and with no unique bid nobody wins. Small enough to
 * reason about by hand, general-sum, and with more than two seats, for the free-for-all arena's tests.
 */
export interface UniqueBidState {
  readonly bids: readonly number[];
}

export const uniqueBidPlayers = 3;
const maxBid = 2;

/** The seat whose bid is the highest made exactly once, or −1 when every bid was matched. */
export function uniqueBidWinner(bids: readonly number[]): number {
  let winner = -1;
  for (const [seat, bid] of bids.entries()) {
    const unique = bids.filter((b) => b === bid).length === 1;
    if (unique && (winner < 0 || bid > (bids[winner] ?? -1))) winner = seat;
  }
  return winner;
}

const stateSchema = z.object({ bids: z.array(z.number().int().min(0).max(maxBid)).max(uniqueBidPlayers) });

export const uniqueBidRules: Game<UniqueBidState> = {
  info: {
    id: 'unique-bid-3',
    title: 'Unique bid (three players, test fixture)',
    players: uniqueBidPlayers,
    zeroSum: false,
    perfectInformation: false,
    chance: false,
    maxTurns: uniqueBidPlayers,
    actionSpace: 'finite',
    returnRange: [0, 1],
  },
  initialState: () => ({ bids: [] }),
  currentPlayer: (state) => (state.bids.length >= uniqueBidPlayers ? TERMINAL : state.bids.length),
  chanceOutcomes: () => [],
  legalActions: (state) => (state.bids.length >= uniqueBidPlayers ? [] : [0, 1, 2]),
  apply: (state, action) => {
    if (state.bids.length >= uniqueBidPlayers) throw new RangeError('unique-bid-3: the game is over');
    if (!Number.isInteger(action) || action < 0 || action > maxBid)
      throw new RangeError(`unique-bid-3: bid ${action} is not 0, 1 or 2`);
    return { bids: [...state.bids, action] };
  },
  returns: (state) => {
    const winner = uniqueBidWinner(state.bids);
    return state.bids.map((_, seat) => (seat === winner ? 1 : 0));
  },
  // Sealed bids: a player knows only its own.
  informationStateKey: (state, player) => `p${player}:${state.bids[player] ?? '-'}`,
  turnCount: (state) => state.bids.length,
  clone: (state) => ({ bids: [...state.bids] }),
  serialize: (state) => JSON.stringify(state),
  deserialize: (text) => parseStateJson('unique-bid-3', stateSchema, text),
};

const actionString = (_state: UniqueBidState, action: number) => `[${action}]`;

function observe(state: UniqueBidState, player: number): string {
  const lines = [
    `You are Player ${player} of ${uniqueBidPlayers} in Unique Bid.`,
    'Each player seals a bid of 0, 1 or 2. The highest bid nobody else made wins.',
  ];
  if (uniqueBidRules.currentPlayer(state) === TERMINAL) {
    const winner = uniqueBidWinner(state.bids);
    lines.push(`Bids: ${state.bids.join(', ')}. ${winner < 0 ? 'Nobody wins.' : `Player ${winner} wins.`}`);
  } else {
    lines.push('Available Moves: [0], [1], [2]', 'Next Action:');
  }
  return lines.join('\n');
}

function parse(state: UniqueBidState, text: string, options: ParseOptions = {}): ParseResult<number> {
  const legal = uniqueBidRules.legalActions(state);
  if (legal.length === 0) return { ok: false, reason: 'no move is expected now: the game is over' };
  const match = matchLegal(
    text,
    legal.map((a) => actionString(state, a)),
    options.answers,
  );
  return match.ok ? { ok: true, action: legal[match.index] ?? 0 } : match;
}

export const uniqueBid: TextGame<UniqueBidState> = {
  rules: uniqueBidRules,
  text: { observe: (state, player) => observe(state, player), actionString, parse },
  // A figure of the game's own, averaged per entrant by the arena: the bid this seat made.
  episodeStats: (state, player) => ({ bid: state.bids[player] ?? 0 }),
};
