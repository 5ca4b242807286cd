import type { AnyTextGame } from '../games/registry.ts';
import { type AdamwConfig, createOptimizer, type LmModel } from '../lm/index.ts';
import { createInProcessLearner } from '../learner/in-process-learner.ts';
import { choiceMask, lmCompletionTokens } from '../rollout/lm-policy.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { ChoiceFit, TrainingSample } from '../spec/learner.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../util/rng.ts';
import { decisionPolicies } from './full-width/full-width.ts';
import { type Decision, decisionTree, FullWidthError } from './full-width/decision-tree.ts';
import type { TrainingContext } from './training-context.ts';

/** Decisions whose move text a finishing step fits (a game with fewer fits all of them every step). */
export const moveTextFinishBatch = 256;

export interface MoveTextFinishResult {
  /** Mean token loss of the last step's move text. */
  readonly loss: number;
  /** The largest change of any decision's policy over its moves (total variation), after against before. */
  readonly drift: number;
  readonly decisions: number;
}

/**
 * Every decision of the games, to hold the policy at while finishing: finite two-player games whose tree the solvers
 * can walk. Made when the run starts, so a game that cannot be finished is an error before self-play, not after.
 */
export function finishDecisions(games: readonly AnyTextGame[], format: ObservationFormat): Decision[] {
  return games.flatMap((game) => {
    const { id, actionSpace } = game.rules.info;
    if (actionSpace !== 'finite') {
      throw new FullWidthError(
        `loss.moveTextFinish: ${id} has open-text moves, so its decisions cannot be enumerated to hold the policy at`,
      );
    }
    return decisionTree({ game, format }).decisions;
  });
}

/**
 * The end of a run with `loss.moveTextFinish` steps: `finishMoveText` on the model the run reports (the weight
 * average when there is one), its figures stored at `step` and sent out as a `move-text-finished` event. Seed
 * stream 7 orders the batches.
 */
export async function finishRunMoveText(
  ctx: TrainingContext,
  model: LmModel,
  decisions: readonly Decision[],
  step: number,
): Promise<void> {
  const { config } = ctx;
  const started = ctx.now();
  const result = await finishMoveText({
    model,
    decisions,
    steps: config.loss.moveTextFinish,
    batch: moveTextFinishBatch,
    optim: { ...config.optim, lr: config.loss.moveTextFinishLr },
    seed: deriveSeed(config.seed, 7),
  });
  ctx.store?.addMetrics(step, { 'move_text/finish_loss': result.loss, 'move_text/finish_drift': result.drift });
  ctx.emit({
    type: 'move-text-finished',
    step,
    steps: config.loss.moveTextFinish,
    ...result,
    seconds: (ctx.now() - started) / 1000,
  });
}

/**
 * Teaches a trained model to write the moves it chooses, without changing which it chooses (`loss.moveTextFinish`
 * steps, after self-play): every step, at every decision of the game, the policy over the legal moves is held at
 * what it was (cross-entropy to the frozen choice distribution) and the probability of any other token at the choice
 * point is moved onto the legal ones (the legal-mass step); on a batch of decisions, every legal move's forced
 * tokens — the text around the choice token, and EOS — are fitted by likelihood. Self-play itself runs exactly as
 * without it; the model it reports then plays the same policy under constrained and free decoding. The learning rate
 * falls to zero on a cosine, so the last steps settle the policy back onto its anchor. Own AdamW moments; the seed
 * orders the batches.
 */
export async function finishMoveText(options: {
  model: LmModel;
  /** From `finishDecisions`. */
  decisions: readonly Decision[];
  steps: number;
  batch: number;
  optim: AdamwConfig;
  seed: number;
}): Promise<MoveTextFinishResult> {
  const { model, decisions, steps, batch } = options;
  const frozen = decisionPolicies(model, decisions).map((lp) => Array.from(lp, Math.exp));
  // Every decision is held every step: a batch's text moves weights that every other decision reads too.
  const anchors: ChoiceFit[] = decisions.flatMap((d, i) =>
    d.choiceTokens.length > 1
      ? [{ contextTokens: d.context, choiceTokens: d.choiceTokens, target: frozen[i]!, legalMass: 1 }]
      : [],
  );
  const texts = decisions.map(moveTextSamples);
  const learner = createInProcessLearner({ model, optimizer: createOptimizer({ model, config: options.optim }) });
  const rng = createRng(options.seed);
  const order = decisions.map((_, i) => i);
  let next = order.length;
  let loss = 0;
  for (let step = 0; step < steps; step++) {
    const picked: number[] = [];
    while (picked.length < Math.min(batch, order.length)) {
      if (next === order.length) {
        shuffleInPlace(order, rng);
        next = 0;
      }
      picked.push(order[next++]!);
    }
    const samples = picked.flatMap((i) => texts[i]!);
    if (anchors.length > 0) await learner.forwardBackwardChoices(anchors);
    const text = await learner.forwardBackward(samples, { kind: 'reinforce', normalizer: 1, moveText: 1 });
    // Cosine to zero: the last steps are small, so the policy settles back onto its anchor.
    await learner.optimStep({ lr: (options.optim.lr * (1 + Math.cos((Math.PI * step) / steps))) / 2 });
    loss = text.loss / Math.max(1, forcedTokens(samples) / samples.length);
  }
  const after = decisionPolicies(model, decisions);
  const drift = Math.max(
    0,
    ...after.map((lp, i) => 0.5 * Array.from(lp).reduce((s, x, j) => s + Math.abs(Math.exp(x) - frozen[i]![j]!), 0)),
  );
  return { loss, drift, decisions: decisions.length };
}

/**
 * One sample per legal move of the decision: the move's tokens with the choice token masked out (advantage 0, so it
 * carries no gradient) and the forced tokens under `moveText`'s likelihood.
 */
function moveTextSamples(decision: Decision): TrainingSample[] {
  return decision.moves.map((move) => {
    const completionTokens = lmCompletionTokens(move);
    return {
      promptTokens: decision.prompt,
      completionTokens,
      tokenMask: choiceMask(completionTokens, decision.moves),
      samplingLogprobs: completionTokens.map(() => 0),
      advantage: 0,
    };
  });
}

function forcedTokens(samples: readonly TrainingSample[]): number {
  return samples.reduce((n, s) => n + (s.tokenMask ?? []).filter((m) => m === 0).length, 0);
}
