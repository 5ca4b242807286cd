import { join } from 'node:path';
import type { TaskType } from '../../executors/index.ts';
import { type Kernels, withKernels } from '../../lm/kernels/index.ts';
import { createModel, type LmModel, loadModel } from '../../lm/index.ts';
import type { LocalSamplerLearner } from '../../learner/pass-learner.ts';
import type { TrainingSample } from '../../spec/learner.ts';
import type { RngState } from '../../spec/rng.ts';
import type { RunEvent } from '../../spec/run-events.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import type { RunStore, SampleRow } from '../../store/run-store.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { componentsAfterStep, restoreComponents, type TrainingComponent } from '../components/training-component.ts';
import { latestRunCheckpoint, saveRunCheckpoint } from '../run-checkpoint.ts';
import { createRunLearner } from '../run-learner.ts';
import { benchmarkAccuracy, readBenchmark } from './benchmark-accuracy.ts';
import type { ProposeSolveConfig } from './propose-solve-config.ts';
import { proposeSolveStep, type Role, type StepSample } from './propose-solve-step.ts';
import { seedBuffers, type TaskBuffers } from './task-buffer.ts';
import { lmWriter, type WriterFactory } from './writer.ts';

export { lmWriter, type WriterFactory };

export interface ProposeSolveRunOptions {
  readonly config: ProposeSolveConfig;
  readonly store?: RunStore;
  readonly onEvent?: (event: RunEvent) => void;
  /** Every step's metrics, as they are recorded. */
  readonly onStep?: (step: number, metrics: Readonly<Record<string, number>>) => void;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  /** Continue the store's run from its latest checkpoint. */
  readonly resume?: boolean;
  /** Who writes the replies (default `lmWriter`: the built-in LM at temperature 1); tests script one. */
  readonly writer?: WriterFactory;
}

export interface ProposeSolveRunResult {
  readonly steps: number;
  /** `benchmark/all` after each evaluation (step 0 is BASE). */
  readonly curve: readonly { readonly step: number; readonly accuracy: number; readonly seconds: number }[];
  /** The last evaluation's metrics (`benchmark/<type>`, `benchmark/all`). */
  readonly benchmark: Readonly<Record<string, number>>;
  readonly checkpoint?: string;
}

/**
 * Absolute Zero's online loop (docs/absolute-zero.md): per step one `proposeSolveStep` (propose → validate →
 * learnability → solve → TRR++), then `epochs` PPO-clip updates on the step's proposer and solver samples, through the
 * run's learner (both roles shared) or two learners (separate roles: the proposer's on proposer samples only, the
 * solver's on solver samples). The solver is what the run measures and saves. Resumable bit for bit from its
 * checkpoints: the buffers, the task RNG and the proposer's learner are components.
 * Seed streams: 2 sampling, 3 task draws.
 */
export async function trainProposeSolve(options: ProposeSolveRunOptions): Promise<ProposeSolveRunResult> {
  const { config } = options;
  return withKernels(config.threads, (kernels) => run(options, kernels));
}

