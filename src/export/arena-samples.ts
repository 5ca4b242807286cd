import { z } from 'zod';
import { decode } from '../lm/tokenizer.ts';
import { lmPromptTokens } from '../rollout/lm-policy.ts';
import type { EpisodeRow } from '../store/run-store.ts';
import type { ExportSample } from './export-sample.ts';

const ids = z.array(z.number());

/** The part of an arena transcript (src/cli/commands/arena.ts) the export reads; the rest is ignored. */
const arenaTranscriptSchema = z.object({
  seats: z.array(z.string()).optional(),
  turns: z.array(
    z.object({
      turn: z.number().int(),
      player: z.number().int(),
      observation: z.string(),
      answer: z.string(),
      trace: z
        .object({
          promptTokenIds: ids.optional(),
          completionTokenIds: ids.optional(),
          completionLogprobs: ids.optional(),
          completionChoiceMask: ids.optional(),
        })
        .optional(),
    }),
  ),
});

/** An arena transcript that does not have the shape `selfplay arena` writes. */
export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
}

/**
 * The turns of stored arena games that carry token ids and log-probs (LM and endpoint players; random, table and
 * nash players report none), with that seat's return as reward and no advantage. `step` is the arena's pair
 * index and `episode` the game's index within that pair, as stored.
 */
export function* arenaSamples(episodes: Iterable<EpisodeRow>): Generator<ExportSample> {
  let step = Number.NaN;
  let episode = 0;
  for (const row of episodes) {
    episode = row.step === step ? episode + 1 : 0;
    step = row.step;
    const parsed = arenaTranscriptSchema.safeParse(row.transcript);
    if (!parsed.success)
      throw new TranscriptError(
        `episode ${episode} of step ${row.step} (${row.game}) has an unreadable transcript: ${z.prettifyError(parsed.error)}`,
      );
    const { seats, turns } = parsed.data;
    for (const turn of turns) {
      const trace = turn.trace;
      if (!trace?.promptTokenIds || !trace.completionTokenIds || !trace.completionLogprobs) continue;
      const texts = turnTexts({
        observation: turn.observation,
        answer: turn.answer,
        promptTokenIds: trace.promptTokenIds,
        completionTokenIds: trace.completionTokenIds,
      });
      const player = seats?.[turn.player];
      yield {
        step: row.step,
        game: row.game,
        role: turn.player,
        seed: row.seed,
        episode,
        turn: turn.turn,
        ...texts,
        promptTokenIds: trace.promptTokenIds,
        completionTokenIds: trace.completionTokenIds,
        logprobs: trace.completionLogprobs,
        reward: row.returns[turn.player] ?? 0,
        advantage: null,
        ...(trace.completionChoiceMask ? { choiceMask: trace.completionChoiceMask } : {}),
        ...(player === undefined ? {} : { player }),
      };
    }
  }
}

/**
 * The text of a turn's prompt and completion. Ids from the built-in LM are byte-level and decode to exactly what it
 * read and wrote; an endpoint's ids belong to its own tokenizer (and its prompt template wrapped the observation),
 * so there the game's observation and the raw answer stand in.
 */
function turnTexts(turn: {
  observation: string;
  answer: string;
  promptTokenIds: readonly number[];
  completionTokenIds: readonly number[];
}): { prompt: string; completion: string } {
  const builtIn = lmPromptTokens(turn.observation);
  const isBuiltIn =
    builtIn.length === turn.promptTokenIds.length && builtIn.every((id, i) => id === turn.promptTokenIds[i]);
  return isBuiltIn
    ? { prompt: decode(turn.promptTokenIds), completion: decode(turn.completionTokenIds) }
    : { prompt: turn.observation, completion: turn.answer };
}
