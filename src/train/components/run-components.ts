import { createMagnetRegularizer, magnetComponent, type MagnetRegularizer } from '../magnet.ts';
import type { RunEvent } from '../../spec/run-events.ts';
import { createOpponentSampler, type OpponentSampler } from '../opponents.ts';
import { createPopulationMeta } from '../population-meta.ts';
import type { TrainingContext } from '../training-context.ts';
import { createWeightAverage, type WeightAverage, weightAverageComponent } from '../weight-average.ts';
import { type AdvantageComponent, advantageComponent } from './advantage-component.ts';
import type { TrainingComponent } from './training-component.ts';

/** The stateful parts of an online self-play run, and the same parts as components in lifecycle order. */
export interface RunComponents {
  readonly advantages: AdvantageComponent;
  readonly opponents: OpponentSampler;
  readonly average?: WeightAverage;
  readonly magnet?: MagnetRegularizer;
  /**
   * After a step: the average folds in the new weights first, so a magnet refreshed from it reads this step's
   * average; the pool snapshots last. Checkpoint fields follow the same order.
   */
  readonly list: readonly TrainingComponent[];
}

/** Makes the run's components from the context; the average and magnet start from the learner's published weights. */
export async function createRunComponents(ctx: TrainingContext): Promise<RunComponents> {
  const { config, learner, model } = ctx;
  const published = async () => (await learner.publish()).params();
  const advantages = advantageComponent(config.advantage, ctx.games);
  const { opponent } = config;
  // A full-width step fits against the pool's mixture as one exact table, so such a pool is a population too.
  const measuresPopulation =
    opponent.kind === 'pool' &&
    (opponent.poolSampling === 'meta-nash' || config.evaluation.population || config.rollout.mode !== 'sampled');
  const population = measuresPopulation
    ? createPopulationMeta({
        game: ctx.games[0]!,
        format: config.rollout.format,
        temperature: config.rollout.temperature,
      })
    : undefined;
  const opponents = await createOpponentSampler({
    config: config.opponent,
    games: ctx.games,
    live: ctx.live,
    like: model,
    temperature: config.rollout.temperature,
    ...(population
      ? {
          population,
          onPopulation: (event: Extract<RunEvent, { type: 'population-measured' }>) => {
            ctx.store?.addMetrics(event.step, {
              'population/size': event.size,
              'population/nash_exploitability': event.nashExploitability,
              ...(event.samplingExploitability === undefined
                ? {}
                : { 'population/sampling_exploitability': event.samplingExploitability }),
            });
            ctx.emit(event);
          },
        }
      : {}),
  });
  const average =
    config.average.decay > 0
      ? createWeightAverage({ like: model, initial: (await published()).slice(), decay: config.average.decay })
      : undefined;
  const { regularization: r } = config;
  const magnet =
    r.kind === 'magnet'
      ? createMagnetRegularizer({
          model,
          // The initial weights: the magnet starts as the untrained, near-uniform policy.
          anchor: (await published()).slice(),
          source: r.magnetFrom === 'average' && average ? () => average.model.params() : published,
          eta: r.eta,
          every: r.magnetEvery,
          decay: r.magnetDecay,
          start: r.magnetStart,
        })
      : undefined;
  const list = [
    advantages.component,
    ...(average ? [weightAverageComponent(average, learner)] : []),
    ...(magnet ? [magnetComponent(magnet)] : []),
    opponents.component,
  ];
  return { advantages, opponents, ...(average ? { average } : {}), ...(magnet ? { magnet } : {}), list };
}
