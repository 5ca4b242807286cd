import { type Kernels, withKernels } from '../../lm/kernels/index.ts';
import { createModel, type LmModel, resolveModelConfig, scoreCompletions } from '../../lm/index.ts';
import type { LocalSamplerLearner } from '../../learner/pass-learner.ts';
import { createRunLearner, type RemoteLearnerSettings } from '../run-learner.ts';
import { referencePairs, referenceSequences } from '../../learner/reference-logprobs.ts';
import type { LlmJudgeDeps, LlmJudgeStats } from '../../preference/index.ts';
import type { RngState } from '../../spec/rng.ts';
import type { RunEvent } from '../../spec/run-events.ts';
import type { RunStore, SampleRow } from '../../store/run-store.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import {
  componentsAfterStep,
  restoreComponents,
  type ComponentState,
  type TrainingComponent,
} from '../components/training-component.ts';
import { latestRunCheckpoint, saveRunCheckpoint } from '../run-checkpoint.ts';
import { createWeightAverage, weightAverageComponent } from '../weight-average.ts';
import { compareSamples } from './compare-samples.ts';
import { type CuratedBatch, curateBatch, type ScoredSample, scoreSamples } from './curate-batch.ts';
import type { IterationConfig } from './iteration-config.ts';
import { type IterationSetup, readIterationTarget } from './iteration-target.ts';
import { createIterateSampler, type IterateSampler } from './iterate-sampler.ts';
import { headlineMetric, type IterationTarget, measureIterate } from './measure-iterate.ts';
import { drawListedResponses, type ResponseSample } from './response-samples.ts';
import { supervisedWarmup } from './supervised-warmup.ts';

export interface IterationRunOptions {
  readonly config: IterationConfig;
  readonly store?: RunStore;
  readonly onEvent?: (event: RunEvent) => void;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  /** Continue the store's run from its latest checkpoint. */
  readonly resume?: boolean;
  /** What the LLM judge (`config.judge`) reaches outside itself: fetch, sleep between retries, … */
  readonly judgeDeps?: LlmJudgeDeps;
  /** Train with a learner in another process or at a service (train/run-learner.ts); default in this process. */
  readonly remoteLearner?: RemoteLearnerSettings;
}

export interface IterationRunResult {
  readonly iterations: number;
  /** The headline metric's name and its value after each measured iteration (0 is after the warm-up). */
  readonly metric: string;
  /** Seconds since the warm-up ended (which `minutes` counts from), per measured iteration. */
  readonly curve: readonly { readonly iteration: number; readonly value: number; readonly seconds: number }[];
  /** The warm-up's wall time (0 when resumed). */
  readonly warmupSeconds: number;
  readonly checkpoint?: string;
  /** The LLM judge's requests and invalid verdicts, when the run had one. */
  readonly judge?: LlmJudgeStats;
}

/**
 * The outer-iteration loop of the preference and SPIN recipes (docs/recipes.md): per iteration the live weights are
 * frozen as the iterate π_t, which samples K free-text responses per prompt (in process, or through a server that
 * first loads its weights: `config.sampler`, iterate-sampler.ts); the oracle (the preference file's matrix, or an
 * LLM judge: iteration-target.ts) compares them, every comparison started at once (or data responses are drawn),
 * the recipe's curation makes a batch, the frozen iterate's log-probs are computed once as the reference, and the
 * learner takes `epochs` steps on the batch. `window` > 1 keeps the batches of earlier iterations (SPIN). Measured
 * exactly every `evaluation.every` iterations; resumable from its checkpoints bit for bit.
 * Seed streams: 1 initial weights, 2 sampling, 4 data draws, 6 warm-up.
 */
export async function trainIterations(options: IterationRunOptions): Promise<IterationRunResult> {
  const { config } = options;
  return withKernels(config.threads, (kernels) => runIterations(options, kernels));
}

