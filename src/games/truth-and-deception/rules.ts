import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson } from '../state-json.ts';
import type { FactPair } from './facts.ts';

/**
 * Truth and Deception, as SPIRAL's TruthAndDeception-v1 (= TextArena's -v0, `max_turns=6`) plays it
 * (research/spiral.md §4.4): player 0 is the Deceiver, player 1 the Guesser. Chance draws a pair of statements about
 * one fact (uniformly from the facts file) and which of the two is shown as Fact 1 (a fair coin). Both see both
 * statements; only the Deceiver knows which is true. The players then talk, alternating and the Deceiver first, for
 * `turns − 1` messages (5: the Deceiver sends the first, third and last); at the last turn the Guesser names a fact.
 * The right fact wins the game for the Guesser (+1, Deceiver −1), the wrong one for the Deceiver.
 */
export const DECEIVER = 0;
export const GUESSER = 1;
export const roleNames = ['Deceiver', 'Guesser'] as const;

/** A message in the conversation: free text, which the rules never read. */
export interface TruthMessage {
  readonly kind: 'say';
  readonly message: string;
}

/** The Guesser's final answer: which shown statement (1 or 2) is true. */
export interface TruthGuess {
  readonly kind: 'guess';
  readonly fact: 1 | 2;
}

/** A chance draw: the fact pair's index in the file, then the slot (0: Fact 1, 1: Fact 2) of the true statement. */
export interface TruthDraw {
  readonly kind: 'draw';
  readonly value: number;
}

export type TruthMove = TruthMessage | TruthGuess;
export type TruthAction = TruthMove | TruthDraw;

export interface TruthState {
  /** `[pair index, slot of the true statement]`, as drawn so far. */
  readonly draws: readonly number[];
  /** Messages, then the guess (the last move of a finished game). */
  readonly moves: readonly TruthMove[];
}

export interface TruthConfig {
  readonly id: string;
  readonly title: string;
  readonly facts: readonly FactPair[];
  /** Decision turns in a game, the guess included (SPIRAL: 6); even, so the Deceiver sends the last message. */
  readonly turns: number;
}

/** What a state's draws show: the two statements in their shown order and which one is true. */
export interface TruthDeal {
  readonly pair: FactPair;
  /** Statement texts as Fact 1 and Fact 2. */
  readonly shown: readonly [string, string];
  /** The true one: 1 or 2. */
  readonly trueFact: 1 | 2;
}

/**
 * Canonical messages `legalActions` lists at a conversation turn: the moves a random player or constrained decoding
 * picks from (an open game's examples, not every move; any text is a legal message).
 */
export const canonicalMessages: readonly (readonly string[])[] = [
  ['Fact 1 is true.', 'Fact 2 is true.', 'Trust me.'],
  ['Which is true?', 'I think Fact 1.', 'I think Fact 2.'],
];

export type TruthRules = Game<TruthState, TruthAction> & {
  readonly config: TruthConfig;
  /** The statements of a state whose draws are done; undefined before. */
  deal(state: TruthState): TruthDeal | undefined;
  /** Whether the Guesser is to name a fact now (the last turn). */
  isGuessTurn(state: TruthState): boolean;
};

