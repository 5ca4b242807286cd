import type { AnyTextGame } from '../../games/registry.ts';
import type { Policy } from '../../spec/policy.ts';
import { createHumanPlayer } from './human-player.ts';
import { createRandomPlayer } from './random-player.ts';

export const playerSpecHelp = `  human              you, at this terminal
  random             uniformly random legal moves`;

export interface ResolvePlayerOptions {
  readonly spec: string;
  readonly game: AnyTextGame;
  readonly io: { readonly stdin: NodeJS.ReadableStream; readonly stdout: NodeJS.WritableStream };
}

/** Turns a player spec from the command line into a policy; an unknown spec is a `PlayerSpecError` listing the forms. */
export async function resolvePlayer(options: ResolvePlayerOptions): Promise<Policy> {
  const { spec, io } = options;
  if (spec === 'human') return createHumanPlayer({ input: io.stdin, output: io.stdout });
  if (spec === 'random') return createRandomPlayer();
  throw new PlayerSpecError(`unknown player "${spec}"; use one of:\n${playerSpecHelp}`);
}

export class PlayerSpecError extends Error {
  override readonly name = 'PlayerSpecError';
}