async function runIterations(options: IterationRunOptions, kernels: Kernels): Promise<IterationRunResult> {
  const setup = await readIterationTarget(options.config, {
    ...(options.judgeDeps ? { judgeDeps: options.judgeDeps } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const sampler = await createIterateSampler({
      config: options.config,
      prompts: targetPrompts(setup.target),
      now: options.now ?? (() => performance.now()),
    });
    try {
      const result = await playIterations(options, kernels, setup, sampler);
      return setup.judge ? { ...result, judge: setup.judge.stats() } : result;
    } finally {
      await sampler.close();
    }
  } finally {
    setup.judge?.close();
  }
}

function targetPrompts(target: IterationTarget) {
  return target.kind === 'preferences' ? target.set.prompts : target.data.prompts;
}

async function playIterations(
  options: IterationRunOptions,
  kernels: Kernels,
  { target, oracle, judge }: IterationSetup,
  sampler: IterateSampler,
): Promise<IterationRunResult> {
  const { config, store } = options;
  const now = options.now ?? (() => performance.now());
  const emit = options.onEvent ?? (() => {});
  const prompts = targetPrompts(target);

  const saved = options.resume ? await latestRunCheckpoint(store) : undefined;
  const modelConfig = resolveModelConfig(config.model.config, config.model.preset);
  const initial = createModel({ kernels, config: modelConfig, rng: createRng(deriveSeed(config.seed, 1)) });
  const learner = await createRunLearner({
    model: initial,
    optim: config.optim,
    threads: config.threads,
    tags: [config.recipe],
    ...(saved ? { saved: saved.learner } : {}),
    ...(options.remoteLearner ? { remote: options.remoteLearner } : {}),
  });
  const samplingRng = createRng(saved?.rng ?? deriveSeed(config.seed, 2));
  const warmupStarted = now();
  if (!saved && config.warmup.steps > 0) {
    const loss = await supervisedWarmup({
      learner,
      prompts,
      ...config.warmup,
      rng: createRng(deriveSeed(config.seed, 6)),
    });
    store?.addMetrics(0, { 'warmup/loss': loss, 'warmup/seconds': (now() - warmupStarted) / 1000 });
  }
  const warmupSeconds = (now() - warmupStarted) / 1000;
  const { model } = await learner.publish();
  const started = now();
  const loop = {
    dataRng: createRng(deriveSeed(config.seed, 4)),
    window: [] as CuratedBatch[],
    /** Seconds of earlier sessions of a resumed run. */
    before: 0,
  };
  const seconds = () => loop.before + (now() - started) / 1000;
  // The magnet μ: the policy the warm-up left, fixed for the run.
  const magnet =
    config.magnet.alpha > 0 ? createModel({ kernels, config: modelConfig, params: model.params() }) : undefined;
  const average =
    config.average.decay > 0
      ? createWeightAverage({ like: model, initial: model.params(), decay: config.average.decay })
      : undefined;
  const components: TrainingComponent[] = [
    {
      key: 'iterations',
      save: () => ({
        fields: { dataRng: loop.dataRng.state(), window: loop.window, seconds: seconds() },
        weights: new Map(),
      }),
      restore(state) {
        loop.dataRng = createRng(state.fields.dataRng as RngState);
        loop.window = state.fields.window as CuratedBatch[];
        loop.before = state.fields.seconds as number;
      },
    },
    ...(magnet
      ? [
          {
            key: 'magnet',
            save: () => ({ fields: {}, weights: new Map([['magnet', magnet.params().slice()]]) }),
            restore: (state: ComponentState) => void magnet.params().set(state.weights.get('magnet')!),
          },
        ]
      : []),
    ...(average ? [weightAverageComponent(average, learner)] : []),
  ];
  if (saved) await restoreComponents(components, saved.components);
  /** The policy the run reports and saves: the weight average when there is one. */
  const reported = average?.model ?? model;
  const deadline = config.minutes === undefined ? Number.POSITIVE_INFINITY : started + config.minutes * 60_000;
  const metric = headlineMetric(target);
  const curve: { iteration: number; value: number; seconds: number }[] = [];
  const measure = (iteration: number, loss: number) => {
    const measured = measureIterate(reported, target);
    store?.addMetrics(iteration, measured);
    curve.push({ iteration, value: measured[metric]!, seconds: seconds() });
    emit({ type: 'iteration-end', iteration, iterations: config.iterations, loss, seconds: seconds(), measured });
  };
  if (!saved) measure(0, Number.NaN);

  // π_t, frozen: the live weights copied in at the start of every iteration (one model, reused).
  const iterate = createModel({ kernels, config: modelConfig, params: model.params() });
  let iteration = saved?.step ?? 0;
  let lastSaved: string | undefined;
  const checkpoint = async () => {
    const path = await saveRunCheckpoint({ store, learner, samplingRng, emit, model }, components, iteration);
    if (path) lastSaved = path;
  };
  try {
    while (iteration < config.iterations && now() < deadline) {
      options.signal?.throwIfAborted();
      iteration++;
      iterate.params().set(model.params());
      const drawn = await sampler.sample({
        iterate,
        iteration,
        rng: samplingRng,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const own = drawn.samples;
      const data =
        target.kind === 'data'
          ? drawListedResponses({ prompts: target.data.prompts, samples: config.samples, rng: loop.dataRng })
          : [];
      const scored: ScoredSample[] = oracle
        ? scoreSamples({
            samples: own,
            prefer: await compareSamples({ samples: own, oracle }),
            curate: config.curate,
            ...(magnet ? { magnet: { alpha: config.magnet.alpha, logRatio: magnetLogRatios(own, magnet) } } : {}),
          })
        : own.map((s) => ({ ...s, reward: 0, shaped: 0 }));
      loop.window = [...loop.window, curateBatch(config.curate, scored, data)].slice(-config.window);
      const loss = await trainOnBatches(learner, loop.window, iterate, config);
      await componentsAfterStep(components, iteration);
      store?.addSamples(
        sampleRows(config.recipe, iteration, prompts, [
          ...scored,
          ...data.map((d) => ({ ...d, reward: 1, shaped: 1 })),
        ]),
      );
      store?.addMetrics(iteration, {
        loss,
        seconds: seconds(),
        'samples/other_share': own.filter((s) => s.listed < 0).length / own.length,
        'samples/mean_reward': scored.reduce((s, x) => s + x.reward, 0) / Math.max(1, scored.length),
        ...drawn.metrics,
        ...(judge ? judgeMetrics(judge.stats()) : {}),
      });
      const last = iteration === config.iterations || now() >= deadline;
      if (iteration % config.evaluation.every === 0 || last) measure(iteration, loss);
      else emit({ type: 'iteration-end', iteration, iterations: config.iterations, loss, seconds: seconds() });
      if (iteration % config.checkpointEvery === 0 && !last) await checkpoint();
    }
    // A resumed run that had already finished still reports where it stands.
    if (curve.at(-1)?.iteration !== iteration) measure(iteration, Number.NaN);
    await checkpoint();
  } finally {
    await learner.close?.();
  }
  return { iterations: iteration, metric, curve, warmupSeconds, ...(lastSaved ? { checkpoint: lastSaved } : {}) };
}

/** The judge's running totals (this session's, on resume), as metrics. */
function judgeMetrics(stats: LlmJudgeStats): Record<string, number> {
  return {
    'judge/requests': stats.requests,
    'judge/pairs': stats.pairs,
    'judge/invalid_verdicts': stats.invalidVerdicts,
  };
}

/** log π_t(y) − log μ(y) per sample: the magnet's shaping reads how far the iterate has moved from μ on it. */
function magnetLogRatios(samples: readonly ResponseSample[], magnet: LmModel): number[] {
  const anchored = scoreCompletions({
    model: magnet,
    items: samples.map((s) => ({ prompt: s.promptTokens, completion: s.completionTokens })),
  });
  return samples.map((s, i) => s.tokenLogprobs.reduce((a, b) => a + b, 0) - anchored[i]!.modelLogprob);
}

/**
 * `epochs` optimizer steps, each on every batch of the window with the reference's log-probs computed once, here,
 * by the frozen iterate. Returns the mean loss over the steps.
 */
async function trainOnBatches(
  learner: LocalSamplerLearner,
  window: readonly CuratedBatch[],
  reference: LmModel,
  config: IterationConfig,
): Promise<number> {
  const pairs = window.flatMap((b) => (b.kind === 'pairs' ? b.pairs : []));
  const sequences = window.flatMap((b) => (b.kind === 'sequences' ? b.sequences : []));
  const samples = window.flatMap((b) => (b.kind === 'samples' ? b.samples : []));
  const scoredPairs = referencePairs({ reference, items: pairs });
  const scoredSequences = referenceSequences({ reference, items: sequences });
  const { loss: spec } = config;
  let total = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    if (spec.kind === 'sppo') total += (await learner.forwardBackwardSequences(scoredSequences, spec)).loss;
    else if (spec.kind === 'ppo-clip' || spec.kind === 'reinforce')
      total += (await learner.forwardBackward(samples, spec)).loss;
    else if (scoredPairs.length > 0) total += (await learner.forwardBackwardPairs(scoredPairs, spec)).loss;
    await learner.optimStep();
  }
  return total / config.epochs;
}

/** Every response of the iteration as a run-store sample row (exported with `selfplay export`). */
function sampleRows(
  recipe: string,
  iteration: number,
  prompts: readonly { readonly prompt: string }[],
  scored: readonly ScoredSample[],
): SampleRow[] {
  return scored.map((s, i) => ({
    step: iteration,
    game: recipe,
    role: 0,
    seed: 0,
    episode: s.prompt,
    turn: i,
    prompt: prompts[s.prompt]!.prompt,
    completion: s.text,
    promptTokenIds: s.promptTokens,
    completionTokenIds: s.completionTokens,
    logprobs: s.tokenLogprobs,
    reward: s.reward,
    advantage: s.shaped,
  }));
}