async function run(options: ProposeSolveRunOptions, kernels: Kernels): Promise<ProposeSolveRunResult> {
  const { config, store } = options;
  const now = options.now ?? (() => performance.now());
  const emit = options.onEvent ?? (() => {});
  const saved = options.resume ? await latestRunCheckpoint(store) : undefined;
  // A fresh run starts from BASE; a resumed one takes the model config from its own checkpoint (the learner's saved
  // state then replaces the weights), so BASE may have moved since.
  const start = saved ? join(store!.dir, store!.latestCheckpoint()!.path) : resolveCheckpoint(config.checkpoint).dir;
  const { model: solver } = await loadModel(start, { kernels });
  const learner = await createRunLearner({
    model: solver,
    optim: config.optim,
    threads: config.threads,
    tags: [config.recipe],
    ...(saved ? { saved: saved.learner } : {}),
  });
  const proposerModel =
    config.roles === 'separate' ? createModel({ kernels, config: solver.config, params: solver.params() }) : undefined;
  const proposerLearner = proposerModel
    ? await createRunLearner({ model: proposerModel, optim: config.optim, threads: config.threads })
    : undefined;
  const samplingRng = createRng(saved?.rng ?? deriveSeed(config.seed, 2));
  const started = now();
  const loop = { buffers: seedBuffers(), taskRng: createRng(deriveSeed(config.seed, 3)), before: 0 };
  const seconds = () => loop.before + (now() - started) / 1000;
  const components: TrainingComponent[] = [
    {
      key: 'propose-solve',
      save: () => ({
        fields: { buffers: loop.buffers, taskRng: loop.taskRng.state(), seconds: seconds() },
        weights: new Map(),
      }),
      restore(state) {
        loop.buffers = state.fields.buffers as TaskBuffers;
        loop.taskRng = createRng(state.fields.taskRng as RngState);
        loop.before = state.fields.seconds as number;
      },
    },
    ...(proposerLearner ? [proposerComponent(proposerLearner)] : []),
  ];
  if (saved) await restoreComponents(components, saved.components);

  const models: Record<Role, LmModel> = { propose: proposerModel ?? solver, solve: solver };
  const write = (options.writer ?? lmWriter)({ models, rng: samplingRng, maxTokens: config.maxTokens });
  const tasks = await readBenchmark(config.evaluation.tasks, config.evaluation.perType);
  const deadline = config.minutes === undefined ? Number.POSITIVE_INFINITY : started + config.minutes * 60_000;
  const curve: { step: number; accuracy: number; seconds: number }[] = [];
  let benchmark: Record<string, number> = {};
  const measure = async (step: number, loss: number) => {
    benchmark = await benchmarkAccuracy({
      model: solver,
      tasks,
      seed: config.evaluation.seed,
      maxTokens: config.evaluation.maxTokens,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    store?.addMetrics(step, benchmark);
    curve.push({ step, accuracy: benchmark['benchmark/all']!, seconds: seconds() });
    emit({
      type: 'iteration-end',
      iteration: step,
      iterations: config.steps,
      loss,
      seconds: seconds(),
      measured: benchmark,
    });
  };
  if (!saved) await measure(0, Number.NaN);

  let step = saved?.step ?? 0;
  let lastSaved: string | undefined;
  const checkpoint = async () => {
    const path = await saveRunCheckpoint({ store, learner, samplingRng, emit, model: solver }, components, step);
    if (path) lastSaved = path;
  };
  try {
    while (step < config.steps && now() < deadline) {
      options.signal?.throwIfAborted();
      step++;
      const rolloutStarted = now();
      const outcome = await proposeSolveStep({
        settings: config,
        buffers: loop.buffers,
        write,
        rng: loop.taskRng,
        context: solver.config.context,
      });
      const updateStarted = now();
      const trained = outcome.samples.filter((s) => s.completionTokens.length > 0);
      const loss = proposerLearner
        ? (await update(
            proposerLearner,
            trained.filter((s) => s.role === 'propose'),
            config,
          )) +
          (await update(
            learner,
            trained.filter((s) => s.role === 'solve'),
            config,
          ))
        : await update(learner, trained, config);
      await componentsAfterStep(components, step);
      store?.addSamples(sampleRows(config.recipe, step, outcome.samples));
      const metrics = {
        ...outcome.metrics,
        loss,
        seconds: seconds(),
        rollout_seconds: (updateStarted - rolloutStarted) / 1000,
        update_seconds: (now() - updateStarted) / 1000,
      };
      store?.addMetrics(step, metrics);
      options.onStep?.(step, metrics);
      const last = step === config.steps || now() >= deadline;
      if (step % config.evaluation.every === 0 || last) await measure(step, loss);
      else emit({ type: 'iteration-end', iteration: step, iterations: config.steps, loss, seconds: seconds() });
      if (step % config.checkpointEvery === 0 && !last) await checkpoint();
    }
    // A resumed run that had already finished still reports where it stands.
    if (curve.at(-1)?.step !== step) await measure(step, Number.NaN);
    await checkpoint();
  } finally {
    await learner.close?.();
    await proposerLearner?.close?.();
  }
  return { steps: step, curve, benchmark, ...(lastSaved ? { checkpoint: lastSaved } : {}) };
}

/** `epochs` PPO-clip steps on `samples` against their sampling log-probs; the mean loss (0 with no samples). */
async function update(
  learner: LocalSamplerLearner,
  samples: readonly StepSample[],
  config: ProposeSolveConfig,
): Promise<number> {
  if (samples.length === 0) return 0;
  const batch: TrainingSample[] = samples.map((s) => ({
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    samplingLogprobs: s.logprobs,
    advantage: s.advantage,
  }));
  let total = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    total += (await learner.forwardBackward(batch, config.loss)).loss;
    await learner.optimStep();
  }
  return total / config.epochs;
}

/** With separate roles, the proposer's weights and AdamW state, saved beside the solver's. */
function proposerComponent(learner: LocalSamplerLearner): TrainingComponent {
  return {
    key: 'proposer',
    async save() {
      const state = await learner.save();
      return {
        fields: { proposerOptimizerStep: state.optimizer.step },
        weights: new Map([
          ['proposer', state.params.slice()],
          ['proposer-m', state.optimizer.m.slice()],
          ['proposer-v', state.optimizer.v.slice()],
        ]),
      };
    },
    async restore(state) {
      await learner.restore({
        params: state.weights.get('proposer')!,
        optimizer: {
          m: state.weights.get('proposer-m')!,
          v: state.weights.get('proposer-v')!,
          step: state.fields.proposerOptimizerStep as number,
        },
      });
    },
  };
}

/** Role of a sample row: 0 the proposer, 1 the solver. */
export const roleSeat: Record<Role, number> = { propose: 0, solve: 1 };

/** Every reply of the step as a run-store row (`selfplay export`): game `azr/<type>`, role 0 proposer, 1 solver. */
function sampleRows(recipe: string, step: number, samples: readonly StepSample[]): SampleRow[] {
  const index: Record<TaskType, number> = { deduction: 0, abduction: 0, induction: 0 };
  return samples.map((s) => ({
    step,
    game: `${recipe}/${s.type}`,
    role: roleSeat[s.role],
    seed: 0,
    episode: index[s.type]++,
    turn: 0,
    prompt: s.prompt,
    completion: s.text,
    promptTokenIds: s.promptTokens,
    completionTokenIds: s.completionTokens,
    logprobs: s.logprobs,
    reward: s.reward,
    advantage: s.advantage,
  }));
}