export function createTruthRules(config: TruthConfig): TruthRules {
  const { id, facts, turns } = config;
  if (facts.length === 0) throw new RangeError(`${id}: no facts to play with`);
  if (!Number.isInteger(turns) || turns < 2 || turns % 2 !== 0)
    throw new RangeError(`${id}: turns must be an even integer ≥ 2 (the guess included), got ${turns}`);

  const info: GameInfo = {
    id,
    title: config.title,
    players: 2,
    zeroSum: true,
    perfectInformation: false,
    chance: true,
    maxTurns: turns,
    actionSpace: 'open',
    returnRange: [-1, 1],
    winDrawLoss: true,
  };

  const guesses: readonly TruthGuess[] = Object.freeze([
    Object.freeze({ kind: 'guess', fact: 1 } as const),
    Object.freeze({ kind: 'guess', fact: 2 } as const),
  ]);
  const said = canonicalMessages.map((lines) =>
    Object.freeze(lines.map((message) => Object.freeze({ kind: 'say', message } as const))),
  );

  const slotCounts = [facts.length, 2];

  const currentPlayer = (state: TruthState): number => {
    if (state.draws.length < slotCounts.length) return CHANCE;
    if (state.moves.length >= turns) return TERMINAL;
    return state.moves.length % 2;
  };

  const isGuessTurn = (state: TruthState): boolean =>
    state.draws.length === slotCounts.length && state.moves.length === turns - 1;

  const deal = (state: TruthState): TruthDeal | undefined => {
    const [index, slot] = state.draws;
    const pair = index === undefined ? undefined : facts[index];
    if (pair === undefined || slot === undefined) return undefined;
    return slot === 0
      ? { pair, shown: [pair.true, pair.false], trueFact: 1 }
      : { pair, shown: [pair.false, pair.true], trueFact: 2 };
  };

  /** Why `move` cannot be played at `state`, or undefined when it can. */
  const moveProblem = (state: TruthState, move: TruthMove): string | undefined => {
    if (isGuessTurn(state))
      return move.kind === 'guess' && (move.fact === 1 || move.fact === 2)
        ? undefined
        : 'the last turn is the Guesser naming Fact 1 or Fact 2';
    if (move.kind !== 'say') return 'a fact can only be named at the last turn';
    if (typeof move.message !== 'string' || move.message.trim() === '') return 'a message must not be empty';
    return undefined;
  };

  const apply = (state: TruthState, action: TruthAction): TruthState => {
    const actor = currentPlayer(state);
    if (actor === TERMINAL) throw new RangeError(`${id}: the game is over; no more moves`);
    if (actor === CHANCE) {
      const count = slotCounts[state.draws.length]!;
      if (action.kind !== 'draw' || !Number.isInteger(action.value) || action.value < 0 || action.value >= count)
        throw new RangeError(`${id}: expected a draw in 0..${count - 1}`);
      return { draws: [...state.draws, action.value], moves: state.moves };
    }
    if (action.kind === 'draw') throw new RangeError(`${id}: a player's action must be a message or a guess`);
    const problem = moveProblem(state, action);
    if (problem !== undefined)
      throw new RangeError(
        `${id}: invalid move by player ${actor}: ${problem}; parse answers with the game's text.parse`,
      );
    return { draws: state.draws, moves: [...state.moves, cloneMove(action)] };
  };

  const returns = (state: TruthState): number[] => {
    const last = state.moves[state.moves.length - 1];
    if (currentPlayer(state) !== TERMINAL || last?.kind !== 'guess') return [0, 0];
    return last.fact === deal(state)?.trueFact ? [-1, 1] : [1, -1];
  };

  const moveSchema = z.union([
    z.strictObject({ kind: z.literal('say'), message: z.string() }),
    z.strictObject({ kind: z.literal('guess'), fact: z.union([z.literal(1), z.literal(2)]) }),
  ]);
  const stateSchema = z.strictObject({
    draws: z.array(z.number().int()).max(slotCounts.length),
    moves: z.array(moveSchema).max(turns),
  });

  return {
    info,
    config,
    deal,
    isGuessTurn,
    initialState: () => ({ draws: [], moves: [] }),
    currentPlayer,
    chanceOutcomes(state): ChanceOutcome<TruthAction>[] {
      if (currentPlayer(state) !== CHANCE) return [];
      const count = slotCounts[state.draws.length]!;
      return Array.from({ length: count }, (_, value) => ({ action: { kind: 'draw', value }, probability: 1 / count }));
    },
    legalActions(state) {
      const actor = currentPlayer(state);
      if (actor < 0) return [];
      return isGuessTurn(state) ? guesses : (said[actor] ?? []);
    },
    apply,
    returns,
    /**
     * Perfect recall, as JSON: `[player, Fact 1, Fact 2, true fact (the Deceiver only, else null), moves]`. The
     * Guesser's key holds the statements' texts, never the pair's index, which would tell which one is true.
     */
    informationStateKey(state, player) {
      const d = deal(state);
      const known = player === DECEIVER ? (d?.trueFact ?? null) : null;
      const moves = state.moves.map((m) => (m.kind === 'say' ? m.message : `[Fact ${m.fact}]`));
      return JSON.stringify([player, d?.shown[0] ?? null, d?.shown[1] ?? null, known, moves]);
    },
    turnCount: (state) => state.moves.length,
    clone: (state) => ({ draws: [...state.draws], moves: state.moves.map(cloneMove) }),
    serialize: (state) => JSON.stringify({ draws: state.draws, moves: state.moves.map(cloneMove) }),
    deserialize(text) {
      const raw = parseStateJson(id, stateSchema, text);
      let state: TruthState = { draws: [], moves: [] };
      try {
        for (const value of raw.draws) state = apply(state, { kind: 'draw', value });
        for (const move of raw.moves) state = apply(state, move);
      } catch (cause) {
        throw new GameStateError(`${id}: not a reachable state: ${(cause as Error).message}`, { cause });
      }
      return state;
    },
  };
}

/** A fresh copy with a fixed key order (so serialised text never depends on how a move object was built). */
function cloneMove(m: TruthMove): TruthMove {
  return m.kind === 'say' ? { kind: 'say', message: m.message } : { kind: 'guess', fact: m.fact };
}
