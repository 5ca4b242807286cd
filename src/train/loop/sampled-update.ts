import type { Learner } from '../../spec/learner.ts';
import { allActionSamples } from '../all-actions.ts';
import { centerByPrompt } from '../advantage/center.ts';
import type { Advantages } from '../components/advantage-component.ts';
import { legalMassFits } from '../legal-mass-fits.ts';
import type { ChoiceSample, MagnetRegularizer } from '../magnet.ts';
import type { TrainConfig } from '../train-config.ts';
import type { TrainingContext } from '../training-context.ts';
import { collectSamples, trainedTurns, type TrainedTurnsOptions } from '../trained-turns.ts';

export interface UpdateResult {
  /** The samples the learner was given (after shaping and centring). */
  readonly samples: readonly ChoiceSample[];
  /** The last epoch's figures (zeros when there was nothing to train). */
  readonly loss: number;
  readonly clippedFraction: number;
  readonly approxKl: number;
  readonly gradNorm: number;
  /**
   * Mean |log π_learner − log π_sampler| over the trained tokens at the first epoch, before any step on the batch:
   * the off-policy gap that catches a sampler playing stale weights (≈ 0 when the weights that sampled are the ones
   * that learn).
   */
  readonly samplerLogprobGap: number;
  /** The magnet's mean KL over the samples, when the samples were shaped. */
  readonly meanKl?: number;
}

/**
 * The learner's side of a sampled step: the trained turns become samples — every legal move toward the critic's
 * mirror-descent target (all-actions), or the played move with its advantage shaped by the magnet — optionally
 * centred per prompt, then `loss.epochs` optimizer steps on them (with the move-text legal-mass fits).
 */
export async function updateOnTurns(options: {
  ctx: TrainingContext;
  learner: Learner;
  selection: TrainedTurnsOptions;
  advantages: Advantages;
  magnet: MagnetRegularizer | undefined;
  lr: number;
  eta: number;
}): Promise<UpdateResult> {
  const { ctx, learner, selection, magnet, eta } = options;
  const { config } = ctx;
  const { critic } = options.advantages;
  const shaped = critic
    ? allActionSamples({
        turns: trainedTurns({ ...selection, dropZero: false }),
        model: ctx.model,
        critic,
        ...(magnet ? { magnet } : {}),
        eta,
        stepSize: config.advantage.stepSize,
      })
    : magnet?.shape(collectSamples(selection), eta);
  const uncentred = shaped?.samples ?? collectSamples(selection);
  const samples = config.advantage.center === 'observation' ? centerByPrompt(uncentred) : uncentred;
  const last = await fitEpochs({
    learner,
    samples,
    massFits: legalMassFits(uncentred, config.loss.moveText),
    config,
    lr: options.lr,
  });
  return { samples, ...last, ...(shaped ? { meanKl: shaped.meanKl } : {}) };
}

async function fitEpochs(options: {
  learner: Learner;
  samples: readonly ChoiceSample[];
  massFits: ReturnType<typeof legalMassFits>;
  config: TrainConfig;
  lr: number;
}) {
  const { learner, samples, massFits, config } = options;
  let last = { loss: 0, clippedFraction: 0, approxKl: 0, gradNorm: 0, samplerLogprobGap: 0 };
  if (samples.length === 0) return last;
  for (let epoch = 0; epoch < config.loss.epochs; epoch++) {
    const fb = await learner.forwardBackward(samples, config.loss);
    if (massFits.length > 0) await learner.forwardBackwardChoices(massFits);
    const opt = await learner.optimStep({ lr: options.lr });
    last = {
      loss: fb.loss,
      clippedFraction: fb.clippedFraction,
      approxKl: fb.approxKl,
      gradNorm: opt.gradNorm,
      samplerLogprobGap: epoch === 0 ? fb.samplerLogprobGap : last.samplerLogprobGap,
    };
  }
  return last;
}
