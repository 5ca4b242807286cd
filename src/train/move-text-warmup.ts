import type { AnyTextGame } from '../games/registry.ts';
import { type AdamwConfig, createOptimizer, type LmModel } from '../lm/index.ts';
import { createInProcessLearner } from '../learner/in-process-learner.ts';
import { playEpisode } from '../rollout/episode.ts';
import { lmCompletionTokens, lmPromptTokens } from '../rollout/lm-policy.ts';
import { createRandomPlayer } from '../rollout/players/random-player.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { TrainingSample } from '../spec/learner.ts';
import { deriveSeed } from '../util/rng.ts';

/** Decisions per warm-up step. */
export const moveTextWarmupBatch = 64;

/**
 * Teaches a fresh model to write its moves before self-play starts (`loss.moveTextWarmup` steps): supervised
 * steps on the move strings of uniformly random play, every token of the move's text (the choice token, the forced
 * tokens around it, EOS). The moves are drawn uniformly, so the policy over legal moves stays near uniform while the
 * probability of writing anything else falls — what a pretrained model brings to SPIRAL, learned here in a few
 * hundred steps. It has its own AdamW moments, so self-play's optimizer starts as it would without it.
 * Returns the mean token loss of the last step.
 */
export async function warmUpMoveText(options: {
  model: LmModel;
  games: readonly AnyTextGame[];
  format: ObservationFormat;
  steps: number;
  /** Decisions per step, drawn from whole random games of each game in turn. */
  batch: number;
  optim: AdamwConfig;
  seed: number;
}): Promise<number> {
  const { model, games, format, steps, batch } = options;
  const learner = createInProcessLearner({ model, optimizer: createOptimizer({ model, config: options.optim }) });
  const random = createRandomPlayer();
  let episode = 0;
  let loss = 0;
  for (let step = 0; step < steps; step++) {
    const samples: TrainingSample[] = [];
    while (samples.length < batch) {
      const game = games[episode % games.length]!;
      const { turns } = await playEpisode({
        game,
        policies: Array.from({ length: game.rules.info.players }, () => random),
        seed: deriveSeed(options.seed, episode++),
        format,
      });
      for (const turn of turns) {
        if (turn.move === undefined) continue;
        const completionTokens = lmCompletionTokens(turn.move);
        samples.push({
          promptTokens: lmPromptTokens(turn.observation),
          completionTokens,
          samplingLogprobs: completionTokens.map(() => 0),
          advantage: 1,
        });
      }
    }
    const result = await learner.forwardBackward(samples, { kind: 'reinforce', normalizer: 1 });
    await learner.optimStep();
    loss = result.loss / Math.max(1, result.tokens / samples.length);
  }
  return loss;
}
