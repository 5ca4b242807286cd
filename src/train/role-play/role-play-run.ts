import { join } from 'node:path';
import { type Kernels, withKernels } from '../../lm/kernels/index.ts';
import { createModel, type LmModel, loadModel } from '../../lm/index.ts';
import type { LocalSamplerLearner } from '../../learner/pass-learner.ts';
import type { TrainingSample } from '../../spec/learner.ts';
import type { Policy } from '../../spec/policy.ts';
import type { Rng } from '../../spec/rng.ts';
import type { RunEvent } from '../../spec/run-events.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import type { RunStore, SampleRow } from '../../store/run-store.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { componentsAfterStep, restoreComponents, type TrainingComponent } from '../components/training-component.ts';
import { latestRunCheckpoint, saveRunCheckpoint } from '../run-checkpoint.ts';
import { createRunLearner } from '../run-learner.ts';
import { policyWriter } from './policy-writer.ts';
import type { RolePlayRunConfig } from './role-play-config.ts';
import { lmWriter, type ScoredReply, type Writer, type WriterFactory } from './writer.ts';

/** A scored reply of any role, labelled with its row's game (`azr/deduction`, `spc/critique`). */
export interface RolePlaySample extends ScoredReply {
  readonly game: string;
}

export interface RolePlayStepOutcome {
  readonly samples: readonly RolePlaySample[];
  readonly metrics: Record<string, number>;
}

/**
 * One recipe's episode protocol over the shared loop (research/systems.md §3: roles, an episode, verifiers, reward
 * shapers, an advantage estimator): which roles there are, one step of play, its own state, and how the model it
 * trains is measured. Absolute Zero's propose → solve and SPC's corrupt → critique are two of these.
 */
export interface RolePlayProtocol {
  /** Every role, in row-seat order (a sample row's `role` is the index here). */
  readonly roles: readonly string[];
  /** With `roles: separate`, the roles the second model plays (its own learner, its own samples); the rest play the
   * evaluated model. */
  readonly secondModelRoles: readonly string[];
  /** The checkpoint component's name, and the protocol's state saved with every checkpoint (fields only). */
  readonly stateKey: string;
  saveState(): Record<string, unknown>;
  restoreState(fields: Readonly<Record<string, unknown>>): void;
  /** One step: play, verify, reward, advantages. `context` is the evaluated model's. */
  step(write: Writer, context: number): Promise<RolePlayStepOutcome>;
  /** Measures the evaluated model (or the endpoint playing `evaluatedRole`); `headline` names the curve's figure. */
  evaluate(player: { model: LmModel; policy?: Policy }, signal?: AbortSignal): Promise<Record<string, number>>;
  readonly headline: string;
  /** The role an endpoint must play for the evaluation to measure it instead of the built-in LM. */
  readonly evaluatedRole: string;
}

export interface RolePlayRunOptions {
  readonly config: RolePlayRunConfig;
  /** Makes the protocol from its task RNG (seed stream 3, restored from checkpoints through `restoreState`). */
  readonly protocol: (taskRng: Rng) => RolePlayProtocol;
  readonly store?: RunStore;
  readonly onEvent?: (event: RunEvent) => void;
  readonly onStep?: (step: number, metrics: Readonly<Record<string, number>>) => void;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  readonly resume?: boolean;
  /** Who writes the built-in LM's replies (default `lmWriter`, temperature 1); tests script one. */
  readonly writer?: WriterFactory;
  /** Endpoints (or any policies) playing roles instead of the built-in LM: judged, never trained. */
  readonly players?: Readonly<Record<string, Policy>>;
}

export interface RolePlayRunResult {
  readonly steps: number;
  /** The headline figure after each evaluation (step 0 is BASE). */
  readonly curve: readonly { readonly step: number; readonly value: number; readonly seconds: number }[];
  /** The last evaluation's metrics. */
  readonly evaluation: Readonly<Record<string, number>>;
  readonly checkpoint?: string;
}

/**
 * The loop every role-play recipe shares (docs/absolute-zero.md, docs/self-play-critic.md): per step one protocol
 * step, then `epochs` PPO-clip updates on its samples through the run's learner (shared roles) or two learners
 * (separate roles: the second model's on its roles' samples only). The evaluated model is measured every
 * `evaluation.every` steps and saved. Resumable bit for bit: the protocol's state, the run clock and the second
 * model's learner are checkpoint components. Seed streams: 2 sampling, 3 the protocol's task draws.
 */
export async function runRolePlay(options: RolePlayRunOptions): Promise<RolePlayRunResult> {
  return withKernels(options.config.threads, (kernels) => run(options, kernels));
}

