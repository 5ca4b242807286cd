import { withExactSolver } from '../../solvers/exact-solver.ts';
import { refusingSolver } from '../../solvers/refusing-solver.ts';
import type { TextGame } from '../../spec/game-text.ts';
import { spyActionString, spyParser } from './actions.ts';
import { createSpyRules, type SpyRole, type SpyRules, type SpyState } from './rules.ts';
import { scriptedSpyPlayer } from './scripted.ts';
import { spyObserver } from './text.ts';
import { createWorld, defaultAttributes, type SpyAttribute } from './world.ts';

export { spyActionString, spyParser } from './actions.ts';
export {
  type VotePotentialCoefficients,
  type VotePotentialInput,
  votePotentialRange,
  votePotentialRewards,
  visionZeroCoefficients,
} from './rewards.ts';
export { createSpyRules, type SpyConfig, type SpyRole, type SpyRules, type SpyState } from './rules.ts';
export { scriptedSpyPlayer } from './scripted.ts';
export { spyObserver } from './text.ts';
export { type Clue, createWorld, defaultAttributes, type SpyAttribute, type SpyWorld } from './world.ts';

export type WhoIsTheSpyGame = TextGame<SpyState> & {
  readonly rules: SpyRules;
  readonly roleOf: (state: SpyState, player: number) => SpyRole;
};

export interface WhoIsTheSpyOptions {
  /** Seats, one of them the spy (default 4, as Vision-Zero's code plays). */
  readonly players?: number;
  /** The world's attributes and values (default `defaultAttributes`: 36 objects, 10 clues). */
  readonly attributes?: readonly SpyAttribute[];
  /** Clue rounds before the vote (default 1; Vision-Zero's code plays 2). */
  readonly clueRounds?: number;
  /** Attributes in which the spy's object differs from the civilians' (default 1). */
  readonly differing?: number;
  /**
   * Registry id. Default: `who-is-the-spy`, with `-p5`, `-r2`, `-d2` appended for each setting off its default. A
   * custom `attributes` table needs an id of its own.
   */
  readonly id?: string;
  readonly title?: string;
}

const defaults = { players: 4, clueRounds: 1, differing: 1 } as const;

/** Who is the Spy over a generated world (see `rules.ts` for the game and `rewards.ts` for its returns). */
export function createWhoIsTheSpy(options: WhoIsTheSpyOptions = {}): WhoIsTheSpyGame {
  const players = options.players ?? defaults.players;
  const clueRounds = options.clueRounds ?? defaults.clueRounds;
  const differing = options.differing ?? defaults.differing;
  const attributes = options.attributes ?? defaultAttributes;
  const customWorld = JSON.stringify(attributes) !== JSON.stringify(defaultAttributes);
  if (customWorld && options.id === undefined)
    throw new RangeError(
      'who-is-the-spy: a custom attributes table needs its own id, e.g. { id: "who-is-the-spy-animals" }',
    );
  const suffix = [
    players === defaults.players ? '' : `-p${players}`,
    clueRounds === defaults.clueRounds ? '' : `-r${clueRounds}`,
    differing === defaults.differing ? '' : `-d${differing}`,
  ].join('');
  const base = createSpyRules({
    id: options.id ?? `who-is-the-spy${suffix}`,
    title: options.title ?? `Who is the Spy (Vision-Zero, text; ${players} players, ${clueRounds} clue round(s))`,
    world: createWorld(attributes),
    players,
    clueRounds,
    differing,
  });
  // Hundreds of millions of histories, and four players besides: no solver walk would finish, so each refuses at once.
  const id = base.info.id;
  const rules: SpyRules = {
    ...base,
    ...withExactSolver(
      base,
      refusingSolver({
        reason:
          `${id} is too big to solve or measure exactly (about 7×10⁸ histories, ${players} players), so there is no ` +
          `\`nash\` player, exploitability or policy table for it. Measure players by matches instead: \`selfplay play ` +
          `${id} --p0 SPEC --p1 scripted …\` or \`selfplay arena\``,
        method: 'none (too big to solve; measured by matches)',
        positions: Number.POSITIVE_INFINITY,
      }),
    ),
  };
  const roleOf = (state: SpyState, player: number): SpyRole => {
    const spy = rules.spySeat(state);
    if (spy === undefined) throw new RangeError(`${rules.info.id}: roles are not dealt yet; ask roleOf after the deal`);
    return player === spy ? 'spy' : 'civilian';
  };
  return {
    rules,
    text: { observe: spyObserver(rules), actionString: spyActionString(rules), parse: spyParser(rules) },
    roleOf,
    episodeStats: (state, player) => spyStats(rules, state, player),
    scripted: scriptedSpyPlayer(rules),
  };
}

/**
 * Figures of a game from `player`'s side: `is_spy` (once dealt); once the votes are in, `spy_identified` (the spy was
 * voted out) and `spy_survived`; and, for civilians only, `vote_correct` (its vote named the spy), so its mean over
 * games is the civilians' vote accuracy. A game cut short before the vote has no vote figures.
 */
function spyStats(rules: SpyRules, state: SpyState, player: number): Record<string, number> {
  const spy = rules.spySeat(state);
  if (spy === undefined || rules.objectOf(state, player) === undefined) return {};
  const stats: Record<string, number> = { is_spy: player === spy ? 1 : 0 };
  const out = rules.votedOut(state);
  if (out === undefined) return stats;
  stats.spy_identified = out === spy ? 1 : 0;
  stats.spy_survived = out === spy ? 0 : 1;
  if (player !== spy) stats.vote_correct = state.votes[player] === spy ? 1 : 0;
  return stats;
}

/** The registered game: 4 players, the default world, 1 clue round, the spy's object off in 1 attribute. */
export const whoIsTheSpy: WhoIsTheSpyGame = createWhoIsTheSpy();
