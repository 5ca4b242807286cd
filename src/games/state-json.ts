import { z } from 'zod';

/** Thrown when text handed to `deserialize` is not a state of the game; says which game and why. */
export class GameStateError extends Error {
  override readonly name = 'GameStateError';
}

/** Parses JSON state text against a schema, turning every failure into a `GameStateError` naming the game. */
export function parseStateJson<T>(gameId: string, schema: z.ZodType<T>, text: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new GameStateError(`${gameId}: state text is not JSON`, { cause });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new GameStateError(`${gameId}: not a valid state: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/**
 * The state reached by playing `moves` (chance outcomes included) from `initial`, for games that store a state as
 * its moves: a move the rules refuse becomes a `GameStateError` naming the game and the rule.
 */
export function replayMoves<S, A>(gameId: string, initial: S, moves: readonly A[], apply: (state: S, move: A) => S): S {
  let state = initial;
  for (const move of moves) {
    try {
      state = apply(state, move);
    } catch (cause) {
      throw new GameStateError(`${gameId}: not a valid state: ${(cause as Error).message}`, { cause });
    }
  }
  return state;
}
