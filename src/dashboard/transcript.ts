import { z } from 'zod';

/**
 * The replayable part of a stored episode's transcript: the turns (`TurnRecord`, src/rollout/episode.ts) and, for
 * arena games, who sat in each seat (any number of seats) and the roles they were dealt. Other fields are kept but not needed; a transcript that does not fit is shown
 * as raw JSON rather than rejected.
 */
export const transcriptSchema = z.looseObject({
  seats: z.array(z.string()).optional(),
  /** The role each seat was dealt, for games with hidden roles (`EpisodeResult.roles`). */
  roles: z.array(z.string()).optional(),
  turns: z.array(
    z.looseObject({
      turn: z.number(),
      player: z.number(),
      observation: z.string(),
      legal: z.array(z.string()).optional(),
      answer: z.string(),
      move: z.string().optional(),
      invalidReason: z.string().optional(),
    }),
  ),
  finalState: z.string().optional(),
});
export type Transcript = z.infer<typeof transcriptSchema>;

/** Who played seat `player`: the arena entrant's name when recorded, else "player N". */
export function seatName(transcript: Transcript, player: number): string {
  return transcript.seats?.[player] ?? `player ${player}`;
}
