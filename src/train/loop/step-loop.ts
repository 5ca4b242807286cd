import type { StepMetrics } from '../../spec/run-events.ts';
import type { RunComponents } from '../components/run-components.ts';
import { componentsAfterStep } from '../components/training-component.ts';
import { gameRound } from '../train-config.ts';
import type { TrainingContext } from '../training-context.ts';
import { createFullWidthSteps, type StepInput } from './full-width-step.ts';
import { createSampledStep } from './sampled-step.ts';
import { stepRates } from './step-rates.ts';

/**
 * One online step over every game of the run: full width where the run fits decisions, then the sampled games'
 * step (if any). Its metrics are the sampled step's, with the decisions and samples of all parts.
 */
export function createOnlineStep(ctx: TrainingContext, parts: RunComponents) {
  const fullWidth = createFullWidthSteps(ctx, parts.magnet, parts.opponents);
  const round = gameRound(ctx.config).filter((id) => !fullWidth.some((f) => f.gameId === id));
  const sampledStep = round.length > 0 ? createSampledStep(ctx, parts, round) : undefined;
  return async (input: StepInput): Promise<StepMetrics> => {
    const done: StepMetrics[] = [];
    for (const f of fullWidth) done.push(await f.run(input));
    // A server that plays the live seats gets the learner's newest weights before the games.
    if (sampledStep && ctx.sampler) await ctx.sampler.sync(ctx.model, (await ctx.learner.publish()).version);
    const sampled = sampledStep && (await sampledStep(input));
    if (sampled) done.push(sampled);
    // A sampled step records the run's clock, lr and η itself.
    else
      ctx.store?.addMetrics(input.step, {
        seconds: done.at(-1)!.seconds,
        lr: input.lr,
        ...(parts.magnet ? { eta: input.eta } : {}),
      });
    if (done.length === 1) return done[0]!;
    const { exploitability: _, ...last } = done.at(-1)!;
    return {
      ...last,
      decisions: done.reduce((n, p) => n + p.decisions, 0),
      samples: done.reduce((n, p) => n + p.samples, 0),
      loss: sampled?.loss ?? done.reduce((s, p) => s + p.loss, 0) / done.length,
    };
  };
}

/**
 * SPIRAL's online loop shape: step after step (rollout → update), the components' `afterStep` after each, an
 * `update-end` event, measurements every `evaluation.every` steps and a checkpoint every `checkpointEvery` steps
 * before the last (the run measures and saves its last step itself). Stops at `steps`, at the deadline, or when the
 * signal aborts. Returns the last step taken.
 */
export async function runStepLoop(options: {
  ctx: TrainingContext;
  parts: RunComponents;
  /** The step the run continues from (0 when fresh). */
  from: number;
  started: number;
  deadline: number;
  measure: (step: number) => Promise<void>;
  checkpoint: (step: number) => Promise<unknown>;
}): Promise<number> {
  const { ctx, parts, started } = options;
  const { config } = ctx;
  const onlineStep = createOnlineStep(ctx, parts);
  let step = options.from;
  while (step < config.steps && ctx.now() < options.deadline) {
    ctx.signal?.throwIfAborted();
    step++;
    const metrics = await onlineStep({ step, ...stepRates(config, step), started });
    await componentsAfterStep(parts.list, step);
    ctx.emit({ type: 'update-end', metrics });
    if (step % config.evaluation.every === 0 && step < config.steps) await options.measure(step);
    if (step % config.checkpointEvery === 0 && step < config.steps) await options.checkpoint(step);
  }
  return step;
}
