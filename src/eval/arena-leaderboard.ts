import { formatCi } from '../util/stats.ts';
import type { FreeForAllRecord } from './free-for-all-record.ts';
import { nashAveragingNote, payoffRatingNote, payoffRatingTitle, type RatingLabel } from './arena-record.ts';
import type { NashAveragingEntry } from './nash-averaging.ts';
import type { PayoffRatingEntry } from './payoff-rating.ts';
import type { SkillRating } from './ratings.ts';

/** One ranking as text: a title, a table of formatted cells and the lines under it. */
export interface LeaderboardSection {
  readonly title: string;
  /** Lines between the title and the table (what a match is). */
  readonly lead: readonly string[];
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Lines under the table (how to read it, what is not resolved). */
  readonly notes: readonly string[];
}

/** What the rankings are read from: a fresh `ArenaRecord` or one read back from the store (older ones lack parts). */
export interface LeaderboardInput {
  readonly ratings: readonly (readonly [string, Omit<SkillRating, 'ordinal'> & { ordinal: number }])[];
  readonly rating: RatingLabel;
  readonly payoffRating: readonly {
    game: string;
    entries: readonly PayoffRatingEntry[];
    unresolved: readonly string[];
  }[];
  readonly nashAveraging: readonly { game: string; entries: readonly NashAveragingEntry[] }[];
  /** Games for more than two players (absent in arenas that had none, and in older ones). */
  readonly freeForAll?: readonly FreeForAllRecord[];
}

/**
 * The arena's rankings as the CLI prints them and the dashboard shows them, in one place so the words agree: per
 * zero-sum game the payoff rating (the headline) and Nash averaging, then OpenSkill over matches of all games.
 */
export function leaderboardSections(input: LeaderboardInput): LeaderboardSection[] {
  const sections: LeaderboardSection[] = [];
  for (const { game, entries, unresolved } of input.payoffRating) {
    sections.push({
      title: `Leaderboard — ${game}: ${payoffRatingTitle}`,
      lead: [],
      head: ['rank', 'player', 'mean return vs field (95% CI)'],
      rows: entries.map((e) => [String(e.rank), e.player, formatCi(e)]),
      notes: [
        `Payoff rating: ${payoffRatingNote}`,
        ...(unresolved.length > 0
          ? ['not separated by their head-to-head margin (95% CI includes 0), so their order is not resolved:']
          : []),
        ...unresolved.map((line) => `  ${line}`),
      ],
    });
    const nash = input.nashAveraging.find((n) => n.game === game);
    if (nash)
      sections.push({
        title: `${game}: Nash averaging, ranked`,
        lead: [],
        head: ['rank', 'player', 'Nash weight', 'return vs Nash mixture (95% CI)'],
        rows: nash.entries.map((e) => [
          String(e.rank),
          e.player,
          e.weight.toFixed(3),
          formatCi({ mean: e.payoff, halfWidth: e.halfWidth }),
        ]),
        notes: [`Nash averaging: ${nashAveragingNote}`],
      });
  }
  const { rating } = input;
  // An arena of many-player games only has no two-player matches to rate.
  if (input.ratings.length > 0 || (input.freeForAll ?? []).length === 0)
    sections.push({
      title: rating.title,
      lead: [
        ...(input.payoffRating.length > 1
          ? ['Per game only above: different games pay in different units, so no aggregate payoff rating is formed.']
          : []),
        ...rating.matches,
      ],
      head: ['rank', 'player', 'ordinal', 'μ', 'σ', 'matches'],
      rows: input.ratings.map(([name, r], i) => [
        String(i + 1),
        name,
        r.ordinal.toFixed(2),
        r.mu.toFixed(2),
        r.sigma.toFixed(2),
        String(r.games),
      ]),
      notes: [rating.note],
    });
  sections.push(...freeForAllSections(input.freeForAll ?? []));
  return sections;
}

export const freeForAllNote =
  'each game is rated as one free-for-all (OpenSkill, Weng–Lin, every player a team of one) in which the players ' +
  'are placed by what the game paid them; tied players share the mean of the places they cover (two tied for ' +
  'first: 1.5 each). μ ± 1.96σ is the 95% interval of the skill estimate; the ordinal μ − 3σ orders the table. ' +
  "Mean return is in the game's own units, and mean place and return carry their 95% CIs.";

/** Per game of more than two players: OpenSkill over its games, mean return and place, invalid moves, its own figures. */
export function freeForAllSections(records: readonly FreeForAllRecord[]): LeaderboardSection[] {
  return records.map((r) => {
    const statNames = [...new Set(r.entries.flatMap((e) => Object.keys(e.stats)))].sort();
    return {
      title: `${r.game}: free-for-all of ${r.players} players a table, OpenSkill over games`,
      lead: [
        `${r.tables} tables (${r.selection === 'every subset' ? 'every subset of entrants' : 'sampled, seat counts balanced'}), ` +
          `${r.dealsPerTable} deal${r.dealsPerTable === 1 ? '' : 's'} a table each played from every seat rotation: ${r.games} games`,
      ],
      head: [
        'rank',
        'player',
        'μ (95% interval)',
        'ordinal',
        'mean return (95% CI)',
        'mean place (95% CI)',
        'games',
        'invalid',
        ...statNames.map((name) => `${name} (mean)`),
      ],
      rows: r.entries.map((e, i) => [
        String(i + 1),
        e.player,
        `${e.mu.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`,
        e.ordinal.toFixed(2),
        formatCi(e.meanReturn),
        formatCi(e.meanRank, 2),
        String(e.games),
        String(e.invalid),
        ...statNames.map((name) => (e.stats[name] ? formatCi(e.stats[name]) : '')),
      ]),
      notes: [`${freeForAllNote} μ and σ are means over ${r.ratingOrders} seeded orders of the games.`],
    };
  });
}
