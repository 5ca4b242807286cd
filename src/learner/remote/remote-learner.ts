import type { AdamwConfig } from '../../lm/adamw.ts';
import type { LmModel } from '../../lm/index.ts';
import type { LearnerState } from '../../spec/learner.ts';
import { createPassLearner, type LocalSamplerLearner } from '../pass-learner.ts';
import type { WeighedPass } from '../weighed-pass.ts';
import { decodeLearnerState, encodeLearnerState } from './state-file.ts';
import { RemoteLearnerError, type TinkerClient } from './tinker-client.ts';
import {
  type AdamParams,
  createModelResponseSchema,
  createSessionResponseSchema,
  type Datum,
  floatTensor,
  forwardBackwardOutputSchema,
  intTensor,
  optimStepResponseSchema,
  savedPathResponseSchema,
} from './tinker-wire.ts';

export interface RemoteLearnerOptions {
  readonly client: TinkerClient;
  /** The service's name for the model to train (`create_model`'s `base_model`). */
  readonly baseModel: string;
  /** The local model the trainer's sampler plays: after every optimizer step the learner's new weights are copied in. */
  readonly sampler: LmModel;
  /** AdamW as the in-process learner would run it; sent in full with every `optim_step`. */
  readonly optim: AdamwConfig;
  /** Distinct sequences per datum list (default 32, the in-process learner's micro-batch). */
  readonly microBatch?: number;
  /** Names the run in `create_session`'s tags. */
  readonly tags?: readonly string[];
  /** `create_model`'s LoRA rank, for services that train adapters (Tinker, SkyRL; default 32); learner-serve ignores it. */
  readonly loraRank?: number;
}

/**
 * The `Learner` contract over a Tinker-compatible training service (`selfplay learner-serve`, or Tinker itself for a
 * model whose weights this process can hold). Every loss runs Tinker's custom-loss way: a `forward` returns the
 * current log-probs, the loss's token weights are computed here by the same code the in-process learner runs
 * (pass-learner.ts), and a `forward_backward` with `cross_entropy` and those weights accumulates the gradient — so the
 * service needs no loss of ours, and against `learner-serve` the gradient is the in-process one to the bit. After each
 * `optim_step` the weights are saved for sampling and copied into the local sampler model: the sync that keeps
 * self-play on-policy.
 */
