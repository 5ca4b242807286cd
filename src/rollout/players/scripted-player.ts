import { type AnyTextGame, gameIds, getGame } from '../../games/registry.ts';
import type { Policy } from '../../spec/policy.ts';

/** The player-spec line for `scripted` (see `playerSpecHelp`). */
export const scriptedSpecHelp =
  "  scripted           the game's own rule-based player, from what its seat knows (Who is the Spy, trade)";

/**
 * The game's scripted player (`TextGame.scripted`) as a policy: it answers with the legal move string the game's rule
 * picks at the seat's information-state key, drawing ties from the request's seeded RNG. A game that ships none
 * throws `NoScriptedPlayerError`, naming the games that do.
 */
export function createScriptedPlayer(game: AnyTextGame): Policy {
  const scripted = game.scripted;
  if (!scripted) throw new NoScriptedPlayerError(game.rules.info.id);
  return {
    name: 'scripted',
    act: async ({ infoKey, legal, rng, signal }) => {
      signal?.throwIfAborted();
      return { text: scripted.move(infoKey, legal, rng) };
    },
  };
}

/** The registered games that ship a scripted player, in registry order. */
export function gamesWithScriptedPlayers(): string[] {
  return gameIds.filter((id) => getGame(id).scripted !== undefined);
}

export class NoScriptedPlayerError extends Error {
  override readonly name = 'NoScriptedPlayerError';
  constructor(readonly gameId: string) {
    super(`${gameId} ships no scripted player; games that do: ${gamesWithScriptedPlayers().join(', ') || 'none'}`);
  }
}
