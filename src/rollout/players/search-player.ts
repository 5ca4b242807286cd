import type { Game } from '../../spec/game.ts';
import type { Policy } from '../../spec/policy.ts';
import { moveSearchOf } from '../../solvers/move-search.ts';

/** The player-spec forms this file resolves: `alphabeta`, or `alphabeta:DEPTH` with a depth in plies. */
export const searchSpecHelp =
  "  alphabeta[:DEPTH]  the game's own alpha-beta search to DEPTH plies (Connect Four; default depth per game)";

export function isSearchSpec(spec: string): boolean {
  return spec === 'alphabeta' || spec.startsWith('alphabeta:');
}

/**
 * The deterministic player behind `alphabeta[:DEPTH]`: it asks the search the game carries (`MoveSearch`) for its
 * move at the information-state key and answers with that move's string. A game without a search, or a depth out of
 * range, is a reason, not a player (the caller turns it into its usage error).
 */
export function createSearchPlayer(options: {
  spec: string;
  rules: Game<unknown, number>;
}): { ok: true; player: Policy } | { ok: false; reason: string } {
  const { spec, rules } = options;
  const search = moveSearchOf(rules);
  if (!search)
    return {
      ok: false,
      reason: `${rules.info.id} carries no alpha-beta search (Connect Four does); use \`nash\` for an exact equilibrium player`,
    };
  const named = spec.slice('alphabeta'.length);
  let depth = search.defaultDepth;
  if (named !== '') {
    const digits = /^:(\d{1,4})$/.exec(named)?.[1];
    depth = digits === undefined ? Number.NaN : Number(digits);
    if (!(depth >= 1 && depth <= search.maxDepth))
      return {
        ok: false,
        reason: `"${spec}": the depth must be a whole number of plies from 1 to ${search.maxDepth}, e.g. alphabeta:${search.defaultDepth}`,
      };
  }
  return {
    ok: true,
    player: {
      name: `alphabeta:${depth}`,
      act: async ({ infoKey, legal, signal }) => {
        signal?.throwIfAborted();
        return { text: legal[search.choose(infoKey, depth)] ?? legal[0] ?? '' };
      },
    },
  };
}
