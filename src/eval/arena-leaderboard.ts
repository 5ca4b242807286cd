import { formatCi } from '../util/stats.ts';
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
  return sections;
}
