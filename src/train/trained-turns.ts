import type { EpisodeResult, TurnRecord } from '../rollout/episode.ts';
import type { AdvantageEstimator } from './advantage/estimator.ts';
import type { ChoiceSample } from './magnet.ts';

/** The turns of a step that become training samples, each with its advantage. */
export interface TrainedTurnsOptions {
  readonly episodes: readonly EpisodeResult[];
  /** `[episode][turn]`, see `turnAdvantages`. */
  readonly advantages: readonly (readonly number[])[];
  /** Per episode, the seats the live policy sat in (only its turns are trained). */
  readonly trainedSeats: readonly (readonly number[])[];
  /** Leave out turns whose advantage is exactly 0 (SPIRAL's `filter_zero_adv`). */
  readonly dropZero: boolean;
}

export interface TrainedTurn {
  readonly episode: EpisodeResult;
  /** Index of the episode in the step's batch, and of the turn in the episode. */
  readonly episodeIndex: number;
  readonly turnIndex: number;
  readonly turn: TurnRecord;
  readonly promptTokenIds: readonly number[];
  readonly completionTokenIds: readonly number[];
  readonly completionLogprobs: readonly number[];
  readonly advantage: number;
}

/** Each turn's advantage, `[episode][turn]`: the estimator's own per-turn figures, or its role's broadcast. */
export function turnAdvantages(estimator: AdvantageEstimator, episodes: readonly EpisodeResult[]): number[][] {
  const scored = episodes.map((e) => ({
    gameId: e.gameId,
    returns: e.returns,
    ...(e.roles ? { roles: e.roles } : {}),
    turns: e.turns.map((t) => ({
      player: t.player,
      observation: t.observation,
      ...(t.move === undefined ? {} : { move: t.move }),
    })),
  }));
  if (estimator.assignTurns) return estimator.assignTurns(scored);
  const perRole = estimator.assign(scored);
  return episodes.map((e, i) => e.turns.map((t) => perRole[i]?.[t.player] ?? 0));
}

/** The live seats' turns that carry token ids and sampling log-probs, in batch order: one selection for every use. */
export function trainedTurns(options: TrainedTurnsOptions): TrainedTurn[] {
  const { episodes, advantages, trainedSeats, dropZero } = options;
  const out: TrainedTurn[] = [];
  episodes.forEach((episode, episodeIndex) => {
    episode.turns.forEach((turn, turnIndex) => {
      const { trace } = turn;
      if (!trainedSeats[episodeIndex]?.includes(turn.player)) return;
      if (!trace?.promptTokenIds || !trace.completionTokenIds || !trace.completionLogprobs) return;
      const advantage = advantages[episodeIndex]?.[turnIndex] ?? 0;
      if (dropZero && advantage === 0) return;
      out.push({
        episode,
        episodeIndex,
        turnIndex,
        turn,
        promptTokenIds: trace.promptTokenIds,
        completionTokenIds: trace.completionTokenIds,
        completionLogprobs: trace.completionLogprobs,
        advantage,
      });
    });
  });
  return out;
}

/** The learner's samples for a step's trained turns. */
export function collectSamples(options: TrainedTurnsOptions): ChoiceSample[] {
  return trainedTurns(options).map((t) => ({
    promptTokens: t.promptTokenIds,
    completionTokens: t.completionTokenIds,
    samplingLogprobs: t.completionLogprobs,
    advantage: t.advantage,
    legal: t.turn.legal,
    ...(t.turn.trace?.completionChoiceMask ? { tokenMask: t.turn.trace.completionChoiceMask } : {}),
  }));
}