export async function createRemoteLearner(options: RemoteLearnerOptions): Promise<LocalSamplerLearner> {
  const { client, sampler, optim } = options;
  const { session_id } = await client.post(
    '/api/v1/create_session',
    {
      tags: ['selfplay', ...(options.tags ?? [])],
      user_metadata: null,
      sdk_version: 'selfplay',
      type: 'create_session',
    },
    createSessionResponseSchema,
  );
  const { model_id } = await client.call(
    '/api/v1/create_model',
    {
      session_id,
      model_seq_id: 0,
      base_model: options.baseModel,
      lora_config: { rank: options.loraRank ?? 32 },
      type: 'create_model',
    },
    createModelResponseSchema,
  );
  let seq = 0;
  let version = 0;
  const ids = () => ({ model_id, seq_id: seq++ });
  const archive = (path: string) => {
    const [, kind, name] = path.replace(/^[a-z]+:\/\//, '').split('/');
    return `/api/v1/training_runs/${model_id}/checkpoints/${kind}/${name}/archive`;
  };
  const download = async (path: string) =>
    decodeLearnerState(await client.download(archive(path)), `${client.baseUrl} ${path}`, sampler.layout.total);
  let syncSeconds = 0;
  const syncSampler = async () => {
    const started = performance.now();
    // A fresh name per version: Tinker-compatible services refuse to overwrite a checkpoint (SkyRL answers 409).
    const { path } = await client.call(
      '/api/v1/save_weights_for_sampler',
      { ...ids(), path: `sampler-${version}-${seq}`, type: 'save_weights_for_sampler' },
      savedPathResponseSchema,
    );
    sampler.params().set((await download(path)).params);
    syncSeconds += (performance.now() - started) / 1000;
  };

  // Tinker's JSON API has `forward`; a service without it (SkyRL's) gets a forward_backward with zero weights, which
  // reads the same log-probs and adds exactly nothing to the gradient.
  let hasForward = true;
  const readLogprobs = async (data: Datum[]) => {
    if (hasForward) {
      try {
        return await client.call(
          '/api/v1/forward',
          { forward_input: { data, loss_fn: 'cross_entropy' }, ...ids() },
          forwardBackwardOutputSchema,
        );
      } catch (error) {
        if (!(error instanceof RemoteLearnerError && error.status === 404)) throw error;
        hasForward = false;
      }
    }
    return client.call(
      '/api/v1/forward_backward',
      { forward_backward_input: { data, loss_fn: 'cross_entropy' }, ...ids() },
      forwardBackwardOutputSchema,
    );
  };

  const pass: WeighedPass = async (sequences, weigh) => {
    const datums = (weights?: readonly ArrayLike<number>[]): Datum[] =>
      sequences.map((s, b) => ({
        model_input: { chunks: [{ type: 'encoded_text', tokens: s.tokens.slice(0, -1) }] },
        loss_fn_inputs: {
          target_tokens: intTensor(s.tokens.slice(1)),
          weights: floatTensor(weights?.[b] ?? new Float64Array(s.tokens.length - 1)),
        },
      }));
    const forward = await readLogprobs(datums());
    const logprobs = forward.loss_fn_outputs.map((out, b) => {
      const values = out['logprobs']?.data;
      if (values?.length !== sequences[b]!.tokens.length - 1) {
        throw new RangeError(
          `the learner's forward returned ${values?.length} log-probs for datum ${b}, not ${sequences[b]!.tokens.length - 1}`,
        );
      }
      return Float32Array.from(values);
    });
    const weights = weigh(logprobs);
    await client.call(
      '/api/v1/forward_backward',
      { forward_backward_input: { data: datums(weights), loss_fn: 'cross_entropy' }, ...ids() },
      forwardBackwardOutputSchema,
    );
  };

  const learner = createPassLearner(
    {
      pass,
      async optimStep(lr) {
        const adam: AdamParams = {
          learning_rate: lr ?? optim.lr,
          beta1: optim.beta1,
          beta2: optim.beta2,
          eps: optim.eps,
          weight_decay: optim.weightDecay,
          grad_clip_norm: optim.gradClip,
        };
        const { metrics } = await client.call(
          '/api/v1/optim_step',
          { adam_params: adam, ...ids() },
          optimStepResponseSchema,
        );
        version = metrics?.['step'] ?? version + 1;
        await syncSampler();
        return { step: version, gradNorm: metrics?.['grad_norm'] ?? Number.NaN };
      },
      publish: async () => ({ version, params: () => sampler.params(), model: sampler }),
      syncSeconds: () => syncSeconds,
      async save(): Promise<LearnerState> {
        const { path } = await client.call(
          '/api/v1/save_weights',
          { ...ids(), path: `state-${version}-${seq}`, overwrite: true, type: 'save_weights' },
          savedPathResponseSchema,
        );
        const state = await download(path);
        if (!state.optimizer) throw new RangeError(`${client.baseUrl} saved ${path} without its optimizer state`);
        return { params: state.params, optimizer: state.optimizer };
      },
      async restore(state) {
        const name = `restore-${state.optimizer.step}-${seq}`;
        const { path } = savedPathResponseSchema.parse(
          await client.upload(
            `/api/v1/training_runs/${model_id}/checkpoints/weights/${name}`,
            encodeLearnerState(state),
          ),
        );
        await client.call(
          '/api/v1/load_weights',
          { ...ids(), path, optimizer: true, type: 'load_weights' },
          savedPathResponseSchema,
        );
        version = state.optimizer.step;
        sampler.params().set(state.params);
      },
    },
    options.microBatch === undefined ? {} : { microBatch: options.microBatch },
  );
  await syncSampler(); // the sampler starts from the service's weights, whatever they are
  return learner;
}