async function run(options: RolePlayRunOptions, kernels: Kernels): Promise<RolePlayRunResult> {
  const { config, store } = options;
  const now = options.now ?? (() => performance.now());
  const emit = options.onEvent ?? (() => {});
  const saved = options.resume ? await latestRunCheckpoint(store) : undefined;
  // A fresh run starts from BASE; a resumed one takes the model config from its own checkpoint (the learner's saved
  // state then replaces the weights), so BASE may have moved since.
  const start = saved ? join(store!.dir, store!.latestCheckpoint()!.path) : resolveCheckpoint(config.checkpoint).dir;
  const { model } = await loadModel(start, { kernels });
  const learner = await createRunLearner({
    model,
    optim: config.optim,
    threads: config.threads,
    tags: [config.recipe],
    ...(saved ? { saved: saved.learner } : {}),
  });
  const protocol = options.protocol(createRng(deriveSeed(config.seed, 3)));
  const secondModel =
    config.roles === 'separate' ? createModel({ kernels, config: model.config, params: model.params() }) : undefined;
  const secondLearner = secondModel
    ? await createRunLearner({ model: secondModel, optim: config.optim, threads: config.threads })
    : undefined;
  const onSecond = (role: string) => secondLearner !== undefined && protocol.secondModelRoles.includes(role);
  const samplingRng = createRng(saved?.rng ?? deriveSeed(config.seed, 2));
  const started = now();
  let before = 0;
  const seconds = () => before + (now() - started) / 1000;
  const components: TrainingComponent[] = [
    {
      key: protocol.stateKey,
      save: () => ({ fields: { ...protocol.saveState(), seconds: seconds() }, weights: new Map() }),
      restore(state) {
        protocol.restoreState(state.fields);
        before = state.fields.seconds as number;
      },
    },
    ...(secondLearner ? [secondModelComponent(secondLearner)] : []),
  ];
  if (saved) await restoreComponents(components, saved.components);

  const models = Object.fromEntries(
    protocol.roles.map((role) => [role, onSecond(role) ? secondModel! : model] as const),
  );
  const lm = (options.writer ?? lmWriter)({ models, rng: samplingRng, maxTokens: config.maxTokens });
  const players = options.players ?? {};
  const write =
    Object.keys(players).length === 0 ? lm : policyWriter({ policies: players, fallback: lm, rng: samplingRng });
  const deadline = config.minutes === undefined ? Number.POSITIVE_INFINITY : started + config.minutes * 60_000;
  const curve: { step: number; value: number; seconds: number }[] = [];
  let evaluation: Record<string, number> = {};
  const endpoint = players[protocol.evaluatedRole];
  const measure = async (step: number, loss: number) => {
    evaluation = await protocol.evaluate({ model, ...(endpoint ? { policy: endpoint } : {}) }, options.signal);
    store?.addMetrics(step, evaluation);
    curve.push({ step, value: evaluation[protocol.headline]!, seconds: seconds() });
    emit({
      type: 'iteration-end',
      iteration: step,
      iterations: config.steps,
      loss,
      seconds: seconds(),
      measured: evaluation,
    });
  };
  if (!saved) await measure(0, Number.NaN);

  let step = saved?.step ?? 0;
  let lastSaved: string | undefined;
  const checkpoint = async () => {
    const path = await saveRunCheckpoint({ store, learner, samplingRng, emit, model }, components, step);
    if (path) lastSaved = path;
  };
  try {
    while (step < config.steps && now() < deadline) {
      options.signal?.throwIfAborted();
      step++;
      const rolloutStarted = now();
      const outcome = await protocol.step(write, model.config.context);
      const updateStarted = now();
      const trained = outcome.samples.filter((s) => s.completionTokens.length > 0);
      const loss =
        (secondLearner
          ? await update(
              secondLearner,
              trained.filter((s) => onSecond(s.role)),
              config,
            )
          : 0) +
        (await update(
          learner,
          trained.filter((s) => !onSecond(s.role)),
          config,
        ));
      await componentsAfterStep(components, step);
      store?.addSamples(sampleRows(protocol.roles, step, outcome.samples));
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
    await secondLearner?.close?.();
  }
  return { steps: step, curve, evaluation, ...(lastSaved ? { checkpoint: lastSaved } : {}) };
}

/** `epochs` PPO-clip steps on `samples` against their sampling log-probs; the mean loss (0 with no samples). */
async function update(
  learner: LocalSamplerLearner,
  samples: readonly RolePlaySample[],
  config: RolePlayRunConfig,
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

/**
 * With separate roles, the second model's weights and AdamW state, saved beside the evaluated model's (folders
 * `proposer`, `proposer-m`, `proposer-v`: the name Absolute Zero's runs gave them first, kept so they resume).
 */
function secondModelComponent(learner: LocalSamplerLearner): TrainingComponent {
  return {
    key: 'second-model',
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

/** Every reply of the step as a run-store row (`selfplay export`): the protocol's game label, its role's seat. */
function sampleRows(roles: readonly string[], step: number, samples: readonly RolePlaySample[]): SampleRow[] {
  const episode = new Map<string, number>();
  return samples.map((s) => {
    const index = episode.get(s.game) ?? 0;
    episode.set(s.game, index + 1);
    return {
      step,
      game: s.game,
      role: roles.indexOf(s.role),
      seed: 0,
      episode: index,
      turn: 0,
      prompt: s.prompt,
      completion: s.text,
      promptTokenIds: s.promptTokens,
      completionTokenIds: s.completionTokens,
      logprobs: s.logprobs,
      reward: s.reward,
      advantage: s.advantage,
    };
  });
}
