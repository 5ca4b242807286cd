import type { TextGame } from '../spec/game-text.ts';
import { didYouMean } from '../util/closest-name.ts';
import { bargaining } from './bargaining/index.ts';
import { connectFour, connectFourSmall } from './connect-four/index.ts';
import { kuhnPoker } from './kuhn-poker/index.ts';
import { kuhnPokerRounds } from './kuhn-poker-rounds/index.ts';
import { leducPoker } from './leduc-poker/index.ts';
import { liarsDice } from './liars-dice/index.ts';
import { liarsDiceRounds } from './liars-dice-rounds/index.ts';
import { persuasion } from './persuasion/index.ts';
import { pig, pigSmall } from './pig/index.ts';
import { redTeam } from './red-team/index.ts';
import { simpleNegotiation, simpleNegotiation5 } from './simple-negotiation/index.ts';
import { snake, snake4 } from './snake/index.ts';
import { ticTacToe } from './tic-tac-toe/index.ts';
import { trade } from './trade/index.ts';
import { truthAndDeception } from './truth-and-deception/index.ts';
import { whoIsTheSpy } from './who-is-the-spy/index.ts';

/** Every game id, with variants as their own ids. Order is the order `selfplay games` lists them. */
export const gameIds = [
  'kuhn-poker',
  'kuhn-poker-rounds',
  'leduc-poker',
  'liars-dice',
  'liars-dice-rounds',
  'tic-tac-toe',
  'simple-negotiation',
  'simple-negotiation-5',
  'truth-and-deception',
  'pig',
  'pig-small',
  'connect-four',
  'connect-four-small',
  'bargaining',
  'persuasion',
  'trade',
  'who-is-the-spy',
  'snake',
  'snake-4',
  'red-team',
] as const;
export type GameId = (typeof gameIds)[number];

// The registry erases each game's state and action types; code that needs them imports the game directly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous registry needs an existential type.
export type AnyTextGame = TextGame<any, any>;

const factories = {
  'kuhn-poker': () => kuhnPoker,
  'kuhn-poker-rounds': () => kuhnPokerRounds,
  'leduc-poker': () => leducPoker,
  'liars-dice': () => liarsDice,
  'liars-dice-rounds': () => liarsDiceRounds,
  'tic-tac-toe': () => ticTacToe,
  'simple-negotiation': () => simpleNegotiation,
  'simple-negotiation-5': () => simpleNegotiation5,
  'truth-and-deception': truthAndDeception,
  pig: () => pig,
  'pig-small': () => pigSmall,
  'connect-four': () => connectFour,
  'connect-four-small': () => connectFourSmall,
  bargaining: () => bargaining,
  persuasion: () => persuasion,
  trade: () => trade,
  snake: () => snake,
  'snake-4': () => snake4,
  'red-team': () => redTeam,
  'who-is-the-spy': () => whoIsTheSpy,
} satisfies Record<GameId, () => AnyTextGame>;

if (new Set(gameIds).size !== gameIds.length) throw new Error('games/registry: duplicate game id');

export function isGameId(id: string): id is GameId {
  return (gameIds as readonly string[]).includes(id);
}

/** The game registered as `id`; an unknown id throws a message listing the known ones. */
export function getGame(id: string): AnyTextGame {
  if (!isGameId(id)) throw new UnknownGameError(id);
  const game = factories[id]();
  if (game.rules.info.id !== id)
    throw new Error(`games/registry: ${id} is registered with info.id ${game.rules.info.id}`);
  return game;
}

export class UnknownGameError extends Error {
  override readonly name = 'UnknownGameError';
  constructor(readonly id: string) {
    super(
      `unknown game "${id}"${didYouMean(id, gameIds)}; known games: ${gameIds.join(', ')} (see \`selfplay games\`)`,
    );
  }
}
