import { decode } from '../lm/tokenizer.ts';
import type { SampleRow } from '../store/run-store.ts';
import { type TrainedTurnsOptions, trainedTurns } from './trained-turns.ts';

/**
 * The store rows of one step's trained turns (the same selection `collectSamples` hands the learner), with the
 * episode metadata a trainer outside selfplay needs.
 */
export function sampleRows(options: TrainedTurnsOptions & { step: number }): SampleRow[] {
  return trainedTurns(options).map(({ episode, episodeIndex, turnIndex, turn, advantage, ...ids }) => ({
    step: options.step,
    game: episode.gameId,
    role: turn.player,
    seed: episode.seed,
    episode: episodeIndex,
    turn: turnIndex,
    // The trainer's policy is the built-in byte-level LM, so decoding the ids gives back exactly what it read.
    prompt: decode(ids.promptTokenIds),
    completion: decode(ids.completionTokenIds),
    promptTokenIds: ids.promptTokenIds,
    completionTokenIds: ids.completionTokenIds,
    logprobs: ids.completionLogprobs,
    reward: episode.returns[turn.player] ?? 0,
    advantage,
    ...(turn.trace?.completionChoiceMask ? { choiceMask: turn.trace.completionChoiceMask } : {}),
  }));
}
